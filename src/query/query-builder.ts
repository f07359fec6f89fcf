/**
 * The fluent query builder (DESIGN §2): public interfaces carrying the types, unexported classes carrying
 * the behaviour. Every call returns a new, immutable builder; rules are enforced twice, as QueryTypeError
 * parameters at compile time and as InputValidationError at call time.
 */

import { match } from 'ts-pattern';
import { toIsoDateTime } from '../date-input.js';
import { InputValidationError } from '../errors.js';
import {
  type FilterableField,
  fieldKind,
  MAX_FIND_LIMIT,
  SEARCH_KEYS_MAX_LENGTH,
  SEARCH_KEYS_MIN_LENGTH,
  type StringKey,
} from '../fields.js';
import { isCharLengthBetween } from '../wire/char-length.js';
import type { WireFilter } from '../wire/find.js';
import { canonicalInt64, isInt64 } from '../wire/int64.js';
import { compileFilter, compileOptions } from './compile-filter.js';
import {
  type FieldLabel,
  type FieldMap,
  type FieldName,
  type FieldOf,
  fieldLabel,
  type RecordFieldMap,
  resolveField,
} from './field-map.js';
import {
  type ComparisonOperator,
  type ConditionNode,
  type FilterNode,
  freezeNode,
  type OrBranchNode,
  type SortNode,
  type WireScalar,
} from './filter-node.js';
import type { CallResult, DynamicQuery, IfResult, WhereResult } from './query-composition.js';
import type { QueryConfig } from './query-config.js';
import type { FindPageOptions, QueryExecutor, QueryPage } from './query-executor.js';
import {
  emptyListMessage,
  emptyTextMessage,
  type LikeInOrMessage,
  type NotComparableMessage,
  type OrNestedMessage,
  orCallbackMessage,
  orNestedMessage,
  orTooFewMessage,
  searchKeysLengthMessage,
  sortOrderMessage,
  wrongValueMessage,
} from './query-messages.js';
import {
  type ConditionMethod,
  type ConditionScope,
  conditionRule,
  limitRule,
  offsetRule,
  orRule,
  searchKeysRule,
  sortByRule,
  whereRule,
} from './query-rules.js';
import type {
  CompiledQuery,
  InitialState,
  QueryState,
  ValueInputOf,
  WireValuesOf,
  WithCondition,
  WithLimit,
  WithMember,
  WithOffset,
  WithSort,
} from './query-state.js';
import type { QueryTypeError } from './query-type-error.js';
import type {
  AtLeastTwo,
  ConditionError,
  Guard,
  LimitError,
  NameGuard,
  NamesOf,
  OffsetError,
  OrError,
  OrWhereError,
  SearchKeysError,
  SortableNames,
  SortByError,
  ThisGuard,
  WhereError,
} from './query-type-rules.js';
import { validateQuery } from './validate-query.js';

/**
 * Sort direction: `'asc'` or `'desc'` (a `SortOrder` enum member with those values works too).
 *
 * @example
 * const order: SortDirection = 'desc';
 * storage.in('us').sortBy('created_at', order);
 * @category Query builder
 */
export type SortDirection = 'asc' | 'desc';

/**
 * A query under construction. Obtain one from `storage.in(country)` or a repository; every method returns a
 * new builder, so a partial query can be branched safely.
 *
 * @example
 * const q = storage.in('us')
 *   .where('range_key3').gt(1)
 *   .where('range_key3').lte(10)
 *   .where('key1').eq(['english', 'french'])
 *   .sortBy('key1', 'asc')
 *   .limit(10);
 * q.toQuery();
 * // { filter: { range_key3: { $gt: 1, $lte: 10 }, key1: ['english', 'french'] },
 * //   options: { limit: 10, offset: 0, sort: [{ key1: 'asc' }] } }
 * @category Query builder
 */
