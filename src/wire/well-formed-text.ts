/**
 * Lone UTF-16 surrogates: JSON and JavaScript strings can hold them, UTF-8 cannot. Every database, hash
 * and cipher on the way rewrites one to U+FFFD, so `"a\ud800"` and `"a\ud801"` would land on the same
 * record key, and a body would read back changed. Client and PoP refuse such text instead.
 */

/** Why a string was refused. */
export const ILL_FORMED_TEXT_MESSAGE =
  'must be well-formed Unicode text (it holds a lone UTF-16 surrogate, which cannot be stored unchanged)';

// With the u flag a surrogate pair is one code point, so only a lone half matches.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * Whether `text` has no lone surrogate.
 *
 * @example
 * isWellFormedText('a😀'); // true
 * isWellFormedText('a\ud800'); // false
 */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/**
 * The path of the first string (or object key) holding a lone surrogate inside plain objects and arrays,
 * or undefined. Other objects (streams, buffers, dates, signals) are not entered.
 *
 * @example
 * illFormedTextPath({ filter: { key1: ['ok', 'x\udc00'] } }); // ['filter', 'key1', 1]
 */
export function illFormedTextPath(value: unknown): (string | number)[] | undefined {
  return findStringPath(value, (text) => !isWellFormedText(text));
}

/**
 * The path of the first string (or object key) inside plain objects and arrays for which `matches` holds.
 *
 * @example
 * findStringPath({ a: ['x', 'y\0'] }, (s) => s.includes('\0')); // ['a', 1]
 */
export function findStringPath(
  value: unknown,
  matches: (text: string) => boolean,
): (string | number)[] | undefined {
  const seen = new Set<object>();
  const visit = (v: unknown, path: (string | number)[]): (string | number)[] | undefined => {
    if (typeof v === 'string') return matches(v) ? path : undefined;
    if (typeof v !== 'object' || v === null || seen.has(v)) return undefined;
    const isArray = Array.isArray(v);
    const proto = Object.getPrototypeOf(v) as unknown;
    if (!isArray && proto !== Object.prototype && proto !== null) return undefined;
    seen.add(v);
    if (isArray) {
      for (let i = 0; i < v.length; i++) {
        const found = visit(v[i], [...path, i]);
        if (found) return found;
      }
      return undefined;
    }
    for (const [key, item] of Object.entries(v)) {
      if (matches(key)) return [...path, key];
      const found = visit(item, [...path, key]);
      if (found) return found;
    }
    return undefined;
  };
  return visit(value, []);
}
