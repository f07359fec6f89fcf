/**
 * `db.query.text` for finds: the filter's shape, every value replaced by `?`, so that two finds with the
 * same shape read the same and no value (or hash of one) is ever recorded.
 */

/** Field names and operators look like this; anything else (a caller's mistake) is shown as `?` too. */
const NAME = /^\$?[A-Za-z][A-Za-z0-9_]{0,39}$/;

function shapeOf(value: unknown, depth: number): string {
  if (depth > 4 || value === null || typeof value !== 'object') return '?';
  if (Array.isArray(value)) {
    // `$or` branches keep their shape; lists of values are one `?` (their length is not shown either).
    return value.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v))
      ? `[${value.map((v) => shapeOf(v, depth + 1)).join(',')}]`
      : '?';
  }
  const parts = Object.entries(value).map(([key, v]) =>
    NAME.test(key) ? `${JSON.stringify(key)}:${shapeOf(v, depth + 1)}` : '?',
  );
  return `{${parts.join(',')}}`;
}

function sortFields(sort: unknown): string[] {
  if (!Array.isArray(sort)) return [];
  return sort.flatMap((entry) =>
    entry !== null && typeof entry === 'object'
      ? Object.keys(entry).map((field) => (NAME.test(field) ? field : '?'))
      : [],
  );
}

/**
 * The shape of a find: `{"key1":?,"range_key1":{"$gte":?}} sort:range_key1 limit:?`.
 *
 * @example
 * queryShape({ key1: 'alice', range_key1: { $gte: 18 } }, { sort: [{ range_key1: 'asc' }], limit: 10 });
 * // '{"key1":?,"range_key1":{"$gte":?}} sort:range_key1 limit:?'
 */
export function queryShape(filter: unknown, options: unknown): string {
  const parts = [filter === undefined ? '{}' : shapeOf(filter, 0)];
  if (options !== null && typeof options === 'object') {
    const { sort, limit, offset } = options as { sort?: unknown; limit?: unknown; offset?: unknown };
    const fields = sortFields(sort);
    if (fields.length > 0) parts.push(`sort:${fields.join(',')}`);
    if (limit !== undefined) parts.push('limit:?');
    if (offset !== undefined) parts.push('offset:?');
  }
  return parts.join(' ');
}