// HACK: explicit (invariant) variance: measuring it would compare every method's rule types structurally,
// tens of thousands of instantiations the first time any two builders are compared (an `$if`, a parameter
// typed DynamicQuery). Builders of one storage relate through the dynamic state (`any`) instead.
export interface QueryBuilder<
  in out TFields extends FieldMap,
  in out TConfig extends QueryConfig,
  in out TRecord,
  in out TState extends QueryState = InitialState,
> extends AsyncIterable<TRecord> {
  /**
   * Starts a condition on a field; finish it with `eq`, `not`, `isNull`, `isNotNull`, `gt`, `gte`, `lt`,
   * `lte` or `like`. Conditions on different fields are ANDed; bounds on one field merge.
   *
   * @example
   * q.where('range_key3').gt(1).where('range_key3').lte(10); // { range_key3: { $gt: 1, $lte: 10 } }
   */
  where<TName extends FieldName<TFields>>(
    field: NameGuard<TFields, TName, WhereError<TFields, TState, TName>, keyof TFields & string>,
  ): WhereResult<TFields, TConfig, TRecord, TState, TName>;

  /**
   * ORs conditions on string keys: every condition added in `build` is one alternative (PROTOCOL §f.1),
   * and the whole `or()` is ANDed with the rest. At least two conditions; once per query.
   *
   * @example
   * q.or((b) => b.where('key2').eq('a').where('key3').not('b')); // { $or: [{ key2: 'a' }, { key3: { $not: 'b' } }] }
   */
  or<TBranches extends readonly object[]>(
    this: ThisGuard<TFields, OrError<TState>>,
    build: (branch: OrBuilder<TFields>) => OrBuilder<TFields, TBranches> & AtLeastTwo<TFields, TBranches>,
  ): QueryBuilder<TFields, TConfig, TRecord, WithMember<TState, '$or', TBranches, 'or'>>;

  /**
   * Finds records where any of `key1..key20` contains `text` (3 to 200 characters). Needs plain search
   * keys; excludes `or()` and other `key1..key20` conditions.
   *
   * @example
   * q.searchKeys('gold'); // { search_keys: 'gold' }
   */
  searchKeys(
    text: Guard<TFields, SearchKeysError<TState, TConfig>, string>,
  ): QueryBuilder<TFields, TConfig, TRecord, WithMember<TState, 'search_keys', string, 'searchKeys'>>;

  /**
   * Sorts by a field (key1..key20 need plain search keys); call again for secondary keys.
   *
   * @example
   * q.sortBy('range_key1', 'desc').sortBy('created_at', 'asc'); // sort: [{ range_key1: 'desc' }, { created_at: 'asc' }]
   */
  sortBy<TName extends FieldName<TFields>, TOrder extends SortDirection>(
    field: NameGuard<
      TFields,
      TName,
      SortByError<TFields, TConfig, TState, TName>,
      SortableNames<TFields, TConfig>
    >,
    order: TOrder,
  ): QueryBuilder<TFields, TConfig, TRecord, WithSort<TState, FieldOf<TFields, TName>, TOrder>>;

  /**
   * Page size, 1..100 (default 100). Async iteration uses it as the page size.
   *
   * @example
   * q.limit(10); // options: { limit: 10, offset: 0 }
   */
  limit<const TLimit extends number>(
    limit: Guard<TFields, LimitError<TState, TLimit>, TLimit>,
  ): QueryBuilder<TFields, TConfig, TRecord, WithLimit<TState, TLimit>>;

  /**
   * Records to skip, ≥ 0 (default 0).
   *
   * @example
   * q.offset(20); // options: { limit: 100, offset: 20 }
   */
  offset<const TOffset extends number>(
    offset: Guard<TFields, OffsetError<TState, TOffset>, TOffset>,
  ): QueryBuilder<TFields, TConfig, TRecord, WithOffset<TState, TOffset>>;

  /**
   * The find request this builder sends: `{ filter, options }` in the documented DSL, with record field
   * names and plain (unhashed) values. Its static type is exactly the object built.
   *
   * @example
   * storage.in('us').where('key1').eq('a').limit(5).toQuery(); // { filter: { key1: 'a' }, options: { limit: 5, offset: 0 } }
   */
  toQuery(): CompiledQuery<TState>;

  /**
   * Runs the query: one page of records.
   *
   * @example
   * const { data, meta } = await q.find();
   */
  find(): Promise<QueryPage<TRecord>>;

  /**
   * Runs the query with limit 1: the first record, or null. Throws the decoding error when the one record
   * found could not be decoded.
   *
   * @example
   * const found = await q.findOne(); // { record } | null
   */
  findOne(): Promise<{ record: TRecord } | null>;

  /**
   * Applies `build` only when `condition` holds. Types change (what `build` adds becomes optional), the
   * DSL does not. A callback whose branches build different queries gives a dynamic builder (`$dynamic()`).
   *
   * @example
   * q.$if(onlyAdults, (q) => q.where('range_key1').gte(18));
   */
  $if<TResult extends DynamicQuery<TFields, TConfig, TRecord>>(
    condition: boolean,
    build: (query: QueryBuilder<TFields, TConfig, TRecord, TState>) => TResult,
  ): IfResult<TFields, TConfig, TRecord, TState, TResult>;

  /**
   * Passes the builder through a function and returns what it returns: reusable query fragments. A helper
   * typed with {@link AnyQuery} gives back a dynamic builder of this query's fields and configuration, so
   * the rules that do not depend on earlier calls still apply after it.
   *
   * @example
   * const adults = <Q extends AnyQuery>(q: Q) => q.where('range_key1').gte(18);
   * storage.in('us').$call(adults);
   */
  $call<TResult>(fn: (query: this) => TResult): CallResult<TFields, TConfig, TRecord, TResult>;

  /**
   * The same query as a dynamic builder, which can be reassigned and extended in `if`s and loops: it keeps
   * the fields and the configuration, so field names, operators by field kind, plain-key requirements and
   * literal limits are still compile errors; rules that depend on earlier calls (a second `limit()`, two
   * bounds of one side) are checked at run time. The DSL does not change.
   *
   * @example
   * const tenant: string | undefined = 'acme';
   * let q = storage.in('us').$dynamic();
   * if (tenant) q = q.where('key1').eq(tenant);
   * if (onlyAdults) q = q.where('range_key1').gte(18);
   * await q.limit(10).find();
   */
  $dynamic(): DynamicQuery<TFields, TConfig, TRecord>;

  /**
   * Pages through every match (page size = limit, default 100), starting at the offset.
   *
   * @example
   * for await (const record of storage.in('us').where('key1').eq('a')) console.log(record.record_key);
   */
  [Symbol.asyncIterator](): AsyncIterator<TRecord>;
}

