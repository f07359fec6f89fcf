/**
 * Types of the plain object DSL (`storage.find(country, filter, options)`): as many docs/architecture.md#type-level-rules rules as
 * plain (non-generic) types can carry. What they cannot (duplicate sort fields, empty operator objects,
 * list lengths, limit ranges) is checked at run time by `validateQuery`.
 */
import type {
  AlwaysHashedKey,
  DateField,
  FilterableField,
  IntegerField,
  NullableDateField,
  SearchKey,
  SortableField,
  StringKey,
} from '../fields.js';
import type { DateInput, RangeKeyValue } from '../record.js';
import type { SortDirection } from './query-builder.js';
import type { PlainKeysOf, QueryConfig } from './query-config.js';
import type { Simplify } from './type-operators.js';

/** @hidden */
type ValuesOf<TValue> = TValue | readonly TValue[];

/**
 * `$gt` excludes `$gte`, `$lt` excludes `$lte`.
 * @hidden
 */
type Bounds<TValue> = (
  | { $gt: TValue; $gte?: never }
  | { $gte: TValue; $gt?: never }
  | { $gt?: never; $gte?: never }
) &
  ({ $lt: TValue; $lte?: never } | { $lte: TValue; $lt?: never } | { $lt?: never; $lte?: never });

/**
 * A condition on a string key: equals, any of, `$not`, null, not null.
 *
 * @example
 * const c: StringCondition = { $not: ['a', 'b'] };
 * @category Query builder
 */
export type StringCondition = ValuesOf<string> | null | { $not: ValuesOf<string> | null };

/**
 * A condition on `key1..key20`: `$like` only with plain search keys.
 *
 * @example
 * const c: SearchKeyCondition<{ plainSearchKeys: true }> = { $like: 'abc' };
 * @category Query builder
 */
export type SearchKeyCondition<TConfig extends QueryConfig> =
  | StringCondition
  | (PlainKeysOf<TConfig> extends true ? { $like: string } : never);

/**
 * A condition on a range key or `version`.
 *
 * @example
 * const c: IntegerCondition = { $gt: 1, $lte: 10 };
 * @category Query builder
 */
export type IntegerCondition =
  | ValuesOf<RangeKeyValue>
  | null
  | { $not: ValuesOf<RangeKeyValue> | null }
  | Bounds<RangeKeyValue>;

/**
 * A condition on a date field; `created_at`/`updated_at` are never null.
 *
 * @example
 * const c: DateCondition<'expires_at'> = { $lt: new Date() };
 * @category Query builder
 */
export type DateCondition<TField extends DateField> =
  | ValuesOf<DateInput>
  | (TField extends NullableDateField ? null : never)
  | { $not: ValuesOf<DateInput> | (TField extends NullableDateField ? null : never) }
  | Bounds<DateInput>;

/**
 * One `$or` alternative: string keys only, no `$like`, no nested `$or`.
 *
 * @example
 * const branch: TypedOrBranch = { key2: 'a' };
 * @category Query builder
 */
export type TypedOrBranch = { [K in StringKey]?: StringCondition };

type NonKeyFields = { [K in AlwaysHashedKey]?: StringCondition } & {
  [K in IntegerField]?: IntegerCondition;
} & {
  [K in DateField]?: DateCondition<K>;
};

/** @hidden */
type KeyFilter<TConfig extends QueryConfig> = NonKeyFields & {
  [K in SearchKey]?: SearchKeyCondition<TConfig>;
} & {
  /** At least two alternatives (a literal list is counted at compile time, any list at run time). */
  $or?: readonly TypedOrBranch[];
  search_keys?: never;
};

/** @hidden */
type SearchKeysFilter = NonKeyFields & { [K in SearchKey]?: never } & {
  /** 3 to 200 characters, matched in any of key1..key20. */
  search_keys: string;
  $or?: never;
};

/**
 * A find filter as a plain object, typed by the storage configuration: field kinds and operators, `$gt`
 * vs `$gte`, `$or` with string keys only and no nesting, `search_keys` vs `key1..key20`, and `$like` /
 * `search_keys` only with plain search keys.
 *
 * @example
 * const filter: TypedFilter<{ plainSearchKeys: true }> = {
 *   range_key1: { $gt: 1, $lte: 10 },
 *   $or: [{ key1: 'a' }, { key2: { $not: 'b' } }],
 * };
 * @category Query builder
 */
export type TypedFilter<TConfig extends QueryConfig> =
  | Simplify<KeyFilter<TConfig>>
  | PlainOnly<TConfig, Simplify<SearchKeysFilter>>;

/**
 * What `parseFilter` returns: a validated filter typed by the storage's configuration, as one object type
 * (every field optional; `search_keys` only with plain search keys), so that `find` infers it as it is.
 * Which fields exclude each other (`search_keys` and `key1..key20` or `$or`) was checked at run time.
 *
 * @example
 * const filter: ParsedFilter<{ readonly plainSearchKeys: true }> = parseFilter(storage, JSON.parse('{"key1":"a"}'));
 * @category Query builder
 */
export type ParsedFilter<TConfig extends QueryConfig> =
  PlainKeysOf<TConfig> extends true ? PlainParsedFilter : HashedParsedFilter;

