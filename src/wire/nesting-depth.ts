/**
 * A bound on how deeply input may nest, checked without recursion before anything recursive walks it:
 * the well-formed-text scan, zod and the filter compilers all recurse, so a filter or body nested a few
 * thousand levels was a stack overflow (a RangeError on the client, a 500 on the PoP) instead of an input
 * error. The deepest legitimate input is a filter: `filter.$or[i].key1.$not[j]`, five levels.
 */

/** Objects and arrays may nest this deep (the top-level value counts as level 1). */
export const MAX_NESTING_DEPTH = 32;

/** Why a value was refused. */
export const NESTING_DEPTH_MESSAGE = `nests objects and arrays more than ${MAX_NESTING_DEPTH} levels deep; no filter, record or request body needs that many`;

/** How many leading segments of the offending path are reported: enough to name the field. */
const REPORTED_SEGMENTS = 3;

/**
 * The first path segments (at most three) leading to where plain objects and arrays nest deeper than
 * `maxDepth` (a cycle counts as endless nesting), or undefined when they do not. Iterative, so any depth
 * is safe to check; other objects (dates, buffers, streams) are not entered, like the text checks that
 * follow it.
 *
 * @example
 * tooDeepPath({ filter: { key1: { $not: 'a' } } }); // undefined
 * tooDeepPath({ a: [[[[1]]]] }, 3); // ['a', 0, 0]
 */
export function tooDeepPath(value: unknown, maxDepth = MAX_NESTING_DEPTH): (string | number)[] | undefined {
  // The deepest level each object was walked at: walked again only deeper, so a cycle deepens until it is
  // reported, and an object shared many times costs at most `maxDepth` walks.
  const deepest = new Map<object, number>();
  const stack: { value: unknown; path: (string | number)[]; depth: number }[] = [
    { value, path: [], depth: 1 },
  ];
  for (let popped = stack.pop(); popped !== undefined; popped = stack.pop()) {
    const next = popped;
    const current = next.value;
    if (typeof current !== 'object' || current === null || (deepest.get(current) ?? 0) >= next.depth)
      continue;
    const isArray = Array.isArray(current);
    const proto = Object.getPrototypeOf(current) as unknown;
    if (!isArray && proto !== Object.prototype && proto !== null) continue;
    if (next.depth > maxDepth) return next.path.slice(0, REPORTED_SEGMENTS);
    deepest.set(current, next.depth);
    // Paths beyond the reported segments are never shown, so they are not built.
    const extend = (segment: string | number) =>
      next.path.length < REPORTED_SEGMENTS ? [...next.path, segment] : next.path;
    if (isArray) {
      for (let i = current.length - 1; i >= 0; i--)
        stack.push({ value: current[i], path: extend(i), depth: next.depth + 1 });
    } else {
      for (const [key, item] of Object.entries(current))
        stack.push({ value: item, path: extend(key), depth: next.depth + 1 });
    }
  }
  return undefined;
}