/**
 * Any query builder, whatever its fields, configuration, record type and state, so that helpers can take
 * half-built queries. Rules are not checked through it (its state is `any`); they are re-checked at run time.
 *
 * @example
 * function paginate<Q extends AnyQuery>(query: Q, page: number) {
 *   return query.limit(20).offset(page * 20);
 * }
 * await paginate(storage.in('us').where('key1').eq('a'), 2).find();
 * @category Query builder
 */
// biome-ignore lint/suspicious/noExplicitAny: the documented escape hatch for helper functions.
export type AnyQuery = QueryBuilder<any, any, any, any>;

/** The names of a query builder's methods, read from its interface (the repository binds them by name). */
export type QueryMethodName = keyof QueryBuilder<FieldMap, QueryConfig, unknown> & string;

/**
 * The interface's methods with their types erased: the implementation checks its arguments at run time, so
 * it declares it implements this, and a method renamed or missing in the class does not build.
 */
type ErasedMethods<T> = { readonly [K in keyof T]: (...args: never[]) => unknown };

/**
 * The condition on one field, started by `where(field)`.
 *
 * @example
 * q.where('expires_at').lt(new Date()); // { expires_at: { $lt: '2024-…Z' } }
 * @category Query builder
 */
export interface FieldConditionBuilder<
  TFields extends FieldMap,
  TConfig extends QueryConfig,
  TRecord,
  TState extends QueryState,
  TName extends string,
  TField extends FilterableField,
