/**
 * The object DSL's checks that plain types cannot carry, as intersections in the manner of the builder's
 * QueryTypeError: `storage.find(country, filter, options)` infers the filter and options it is given (a
 * literal or a variable) and meets each with a check that is `unknown` where it is legal and a
 * QueryTypeError, with the builder's message, where it is not. Object types let a variable carry extra
 * properties (`body`, a range key inside an `$or` branch) that only these checks see.
 */
import type { FilterableField, StringKey } from '../fields.js';
import type {
  NotFilterableMessage,
  OrNestedMessage,
  OrNotStringKeyMessage,
  OrTooFewMessage,
  SortAsConstMessage,
  SortedTwiceMessage,
  SortOrderMessage,
} from './query-messages.js';
import type { InitialState } from './query-state.js';
import type { QueryTypeError } from './query-type-error.js';
import type { LimitError, OffsetError } from './query-type-rules.js';

/** @hidden */
type Check<TMessage extends string> = [TMessage] extends [never] ? unknown : QueryTypeError<TMessage>;

/** */
type OrBranchCheck<TBranch> = {
  [K in keyof TBranch]: K extends StringKey
    ? unknown
    : K extends '$or'
      ? QueryTypeError<OrNestedMessage>
      : QueryTypeError<OrNotStringKeyMessage<K & string>>;
};

/** @hidden */
type OrBranchesCheck<TBranches> = { readonly [I in keyof TBranches]: OrBranchCheck<TBranches[I]> };

/**
 * `unknown` for a legal filter; otherwise a QueryTypeError on each property that is not a filterable field,
 * and on each `$or` branch property that is not a string key (or is a nested `$or`).
 *
 * @example
 * type C = FilterCheck<{ key1: string; body: string }>; // { key1: unknown; body: QueryTypeError<"where() call failed: body is not a filterable field"> }
 */
export type FilterCheck<TFilter> = {
  [K in keyof TFilter]: K extends FilterableField | 'search_keys'
    ? unknown
    : K extends '$or'
      ? TFilter[K] extends readonly [] | readonly [unknown]
        ? QueryTypeError<OrTooFewMessage>
        : TFilter[K] extends readonly unknown[]
          ? // Mapped over the list itself, so a tuple with a spread (`[...ids.map(…), { … }]`) stays a tuple.
            OrBranchesCheck<TFilter[K]>
          : unknown
      : QueryTypeError<NotFilterableMessage<K & string>>;
};

/**
 * The first field a sort list names twice (never when there is none or the list is not a tuple).
 */
type TwiceSorted<TSort, TSeen = never> = TSort extends readonly [infer THead, ...infer TRest]
  ? [keyof THead & TSeen] extends [never]
    ? TwiceSorted<TRest, TSeen | keyof THead>
    : keyof THead & TSeen & string
  : never;

/**
 * A direction typed `string` (the list was widened), then one that is not 'asc' or 'desc', then a field
 * sorted twice.
 * @hidden
 */
type SortOrderError<TSort> =
  DirectionsOf<TSort> extends infer TEntry
    ? [Extract<TEntry, readonly [string, 'widened']>] extends [never]
      ? [Extract<TEntry, readonly [string, 'bad']>] extends [never]
        ? SortedTwiceMessage<TwiceSorted<TSort>>
        : SortOrderMessage
      : SortAsConstMessage<Extract<TEntry, readonly [string, 'widened']>[0]>
    : never;

/** [field, 'widened' | 'bad'] per sort item field whose direction is not a literal 'asc' or 'desc'. */
type DirectionsOf<TSort> = TSort extends readonly (infer TItem)[]
  ? TItem extends unknown
    ? {
        [F in keyof TItem]-?: string extends TItem[F]
          ? readonly [F & string, 'widened']
          : TItem[F] extends 'asc' | 'desc' | undefined
            ? never
            : readonly [F & string, 'bad'];
      }[keyof TItem]
    : never
  : never;

/**
 * `unknown` for legal options; otherwise QueryTypeErrors on a literal `limit` outside 1..100, a literal
 * negative or fractional `offset`, and a `sort` that names a field twice.
 *
 * @example
 * type C = FindOptionsCheck<{ limit: 101 }>; // { limit: QueryTypeError<"limit() call failed: 101 is outside 1..100; page with offset()"> }
 */
export type FindOptionsCheck<TOptions> = {
  [K in keyof TOptions]: K extends 'limit'
    ? TOptions[K] extends number
      ? Check<LimitError<InitialState, TOptions[K]>>
      : unknown
    : K extends 'offset'
      ? TOptions[K] extends number
        ? Check<OffsetError<InitialState, TOptions[K]>>
        : unknown
      : K extends 'sort'
        ? Check<SortOrderError<TOptions[K]>>
        : unknown;
};
