/**
 * Run-time validation of a find request written as a plain object (`storage.find(country, filter,
 * options)`), and of what the builder compiles: the wire schemas plus the rules that depend on the
 * storage's configuration (docs/protocol.md#find-validation).
 */

import { hasToDate, toIsoDateTime } from '../date-input.js';
import { formatIssues, InputValidationError, type ValidationIssue, zodIssues } from '../errors.js';
import { DATE_FIELDS, isOneOf, MAX_PLAIN_KEY_LENGTH, SEARCH_KEYS } from '../fields.js';
import { isWithinChars } from '../wire/char-length.js';
import { findFilterSchema, findOptionsSchema } from '../wire/find.js';
import { NESTING_DEPTH_MESSAGE, tooDeepPath } from '../wire/nesting-depth.js';
import { isPlainObject } from '../wire/plain-object.js';
import { ILL_FORMED_TEXT_MESSAGE, illFormedTextPath } from '../wire/well-formed-text.js';
import type { WireFilter } from '../wire/wire-types.js';
import { explainCondition } from './condition-explanation.js';
import type { QueryConfig } from './query-config.js';
import type { FindPageOptions } from './query-executor.js';

/**
 * A validated find request: wire-ready filter and complete options.
 *
 * @example
 * const { filter, options }: ValidatedQuery = validateQuery({ key1: 'a' }, { limit: 10 }, { plainSearchKeys: false });
 * @category Query builder
 */
export interface ValidatedQuery {
  filter: WireFilter;
  options: FindPageOptions;
}

const PLAIN_KEYS_HINT =
  "needs plain search keys; create the storage with options.hashSearchKeys: false or encrypt: 'SSE'";

/**
 * Validates a find filter and options against the wire schemas and the storage configuration, converts
 * dates (`Date`, dayjs) to ISO strings and fills in the default limit (100) and offset (0). Throws
 * {@link InputValidationError} listing every problem (paths and rules, never values).
 *
 * @example
 * validateQuery({ key1: { $like: 'abc' } }, { limit: 10 }, { plainSearchKeys: true });
 * // { filter: { key1: { $like: 'abc' } }, options: { limit: 10, offset: 0 } }
 * @category Query builder
 */
export function validateQuery(filter: unknown, options: unknown, config: QueryConfig): ValidatedQuery {
  const issues: ValidationIssue[] = [];
  for (const [root, value] of [
    ['filter', filter],
    ['options', options],
  ] as const) {
    // Bounded first: the text scan and zod below recurse.
    const deep = tooDeepPath(value);
    if (deep) {
      issues.push({ path: [root, ...deep], message: NESTING_DEPTH_MESSAGE });
      continue;
    }
    const bad = illFormedTextPath(value);
    if (bad) issues.push({ path: [root, ...bad], message: ILL_FORMED_TEXT_MESSAGE });
  }
  if (issues.length > 0)
    throw new InputValidationError(`Invalid find query: ${formatIssues(issues)}`, { issues });
  const dated = withIsoDates(filter ?? {});
  const parsedFilter = findFilterSchema.safeParse(dated);
  if (!parsedFilter.success)
    issues.push(...inBuilderWords(prefixed('filter', zodIssues(parsedFilter.error)), dated, config));
  const parsedOptions = findOptionsSchema.safeParse(options ?? {});
  if (!parsedOptions.success) issues.push(...prefixed('options', zodIssues(parsedOptions.error)));
  if (parsedFilter.success) issues.push(...configFilterIssues(parsedFilter.data, config));
  if (parsedOptions.success) issues.push(...configSortIssues(parsedOptions.data.sort, config));
  if (!parsedFilter.success || !parsedOptions.success || issues.length > 0)
    throw new InputValidationError(`Invalid find query: ${formatIssues(issues)}`, { issues });
  const { limit, offset, sort } = parsedOptions.data;
  return {
    filter: parsedFilter.data,
    options: sort === undefined ? { limit, offset } : { limit, offset, sort },
  };
}

/**
 * The schema's issues about a field's condition, in the builder's words where the builder has some
 * ("key1 takes strings" instead of "Invalid input"), one issue per condition.
 */
