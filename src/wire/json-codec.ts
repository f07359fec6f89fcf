/**
 * JSON that keeps 64-bit integers exact, shared by the client and the PoP. `JSON.parse` turns every
 * number into a double, so an integer past 2^53 is rounded before anyone sees it; Node 20 has no reviver
 * `context.source` to recover the text. Both functions take the native path and redo the work exactly
 * only when a big integer is actually present: parsing checks the parsed tree for numbers a double may
 * have rounded (a walk costs about a tenth of the parse; scanning the text with a regular expression
 * cost more than half), serialising lets `JSON.stringify` fail on a bigint first.
 */

/**
 * Every string token (group 1: a following colon, i.e. an object key) and every integer token of 16+
 * digits that is not part of a fraction or an exponent.
 */
const TOKENS = /"[^"\\]*(?:\\.[^"\\]*)*"(\s*:)?|(?<![\d.eE+-])-?\d{16,}(?![\d.eE])/g;

/**
 * Strings the exact parse marks: big integers become `"\u0000n<digits>"`, and genuine string values
 * that start with U+0000 get one more U+0000 in front, so the reviver can tell them apart.
 */
const ESCAPED_MARK = '\\u0000';

function reviveMarked(_key: string, value: unknown): unknown {
  if (typeof value !== 'string' || value.charCodeAt(0) !== 0) return value;
  return value.charCodeAt(1) === 0 ? value.slice(1) : BigInt(value.slice(2));
}

/**
 * Whether a parsed JSON value holds a number whose magnitude is past 2^53 − 1: an integer there may have
 * been rounded by `JSON.parse`.
 *
 * @example
 * hasUnsafeNumber(JSON.parse('{"a":[1,9007199254740993]}')); // true
 */
export function hasUnsafeNumber(value: unknown): boolean {
  if (typeof value === 'number') return value > Number.MAX_SAFE_INTEGER || value < -Number.MAX_SAFE_INTEGER;
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (hasUnsafeNumber(item)) return true;
    return false;
  }
  for (const key in value) if (hasUnsafeNumber((value as Record<string, unknown>)[key])) return true;
  return false;
}

/**
 * Parses JSON text exactly: integers outside ±(2^53 − 1) come back as `bigint`s, everything else as
 * `JSON.parse` gives it. Slower than {@link parseJson}; use it on text known to hold big integers.
 *
 * @example
 * parseJsonExact('[9223372036854775807, 1]'); // [9223372036854775807n, 1]
 */
export function parseJsonExact(text: string): unknown {
  let marked = false;
  const rewritten = text.replace(TOKENS, (token: string, colon: string | undefined) => {
    if (token.charCodeAt(0) === 34 /* " */) {
      // A value that itself starts with U+0000 is escaped by doubling the mark; keys are never revived.
      if (colon !== undefined || !token.startsWith(ESCAPED_MARK, 1)) return token;
      marked = true;
      return `"${ESCAPED_MARK}${token.slice(1)}`;
    }
    if (Number.isSafeInteger(Number(token))) return token;
    marked = true;
    return `"${ESCAPED_MARK}n${token}"`;
  });
  return marked ? JSON.parse(rewritten, reviveMarked) : JSON.parse(text);
}

/**
 * Parses JSON like `JSON.parse`, except that integers outside ±(2^53 − 1) come back as exact `bigint`s
 * (safe integers stay `number`s). Throws `SyntaxError` on malformed text.
 *
 * @example
 * parseJson('{"range_key1":9223372036854775807,"version":1}'); // { range_key1: 9223372036854775807n, version: 1 }
 */
export function parseJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  return hasUnsafeNumber(value) ? parseJsonExact(text) : value;
}

/** Serialises a value the slow way, writing bigints as bare integers. */
function stringifyExact(value: unknown): string | undefined {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'object' && value !== null) {
    const json = (value as { toJSON?: unknown }).toJSON;
    if (typeof json === 'function') return stringifyExact(json.call(value));
    if (Array.isArray(value)) return `[${value.map((item) => stringifyExact(item) ?? 'null').join(',')}]`;
    const members: string[] = [];
    for (const [key, member] of Object.entries(value)) {
      const text = stringifyExact(member);
      if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`);
    }
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Serialises like `JSON.stringify`, except that `bigint`s are written as plain JSON integers (the native
 * serialiser throws on them). Values without bigints take the native path unchanged.
 *
 * @example
 * stringifyJson({ range_key1: 2n ** 62n }); // '{"range_key1":4611686018427387904}'
 */
export function stringifyJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (!(error instanceof TypeError) || !/BigInt/i.test(error.message)) throw error;
    return stringifyExact(value) ?? 'null';
  }
}