> {
  /**
   * Equals one value, or any of a list.
   *
   * @example
   * q.where('key1').eq('a'); q.where('key1').eq(['a', 'b']); // { key1: 'a' } / { key1: ['a', 'b'] }
   */
  eq<TValue extends ValueInputOf<TField> | readonly ValueInputOf<TField>[]>(
    value: Guard<TFields, ConditionError<'eq', TName, TField, TState, TConfig>, TValue>,
  ): QueryBuilder<
    TFields,
    TConfig,
    TRecord,
    WithCondition<TState, TField, 'eq', WireValuesOf<TField, TValue>>
  >;
  /**
   * Differs from one value, or from every value of a list.
   *
   * @example
   * q.where('key1').not(['a', 'b']); // { key1: { $not: ['a', 'b'] } }
   */
  not<TValue extends ValueInputOf<TField> | readonly ValueInputOf<TField>[]>(
    value: Guard<TFields, ConditionError<'not', TName, TField, TState, TConfig>, TValue>,
  ): QueryBuilder<
    TFields,
    TConfig,
    TRecord,
    WithCondition<TState, TField, '$not', { $not: WireValuesOf<TField, TValue> }>
  >;
  /**
   * Is null (not for `created_at`/`updated_at`, which always have a value).
   *
   * @example
   * q.where('key1').isNull(); // { key1: null }
   */
  isNull(
    this: ThisGuard<TFields, ConditionError<'isNull', TName, TField, TState, TConfig>>,
  ): QueryBuilder<TFields, TConfig, TRecord, WithCondition<TState, TField, 'isNull', null>>;
  /**
   * Is not null.
   *
   * @example
   * q.where('expires_at').isNotNull(); // { expires_at: { $not: null } }
   */
  isNotNull(
    this: ThisGuard<TFields, ConditionError<'isNotNull', TName, TField, TState, TConfig>>,
  ): QueryBuilder<TFields, TConfig, TRecord, WithCondition<TState, TField, 'isNotNull', { $not: null }>>;
  /**
   * Greater than (range keys, `version`, dates).
   *
   * @example
   * q.where('range_key1').gt(5); // { range_key1: { $gt: 5 } }
   */
  gt<TValue extends ValueInputOf<TField>>(
    value: Guard<TFields, ConditionError<'gt', TName, TField, TState, TConfig>, TValue>,
  ): QueryBuilder<
    TFields,
    TConfig,
    TRecord,
    WithCondition<TState, TField, '$gt', { $gt: WireValuesOf<TField, TValue> }>
  >;
  /**
   * Greater than or equal.
   *
   * @example
   * q.where('created_at').gte('2024-01-01T00:00:00Z'); // { created_at: { $gte: '2024-01-01T00:00:00Z' } }
   */
  gte<TValue extends ValueInputOf<TField>>(
    value: Guard<TFields, ConditionError<'gte', TName, TField, TState, TConfig>, TValue>,
  ): QueryBuilder<
    TFields,
    TConfig,
    TRecord,
    WithCondition<TState, TField, '$gte', { $gte: WireValuesOf<TField, TValue> }>
  >;
  /**
   * Less than.
   *
   * @example
   * q.where('version').lt(3); // { version: { $lt: 3 } }
   */
  lt<TValue extends ValueInputOf<TField>>(
    value: Guard<TFields, ConditionError<'lt', TName, TField, TState, TConfig>, TValue>,
  ): QueryBuilder<
    TFields,
    TConfig,
    TRecord,
    WithCondition<TState, TField, '$lt', { $lt: WireValuesOf<TField, TValue> }>
  >;
  /**
   * Less than or equal.
   *
   * @example
   * q.where('range_key3').lte(10); // { range_key3: { $lte: 10 } }
   */
  lte<TValue extends ValueInputOf<TField>>(
    value: Guard<TFields, ConditionError<'lte', TName, TField, TState, TConfig>, TValue>,
  ): QueryBuilder<
    TFields,
    TConfig,
    TRecord,
    WithCondition<TState, TField, '$lte', { $lte: WireValuesOf<TField, TValue> }>
  >;
  /**
   * Contains `text` (key1..key20, plain search keys only).
   *
   * @example
   * q.where('key3').like('abc'); // { key3: { $like: 'abc' } }
   */
  like(
    text: Guard<TFields, ConditionError<'like', TName, TField, TState, TConfig>, string>,
  ): QueryBuilder<TFields, TConfig, TRecord, WithCondition<TState, TField, '$like', { $like: string }>>;
}

