/**
 * The fluent query builder (docs/architecture.md#public-surface): public interfaces carrying the types, unexported classes carrying
 * the behaviour. Every call returns a new, immutable builder; rules are enforced twice, as QueryTypeError
 * parameters at compile time and as InputValidationError at call time.
 */

import { MAX_FIND_LIMIT, SEARCH_KEYS_MAX_LENGTH, SEARCH_KEYS_MIN_LENGTH } from '../fields.js';
import { recordProxyTarget, runOnProxyTarget } from '../instrumentation/proxy-target.js';
import { isCharLengthBetween } from '../wire/char-length.js';
import type { WireFilter } from '../wire/wire-types.js';
import { compileFilter, compileOptions } from './compile-filter.js';
import { type ConditionMethods, conditionMethods } from './condition-methods.js';
import type { ErasedMethods } from './erased-methods.js';
import {
  type FieldMap,
  type FieldName,
  type FieldOf,
  type RecordFieldMap,
  resolveField,
} from './field-map.js';
import { type FilterNode, freezeNode, type OrBranchNode, type SortNode } from './filter-node.js';
import { fail } from './input-failure.js';
import { type OrBuilder, OrBuilderImpl } from './or-builder.js';
import type { CallResult, DynamicQuery, IfResult, WhereResult } from './query-composition.js';
import type { QueryConfig } from './query-config.js';
import type { FindPageOptions, QueryExecutor, QueryPage } from './query-executor.js';
import {
  orCallbackMessage,
  orTooFewMessage,
  type SortOrderMessage,
  searchKeysLengthMessage,
  sortOrderMessage,
} from './query-messages.js';
import { limitRule, offsetRule, orRule, searchKeysRule, sortByRule, whereRule } from './query-rules.js';
import type {
  CompiledQuery,
  InitialState,
  QueryState,
  WithLimit,
  WithMember,
  WithOffset,
  WithSort,
} from './query-state.js';
import type {
  AtLeastTwo,
  Guard,
  LimitCheck,
  NameGuard,
  OffsetCheck,
  OrError,
  SearchKeysError,
  SortByGuard,
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
// typed DynamicQuery). Builders of one storage relate through the dynamic state (`any`) instead. It is
// async-iterable through its `[Symbol.asyncIterator]` member, without `extends AsyncIterable<TRecord>`, whose
// members every new state would resolve again.
export interface QueryBuilder<
  in out TFields extends FieldMap,
  in out TConfig extends QueryConfig,
  in out TRecord,
  in out TState extends QueryState = InitialState,
> {
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
   * ORs conditions on string keys: every condition added in `build` is one alternative (docs/protocol.md#filter),
   * and the whole `or()` is ANDed with the rest. At least two conditions; once per query.
   *
   * @example
   * q.or((b) => b.where('key2').eq('a').where('key3').not('b')); // { $or: [{ key2: 'a' }, { key3: { $not: 'b' } }] }
   */
  or<TBranches extends readonly object[]>(
    this: ThisGuard<TFields, OrError<TState>>,
    build: (branch: OrBuilder<TFields>) => OrBuilder<TFields, TBranches> & AtLeastTwo<TFields, TBranches>,
  ): QueryBuilder<TFields, TConfig, TRecord, WithMember<TState, '$or', TBranches>>;

  /**
   * Finds records where any of `key1..key20` contains `text` (3 to 200 characters). Needs plain search
   * keys; excludes `or()` and other `key1..key20` conditions.
   *
   * @example
   * q.searchKeys('gold'); // { search_keys: 'gold' }
   */
  searchKeys(
    text: Guard<TFields, SearchKeysError<TState, TConfig>, string>,
  ): QueryBuilder<TFields, TConfig, TRecord, WithMember<TState, 'search_keys', string>>;

  /**
   * Sorts by a field (key1..key20 need plain search keys); call again for secondary keys.
   *
   * @example
   * q.sortBy('range_key1', 'desc').sortBy('created_at', 'asc'); // sort: [{ range_key1: 'desc' }, { created_at: 'asc' }]
   */
  sortBy<TName extends FieldName<TFields>, TOrder extends string>(
    field: SortByGuard<TFields, TConfig, TState, TName>,
    order: Guard<TFields, TOrder extends SortDirection ? never : SortOrderMessage, TOrder>,
  ): QueryBuilder<
    TFields,
    TConfig,
    TRecord,
    WithSort<TState, FieldOf<TFields, TName>, Extract<TOrder, SortDirection>>
  >;

  /**
   * Page size, 1..100 (default 100). Async iteration uses it as the page size.
   *
   * @example
   * q.limit(10); // options: { limit: 10, offset: 0 }
   */
  limit<const TLimit>(
    // `& number`: a builder whose fields are `any` (AnyQuery) skips the rules, and must still refuse a string.
    limit: Guard<TFields, LimitCheck<TState, TLimit>, TLimit & number>,
  ): QueryBuilder<TFields, TConfig, TRecord, WithLimit<TState, TLimit & number>>;

  /**
   * Records to skip, ≥ 0 (default 0).
   *
   * @example
   * q.offset(20); // options: { limit: 100, offset: 20 }
   */
  offset<const TOffset>(
    offset: Guard<TFields, OffsetCheck<TState, TOffset>, TOffset & number>,
  ): QueryBuilder<TFields, TConfig, TRecord, WithOffset<TState, TOffset & number>>;

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

class QueryBuilderImpl<TRecord> implements ErasedMethods<QueryBuilder<FieldMap, QueryConfig, TRecord>> {
  readonly #props: QueryProps<TRecord>;

  constructor(props: QueryProps<TRecord>) {
    this.#props = Object.freeze(props);
    recordProxyTarget(this);
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
// A builder reached through a Proxy (instrumentation) still reaches its #props.
runOnProxyTarget(QueryBuilderImpl);