function inBuilderWords(
  issues: readonly ValidationIssue[],
  filter: unknown,
  config: QueryConfig,
): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const explained = new Set<string>();
  for (const issue of issues) {
    const at = conditionAt(issue.path, filter);
    const key = at?.base.join('\u0000');
    if (key !== undefined && explained.has(key)) continue;
    const why = at && explainCondition(at.field, at.condition, config, at.scope);
    if (at === undefined || why === undefined || key === undefined) {
      out.push(issue);
      continue;
    }
    explained.add(key);
    out.push({ path: [...at.base, ...why.path], message: why.message });
  }
  return out;
}

/** The field condition an issue path points into: `filter.<field>…` or `filter.$or.<i>.<field>…`. */
function conditionAt(path: ValidationIssue['path'], filter: unknown) {
  if (path[0] !== 'filter' || !isPlainObject(filter)) return undefined;
  const [, first, index, field] = path;
  if (first === '$or' && typeof index === 'number' && typeof field === 'string') {
    const branch = (filter.$or as unknown[] | undefined)?.[index];
    if (!isPlainObject(branch)) return undefined;
    return { field, condition: branch[field], scope: 'or' as const, base: path.slice(0, 4) };
  }
  if (typeof first !== 'string' || first === '$or') return undefined;
  return { field: first, condition: filter[first], scope: 'query' as const, base: path.slice(0, 2) };
}

function prefixed(root: string, issues: readonly ValidationIssue[]): ValidationIssue[] {
  return issues.map((i) => ({ path: [root, ...i.path], message: i.message }));
}

/** Date fields accept Date and dayjs values; the wire wants ISO strings. Anything else is left to the schema. */
function withIsoDates(filter: unknown): unknown {
  if (!isPlainObject(filter)) return filter;
  const toIso = (v: unknown): unknown => (typeof v === 'string' ? v : (toIsoDateTime(v) ?? v));
  const convert = (condition: unknown): unknown => {
    if (Array.isArray(condition)) return condition.map(toIso);
    if (isPlainObject(condition) && !(condition instanceof Date) && !hasToDate(condition))
      return Object.fromEntries(Object.entries(condition).map(([op, v]) => [op, convert(v)]));
    return condition === null ? null : toIso(condition);
  };
  return Object.fromEntries(
    Object.entries(filter).map(([field, condition]) => [
      field,
      isOneOf(DATE_FIELDS, field) ? convert(condition) : condition,
    ]),
  );
}

function configFilterIssues(filter: WireFilter, config: QueryConfig): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!config.plainSearchKeys) {
    if (filter.search_keys !== undefined)
      issues.push({ path: ['filter', 'search_keys'], message: `search_keys ${PLAIN_KEYS_HINT}` });
    for (const key of SEARCH_KEYS) {
      const condition = filter[key];
      if (isPlainObject(condition) && '$like' in condition)
        issues.push({ path: ['filter', key, '$like'], message: `$like ${PLAIN_KEYS_HINT}` });
    }
    return issues;
  }
  // Plain keys are stored as written, at most 256 characters (docs/protocol.md#client-side-limits, docs/protocol.md#find-validation).
  const tooLong = (v: unknown) => typeof v === 'string' && !isWithinChars(v, MAX_PLAIN_KEY_LENGTH);
  const check = (path: (string | number)[], condition: unknown): void => {
    const values = Array.isArray(condition)
      ? condition
      : isPlainObject(condition)
        ? [condition.$not].flat()
        : [condition];
    if (values.some(tooLong))
      issues.push({
        path,
        message: `plain key1..key20 values have at most ${MAX_PLAIN_KEY_LENGTH} characters`,
      });
  };
  for (const key of SEARCH_KEYS) if (key in filter) check(['filter', key], filter[key]);
  filter.$or?.forEach((branch, i) => {
    for (const key of SEARCH_KEYS) if (key in branch) check(['filter', '$or', i, key], branch[key]);
  });
  return issues;
}

function configSortIssues(
  sort: readonly Record<string, unknown>[] | undefined,
  config: QueryConfig,
): ValidationIssue[] {
  if (config.plainSearchKeys || sort === undefined) return [];
  return sort.flatMap((item, i) =>
    Object.keys(item)
      .filter((field) => isOneOf(SEARCH_KEYS, field))
      .map((field) => ({
        path: ['options', 'sort', i, field],
        message: `sorting by ${field} ${PLAIN_KEYS_HINT}`,
      })),
  );
}