/**
 * The builder handed to `or()`: each condition added is one alternative. String keys only; no `like`, no
 * nested `or()`.
 *
 * @example
 * q.or((b) => b.where('key1').eq('a').where('profile_key').isNull());
 * @category Query builder
 */
export interface OrBuilder<TFields extends FieldMap, TBranches extends readonly object[] = []> {
  /**
   * Starts one alternative on a string key.
   *
   * @example
   * q.or((b) => b.where('key2').eq('a').where('key3').eq('b'));
   */
  where<TName extends FieldName<TFields>>(
    field: NameGuard<TFields, TName, OrWhereError<TFields, TName>, NamesOf<TFields, StringKey>>,
  ): OrConditionBuilder<TFields, TBranches, TName, FieldOf<TFields, TName>>;
  /** Not available: `or()` cannot be nested (PROTOCOL §f.1). */
  or(this: QueryTypeError<OrNestedMessage>, build: (branch: OrBuilder<TFields>) => unknown): never;
}

/**
 * One alternative of an `or()` on a string key.
 *
 * @example
 * q.or((b) => b.where('key3').not('b').where('key4').isNull()); // $or: [{ key3: { $not: 'b' } }, { key4: null }]
 * @category Query builder
 */
export interface OrConditionBuilder<
  TFields extends FieldMap,
  TBranches extends readonly object[],
  TName extends string,
  TField extends FilterableField,
> {
  /** Equals one value, or any of a list. */
  eq<TValue extends ValueInputOf<TField> | readonly ValueInputOf<TField>[]>(
    value: TValue,
  ): OrBuilder<TFields, [...TBranches, { [K in TField]: WireValuesOf<TField, TValue> }]>;
  /** Differs from one value, or from every value of a list. */
  not<TValue extends ValueInputOf<TField> | readonly ValueInputOf<TField>[]>(
    value: TValue,
  ): OrBuilder<TFields, [...TBranches, { [K in TField]: { $not: WireValuesOf<TField, TValue> } }]>;
  /** Is null. */
  isNull(): OrBuilder<TFields, [...TBranches, { [K in TField]: null }]>;
  /** Is not null. */
  isNotNull(): OrBuilder<TFields, [...TBranches, { [K in TField]: { $not: null } }]>;
  /** Not available inside `or()` (PROTOCOL §f.3). */
  like(text: QueryTypeError<LikeInOrMessage<FieldLabel<TName, TField>>>): never;
  /** Not available: `or()` branches hold string keys only. */
  gt(value: QueryTypeError<NotComparableMessage<'gt', FieldLabel<TName, TField>>>): never;
  /** Not available: `or()` branches hold string keys only. */
  gte(value: QueryTypeError<NotComparableMessage<'gte', FieldLabel<TName, TField>>>): never;
  /** Not available: `or()` branches hold string keys only. */
  lt(value: QueryTypeError<NotComparableMessage<'lt', FieldLabel<TName, TField>>>): never;
  /** Not available: `or()` branches hold string keys only. */
  lte(value: QueryTypeError<NotComparableMessage<'lte', FieldLabel<TName, TField>>>): never;
}

/**
 * Options of {@link createQueryBuilder}.
 *
 * @example
 * const options: QueryBuilderOptions<{ email: 'key1' }, { plainSearchKeys: false }> = { fields: { email: 'key1' }, config: { plainSearchKeys: false } };
 * @category Query builder
 */
