/**
 * Compiles a validated find filter and sort (docs/protocol.md#find-dsl, docs/protocol.md#find-semantics) into parameterised kysely expressions.
 * Field names come only from the catalogue tables and every value is a bound parameter, so nothing a
 * client sends is ever spliced into SQL text.
 */
import { type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import { InputValidationError } from '../../errors.js';
import {
  FILTERABLE_FIELDS,
  type FieldKind,
  fieldKind,
  isOneOf,
  OR_FIELDS,
  SEARCH_KEYS,
  SORTABLE_FIELDS,
} from '../../fields.js';
import type { FindRequest, WireFilter } from '../../wire/index.js';
import { isPlainObject } from '../../wire/plain-object.js';
import type { Int64Write, PopDatabase } from './pop-database.js';
import { dateParam, int64Param } from './record-row.js';
import type { SqlFlavour } from './sql-flavour.js';

type RecordsExpressionBuilder = ExpressionBuilder<PopDatabase, 'pop_records'>;
type Path = readonly (string | number)[];
type Param = string | Int64Write;

const COMPARISONS = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' } as const;
type ComparisonOperator = keyof typeof COMPARISONS;

function invalid(path: Path, message: string): InputValidationError {
  return new InputValidationError(`${path.join('.')}: ${message}`, { issues: [{ path, message }] });
}

const PARAM_OF_KIND: Record<FieldKind, (value: unknown, path: Path) => Param> = {
  string: (value, path) => {
    if (typeof value !== 'string') throw invalid(path, 'expected a string');
    return value;
  },
  integer: (value, path) => {
    if (typeof value !== 'number' && typeof value !== 'bigint') throw invalid(path, 'expected an integer');
    return int64Param(value, path);
  },
  date: (value, path) => {
    if (typeof value !== 'string') throw invalid(path, 'expected an ISO-8601 date-time');
    return dateParam(value, path);
  },
};

const NEVER = sql<SqlBool>`1 = 0`;

/** Reads, from a filter of the same shape, the value found at one place of the filter being compiled. */
type Locate = (filter: WireFilter) => unknown;

/**
 * Decides what goes into the SQL for a parameter: the value itself, or (for a cached query, see
 * find-queries.ts) a slot, remembering `read` to take the parameter from later filters of the same shape.
 * Called once per parameter, in a fixed order for a given shape.
 */
export type FilterBinder = (param: Param, read: (filter: WireFilter) => Param) => Param;

const bindValue: FilterBinder = (param) => param;

/** `field = v` or `field IN (…)`. */
function equals(
  eb: RecordsExpressionBuilder,
  field: string,
  values: unknown,
  kind: FieldKind,
  path: Path,
  at: Locate,
  bind: FilterBinder,
) {
  const column = sql.ref(field);
  const toParam = PARAM_OF_KIND[kind];
  if (!Array.isArray(values))
    return eb(
      column,
      '=',
      bind(toParam(values, path), (f) => toParam(at(f), path)),
    );
  if (values.length === 0) return NEVER;
  return eb(
    column,
    'in',
    values.map((v, i) =>
      bind(toParam(v, [...path, i]), (f) => toParam((at(f) as unknown[])[i], [...path, i])),
    ),
  );
}

/** One field's condition. `$not` follows "null ≠ v": rows where the field is null match it too. */
function fieldCondition(
  eb: RecordsExpressionBuilder,
  field: string,
  condition: unknown,
  flavour: SqlFlavour,
  at: Locate,
  bind: FilterBinder,
): Expression<SqlBool> {
  if (!isOneOf(FILTERABLE_FIELDS, field)) throw invalid([field], 'unknown filter field');
  const kind = fieldKind(field);
  const column = sql.ref(field);
  if (condition === null) return eb(column, 'is', null);
  if (!isPlainObject(condition)) return equals(eb, field, condition, kind, [field], at, bind);
  const operand =
    (operator: string): Locate =>
    (f) =>
      (at(f) as Record<string, unknown>)[operator];

  const operators = Object.keys(condition);
  if (operators.length === 0) throw invalid([field], 'an operator object must not be empty');
  if ('$not' in condition) {
    if (operators.length !== 1) throw invalid([field], '$not cannot be combined with other operators');
    const excluded = condition.$not;
    if (excluded === null) return eb(column, 'is not', null);
    return eb.or([
      eb.not(equals(eb, field, excluded, kind, [field, '$not'], operand('$not'), bind)),
      eb(column, 'is', null),
    ]);
  }
  if ('$like' in condition) {
    if (operators.length !== 1) throw invalid([field], '$like cannot be combined with other operators');
    if (!isOneOf(SEARCH_KEYS, field)) throw invalid([field], '$like is only allowed on key1..key20');
    const text = condition.$like;
    if (typeof text !== 'string' || text.length === 0) throw invalid([field, '$like'], 'expected a text');
    return flavour.contains(field, bind(text, (f) => operand('$like')(f) as string) as string);
  }
  if (kind === 'string') throw invalid([field], 'comparisons are only allowed on integers and dates');
  const parts = operators.map((operator) => {
    if (!(operator in COMPARISONS)) throw invalid([field, operator], 'unknown operator');
    const op = COMPARISONS[operator as ComparisonOperator];
    const toParam = PARAM_OF_KIND[kind];
    const path = [field, operator];
    return eb(
      column,
      op,
      bind(toParam(condition[operator], path), (f) => toParam(operand(operator)(f), path)),
    );
  });
  return eb.and(parts);
}

/**
 * The WHERE expression of a find filter (without the scope and TTL conditions). Every parameter passes
 * through `bind`, which find-queries.ts uses to compile a filter shape once with slots.
 *
 * @example
 * declare const db: Kysely<PopDatabase>;
 * db.selectFrom('pop_records').where((eb) => compileFilter(eb, { key1: { $not: 'a' } }, sqliteFlavour));
 * // where ((not "key1" = ?) or "key1" is null)
 */
export function compileFilter(
  eb: RecordsExpressionBuilder,
  filter: WireFilter,
  flavour: SqlFlavour,
  bind: FilterBinder = bindValue,
): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [];
  for (const [field, condition] of Object.entries(filter)) {
    if (condition === undefined) continue;
    if (field === 'search_keys') {
      if (typeof condition !== 'string') throw invalid([field], 'expected a text');
      const text = bind(condition, (f) => f.search_keys as string) as string;
      parts.push(eb.or(SEARCH_KEYS.map((key) => flavour.contains(key, text))));
    } else if (field === '$or') {
      if (!Array.isArray(condition) || condition.length === 0)
        throw invalid([field], 'expected a list of branches');
      const branches = condition.map((branch, i) => {
        if (!isPlainObject(branch) || Object.keys(branch).length === 0)
          throw invalid([field, i], 'an $or branch must be a non-empty object');
        return eb.and(
          Object.entries(branch).map(([branchField, branchCondition]) => {
            if (!isOneOf(OR_FIELDS, branchField))
              throw invalid([field, i, branchField], '$or branches may only use string keys');
            const at: Locate = (f) => ((f.$or as unknown[])[i] as Record<string, unknown>)[branchField];
            return fieldCondition(eb, branchField, branchCondition, flavour, at, bind);
          }),
        );
      });
      parts.push(eb.or(branches));
    } else {
      parts.push(fieldCondition(eb, field, condition, flavour, (f) => f[field], bind));
    }
  }
  return eb.and(parts);
}

/**
 * Applies the find sort: list order, `null` as the largest value (asc → nulls last, desc → nulls first),
 * ties broken by insertion order so pages never overlap or skip.
 *
 * @example
 * declare const db: Kysely<PopDatabase>;
 * const query = db.selectFrom('pop_records').selectAll();
 * applySort(query, [{ range_key1: 'desc' }]); // order by "range_key1" desc nulls first, "seq" asc
 */
export function applySort<O>(
  query: SelectQueryBuilder<PopDatabase, 'pop_records', O>,
  sort: FindRequest['options']['sort'],
): SelectQueryBuilder<PopDatabase, 'pop_records', O> {
  let sorted = query;
  for (const item of sort ?? []) {
    for (const [field, direction] of Object.entries(item)) {
      if (!isOneOf(SORTABLE_FIELDS, field)) throw invalid(['sort', field], 'field is not sortable');
      if (direction !== 'asc' && direction !== 'desc')
        throw invalid(['sort', field], 'sort order must be "asc" or "desc"');
      sorted = sorted.orderBy(sql.ref(field), (ob) =>
        direction === 'asc' ? ob.asc().nullsLast() : ob.desc().nullsFirst(),
      );
    }
  }
  return sorted.orderBy('seq', 'asc');
}