// HACK: two fixed types instead of one generic: `find(…, parseFilter(storage, input))` checks the result
// while it infers, and a type computed once (and its FilterCheck) is reused instead of re-instantiated.
type ParsedFilterOf<TConfig extends QueryConfig> = Simplify<
  NonKeyFields & { [K in SearchKey]?: SearchKeyCondition<TConfig> } & {
    $or?: readonly TypedOrBranch[];
    search_keys?: PlainOnly<TConfig, string>;
  }
>;
/** @hidden */
export interface PlainParsedFilter extends ParsedFilterOf<{ readonly plainSearchKeys: true }> {}
/** @hidden */
export interface HashedParsedFilter extends ParsedFilterOf<{ readonly plainSearchKeys: false }> {}

/** @hidden */
type PlainOnly<TConfig extends QueryConfig, TType> = PlainKeysOf<TConfig> extends true ? TType : never;

/**
 * Fields one can sort by: key1..key20 only with plain search keys.
 *
 * @example
 * const field: TypedSortField<{ plainSearchKeys: false }> = 'range_key1';
 * @category Query builder
 */
export type TypedSortField<TConfig extends QueryConfig> =
  | Exclude<SortableField, SearchKey>
  | PlainOnly<TConfig, SearchKey>;

/**
 * One sort item: exactly one field.
 *
 * @example
 * const item: TypedSortItem<{ plainSearchKeys: false }> = { created_at: 'desc' };
 * @category Query builder
 */
export type TypedSortItem<TConfig extends QueryConfig, TDirection extends string = SortDirection> = {
  [K in TypedSortField<TConfig>]: { [P in K]: TDirection } & {
    [P in Exclude<TypedSortField<TConfig>, K>]?: never;
  };
}[TypedSortField<TConfig>];

/**
 * Find options as a plain object: `limit` 1..100 (default 100), `offset` ≥ 0 (default 0), `sort` items in
 * priority order, each field once.
 *
 * @example
 * const options: TypedFindOptions<{ plainSearchKeys: false }> = { limit: 10, sort: [{ range_key1: 'desc' }] };
 * @category Query builder
 */
export interface TypedFindOptions<TConfig extends QueryConfig> {
  limit?: number;
  offset?: number;
  sort?: readonly SortItemOf<TConfig>[];
}

// HACK: the two sort item unions are computed once, and chosen by a conditional type, which the compiler
// compares structurally; comparing TypedSortItem<A> with TypedSortItem<B> by their argument would measure
// the config as invariant, and a `Storage<PlainSearchKeys>` would not be assignable to a plain `Storage`.
/** @hidden */
type SortItemOf<TConfig extends QueryConfig> =
  PlainKeysOf<TConfig> extends true ? PlainSortItem : HashedSortItem;
type PlainSortItem = TypedSortItem<{ readonly plainSearchKeys: true }>;
type HashedSortItem = TypedSortItem<{ readonly plainSearchKeys: false }>;

/**
 * The shape `storage.find` and `findOne` infer a filter from: every filterable field (so editors complete
 * them) with any value, and any other name. FilterCheck then judges each property with the builder's
 * rules and messages, so a mistake reads `gt() call failed: key1 is not a range key, version or date
 * field` rather than a mismatch against an internal type.
 *
 * @example
 * const filter: FilterInput = { key1: 'a', range_key1: { $gte: 18 } };
 * @category Query builder
 */
export type FilterInput = {
  readonly [K in FilterableField]?: ConditionInput;
} & {
  readonly search_keys?: unknown;
  readonly $or?: readonly OrBranchInput[];
} & { readonly [field: string]: unknown };

/** @hidden */
type ConditionInput =
  | OperatorsInput
  | string
  | number
  | bigint
  | Date
  | null
  | { toDate(): Date }
  | readonly unknown[]
  | { readonly [operator: string]: unknown };

/** The operators, listed so editors complete them; which ones a field takes FilterCheck says. */
interface OperatorsInput {
  readonly $not?: unknown;
  readonly $gt?: unknown;
  readonly $gte?: unknown;
  readonly $lt?: unknown;
  readonly $lte?: unknown;
  readonly $like?: unknown;
}

/** @hidden */
type OrBranchInput = { readonly [K in StringKey]?: ConditionInput } & { readonly [field: string]: unknown };

/**
 * The options `storage.find` and `findOne` accept: `limit`, `offset` and a `sort` list whose items may
 * name any field with any direction (typed `string` too, a sort list held in a plain `const`), so that
 * FindOptionsCheck can name the field, say which fields sort, or say to write the list `as const`.
 *
 * @example
 * const options: FindOptionsInput<{ plainSearchKeys: false }> = { limit: 10, sort: [{ range_key1: 'desc' }] };
 * @category Query builder
 */
// biome-ignore lint/correctness/noUnusedVariables: kept for callers that name a configuration.
export interface FindOptionsInput<TConfig extends QueryConfig = QueryConfig> {
  limit?: number;
  offset?: number;
  sort?: readonly SortItemInput[];
}
/** @hidden */
type SortItemInput = { readonly [K in SortableField]?: string } & { readonly [field: string]: unknown };