export interface QueryBuilderOptions<TFields extends FieldMap, TConfig extends QueryConfig> {
  /** Domain name -> record field; omit for raw storage (record field names). */
  readonly fields?: TFields;
  /** The storage's query configuration. */
  readonly config: TConfig;
}

/**
 * Creates a builder that runs through `executor`. Used by the Storage client (`storage.in(country)`) and
 * by repositories.
 *
 * @example
 * const q = createQueryBuilder<StorageRecord, { plainSearchKeys: true }>(executor, { config: { plainSearchKeys: true } });
 * @category Query builder
 */
export function createQueryBuilder<
  TRecord,
  const TConfig extends QueryConfig = QueryConfig,
  const TFields extends FieldMap = RecordFieldMap,
>(
  executor: QueryExecutor<TRecord>,
  options: QueryBuilderOptions<TFields, TConfig>,
): QueryBuilder<TFields, TConfig, TRecord> {
  const fields = options.fields === undefined ? undefined : Object.freeze({ ...options.fields });
  if (fields !== undefined) {
    for (const [name, field] of Object.entries(fields)) {
      if (resolveField(undefined, field) === undefined)
        fail(`createQueryBuilder() call failed: ${name} maps to a field that cannot be filtered`, [
          'fields',
          name,
        ]);
    }
  }
  const props: QueryProps<TRecord> = {
    executor,
    fields,
    config: Object.freeze({ plainSearchKeys: options.config.plainSearchKeys === true }),
    nodes: [],
    sort: [],
    limit: undefined,
    offset: undefined,
  };
  // HACK: the interface's signatures are conditional on state the class cannot express; the class checks
  // the same rules at run time, so the one cast sits here.
  return new QueryBuilderImpl(props) as unknown as QueryBuilder<TFields, TConfig, TRecord>;
}

interface QueryProps<TRecord> {
  readonly executor: QueryExecutor<TRecord>;
  readonly fields: FieldMap | undefined;
  readonly config: QueryConfig;
  readonly nodes: readonly FilterNode[];
  readonly sort: readonly SortNode[];
  readonly limit: number | undefined;
  readonly offset: number | undefined;
}

function fail(message: string, path: readonly (string | number)[] = []): never {
  // `issues` carries the same message under the name or option it is about, for HTTP handlers to report.
  throw new InputValidationError(message, { issues: [{ path, message }] });
}

/** Checks and converts one value of a field to its wire form. */
function wireValue(method: string, name: string, field: FilterableField, value: unknown): WireScalar {
  const kind = fieldKind(field);
  if (kind === 'string' && typeof value === 'string') return value;
  if (kind === 'integer' && isInt64(value)) return canonicalInt64(value);
  if (kind === 'date') {
    const iso = toIsoDateTime(value);
    if (iso !== undefined) return iso;
  }
  return fail(wrongValueMessage(method, fieldLabel(name, field), kind), [name]);
}

function wireValues(
  method: string,
  name: string,
  field: FilterableField,
  value: unknown,
): WireScalar | readonly WireScalar[] {
  if (!Array.isArray(value)) return wireValue(method, name, field, value);
  if (value.length === 0) fail(emptyListMessage(method, fieldLabel(name, field)), [name]);
  return value.map((v: unknown) => wireValue(method, name, field, v));
}

/** Builds the node of one condition method, after its rule and value checks. */
function conditionNode(
  method: ConditionMethod,
  name: string,
  field: FilterableField,
  args: readonly unknown[],
): ConditionNode {
  // Exhaustive: a new condition method without a branch does not build.
  return match(method)
    .with('eq', 'not', (kind) => freezeNode({ kind, field, value: wireValues(method, name, field, args[0]) }))
    .with('isNull', 'isNotNull', (kind) => freezeNode({ kind, field }))
    .with('like', () => {
      const text = args[0];
      if (typeof text !== 'string')
        return fail(wrongValueMessage(method, fieldLabel(name, field), 'string'), [name]);
      if (text.length === 0) return fail(emptyTextMessage(method, fieldLabel(name, field)), [name]);
      return freezeNode({ kind: 'like', field, text });
    })
    .with('gt', 'gte', 'lt', 'lte', (comparison) =>
      freezeNode({
        kind: 'compare',
        field,
        operator: COMPARISON_OPERATOR_OF[comparison],
        value: wireValue(method, name, field, args[0]),
      }),
    )
    .exhaustive();
}

