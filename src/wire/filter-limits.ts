/**
 * Maxima of a find filter, shared by the client (which refuses before sending) and the PoP (400). Both
 * databases have hard ceilings that a filter would otherwise hit with a 500: SQLite binds at most 32,766
 * variables and nests an expression at most 1,000 deep (each `$or` branch is one level), PostgreSQL binds
 * at most 65,535 parameters. The maxima stay far below those, counting the scope and paging parameters.
 */

/** Most values in one list condition (`key1: [...]`, `$not: [...]`). */
export const MAX_FILTER_LIST_VALUES = 1000;

/** Why a list was refused. */
export const LIST_TOO_LONG_MESSAGE = `a list may hold at most ${MAX_FILTER_LIST_VALUES} values; split the query`;

/**
 * Where a condition holds a list longer than {@link MAX_FILTER_LIST_VALUES} (`[]` for the condition itself,
 * `['$not']` for its negation), or undefined. Checked before the condition's schema, whose union would only
 * say "Invalid input".
 *
 * @example
 * oversizedList({ $not: new Array(1001).fill('x') }); // ['$not']
 */
export function oversizedList(condition: unknown): string[] | undefined {
  if (Array.isArray(condition)) return condition.length > MAX_FILTER_LIST_VALUES ? [] : undefined;
  if (typeof condition === 'object' && condition !== null) {
    const not = (condition as { $not?: unknown }).$not;
    if (Array.isArray(not) && not.length > MAX_FILTER_LIST_VALUES) return ['$not'];
  }
  return undefined;
}

/** Most branches of `$or`. */
export const MAX_OR_BRANCHES = 100;

/** Most values in a whole filter: every list item and every single value, `$or` branches included. */
export const MAX_FILTER_VALUES = 10_000;

/**
 * Counts the values a filter binds: each string, number or null leaf (list items one by one).
 *
 * @example
 * countFilterValues({ key1: ['a', 'b'], $or: [{ key2: 'c' }, { key3: null }] }); // 4
 */
export function countFilterValues(filter: unknown): number {
  if (Array.isArray(filter)) return filter.reduce((sum: number, item) => sum + countFilterValues(item), 0);
  if (typeof filter === 'object' && filter !== null)
    return Object.values(filter).reduce((sum: number, item) => sum + countFilterValues(item), 0);
  return 1;
}