const COMPARISON_OPERATOR_OF = { gt: '$gt', gte: '$gte', lt: '$lt', lte: '$lte' } as const satisfies Record<
  'gt' | 'gte' | 'lt' | 'lte',
  ComparisonOperator
>;

const CONDITION_METHODS = ['eq', 'not', 'isNull', 'isNotNull', 'gt', 'gte', 'lt', 'lte', 'like'] as const;

/** A condition builder: one method per condition, each ending in `add(node)`. */
type ConditionMethods<TNext> = Record<ConditionMethod, (...args: unknown[]) => TNext>;

function conditionMethods<TNext>(
  name: string,
  field: FilterableField,
  nodes: readonly FilterNode[],
  config: QueryConfig,
  scope: ConditionScope,
  add: (node: ConditionNode) => TNext,
): ConditionMethods<TNext> {
  const entries = CONDITION_METHODS.map((method) => [
    method,
    (...args: unknown[]): TNext => {
      const broken = conditionRule(method, name, field, nodes, config, scope);
      if (broken !== undefined) fail(broken, [name]);
      return add(conditionNode(method, name, field, args));
    },
  ]);
  return Object.freeze(Object.fromEntries(entries)) as ConditionMethods<TNext>;
}

class OrBuilderImpl implements ErasedMethods<OrBuilder<FieldMap>> {
  readonly #fields: FieldMap | undefined;
  readonly #config: QueryConfig;
  readonly #branches: readonly OrBranchNode[];

  constructor(fields: FieldMap | undefined, config: QueryConfig, branches: readonly OrBranchNode[]) {
    this.#fields = fields;
    this.#config = config;
    this.#branches = Object.freeze(branches);
  }

  /** The alternatives collected so far (read by the parent's `or()`). */
  static branchesOf(builder: unknown): readonly OrBranchNode[] | undefined {
    return builder instanceof OrBuilderImpl ? builder.#branches : undefined;
  }

  where(name: unknown): ConditionMethods<OrBuilderImpl> {
    const field = resolveField(this.#fields, name);
    const broken = whereRule(String(name), field, [], 'or');
    if (broken !== undefined || field === undefined) return fail(broken!, ['$or', String(name)]);
    return conditionMethods(String(name), field, [], this.#config, 'or', (node) => {
      // whereRule('or') admits string keys only, and conditionRule('or') rejects like and comparisons.
      return new OrBuilderImpl(this.#fields, this.#config, [...this.#branches, node as OrBranchNode]);
    });
  }

  or(): never {
    return fail(orNestedMessage(), ['$or']);
  }
}

class QueryBuilderImpl<TRecord> implements ErasedMethods<QueryBuilder<FieldMap, QueryConfig, TRecord>> {
  readonly #props: QueryProps<TRecord>;

  constructor(props: QueryProps<TRecord>) {
    this.#props = Object.freeze(props);
  }

  #with(patch: Partial<QueryProps<TRecord>>): QueryBuilderImpl<TRecord> {
    return new QueryBuilderImpl({ ...this.#props, ...patch });
  }

  #add(node: FilterNode): QueryBuilderImpl<TRecord> {
    return this.#with({ nodes: Object.freeze([...this.#props.nodes, node]) });
  }

  where(name: unknown): ConditionMethods<QueryBuilderImpl<TRecord>> {
    const { fields, nodes, config } = this.#props;
    const field = resolveField(fields, name);
    const broken = whereRule(String(name), field, nodes, 'query');
    if (broken !== undefined || field === undefined) return fail(broken!, [String(name)]);
    return conditionMethods(String(name), field, nodes, config, 'query', (node) => this.#add(node));
  }

  or(build: unknown): QueryBuilderImpl<TRecord> {
    const broken = orRule(this.#props.nodes);
    if (broken !== undefined) fail(broken, ['$or']);
    if (typeof build !== 'function') return fail(orCallbackMessage(), ['$or']);
    const result: unknown = build(new OrBuilderImpl(this.#props.fields, this.#props.config, []));
    const branches = OrBuilderImpl.branchesOf(result);
    if (branches === undefined) return fail(orCallbackMessage(), ['$or']);
    if (branches.length < 2) fail(orTooFewMessage(), ['$or']);
    return this.#add(freezeNode({ kind: 'or', branches: branches as readonly OrBranchNode[] }));
  }

  searchKeys(text: unknown): QueryBuilderImpl<TRecord> {
    const broken = searchKeysRule(this.#props.nodes, this.#props.config);
    if (broken !== undefined) fail(broken, ['search_keys']);
    if (
      typeof text !== 'string' ||
      !isCharLengthBetween(text, SEARCH_KEYS_MIN_LENGTH, SEARCH_KEYS_MAX_LENGTH)
    )
      fail(searchKeysLengthMessage(), ['search_keys']);
    return this.#add(freezeNode({ kind: 'searchKeys', text }));
  }

  sortBy(name: unknown, order: unknown): QueryBuilderImpl<TRecord> {
    const { fields, sort, config } = this.#props;
    const field = resolveField(fields, name);
    const broken = sortByRule(String(name), field, sort, config);
    if (broken !== undefined || field === undefined) return fail(broken!, ['sort', String(name)]);
    if (order !== 'asc' && order !== 'desc') return fail(sortOrderMessage(), ['sort', String(name)]);
    return this.#with({ sort: Object.freeze([...sort, Object.freeze({ field, order })]) });
  }

  limit(limit: unknown): QueryBuilderImpl<TRecord> {
    const broken = limitRule(limit, this.#props.limit !== undefined);
    if (broken !== undefined) fail(broken, ['limit']);
    return this.#with({ limit: limit as number });
  }

  offset(offset: unknown): QueryBuilderImpl<TRecord> {
    const broken = offsetRule(offset, this.#props.offset !== undefined);
    if (broken !== undefined) fail(broken, ['offset']);
    return this.#with({ offset: offset as number });
  }

  toQuery(): { filter: WireFilter; options: FindPageOptions } {
    const { nodes, sort, limit, offset, config } = this.#props;
    const filter = compileFilter(nodes);
    const options = compileOptions(sort, limit ?? MAX_FIND_LIMIT, offset ?? 0);
    // Belt and braces: the compiled request must pass the same wire validation as a hand-written one.
    validateQuery(filter, options, config);
    return { filter, options };
  }

  find(): Promise<QueryPage<TRecord>> {
    const { filter, options } = this.toQuery();
    return this.#props.executor.find(filter, options);
  }

  async findOne(): Promise<{ record: TRecord } | null> {
    const { filter, options } = this.toQuery();
    const page = await this.#props.executor.find(filter, { ...options, limit: 1 });
    const record = page.data[0];
    if (record !== undefined) return { record };
    const failed = page.errors?.[0];
    if (failed !== undefined) throw failed.error;
    return null;
  }

  $if(condition: unknown, build: (query: this) => unknown): unknown {
    return condition ? build(this) : this;
  }

  $call(fn: (query: this) => unknown): unknown {
    return fn(this);
  }

  $dynamic(): this {
    return this;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<TRecord> {
    const { filter, options } = this.toQuery();
    let offset = options.offset;
    for (;;) {
      const page = await this.#props.executor.find(filter, { ...options, offset });
      yield* page.data;
      const failed = page.errors?.[0];
      // A record that cannot be decoded is reported, not skipped: the caller sees every good record before it.
      if (failed !== undefined) throw failed.error;
      offset += page.meta.count;
      if (page.meta.count < options.limit || page.meta.count === 0 || offset >= page.meta.total) return;
    }
  }
}
