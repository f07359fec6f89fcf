/**
 * The rules of docs/architecture.md#type-level-rules at the type level. Each `*Error` type computes the message of the first broken
 * rule (never when the call is legal), in the same order as the run-time checks in query-rules.ts; `Guard`
 * turns it into a {@link QueryTypeError} parameter type.
 */
import type {
  DateField,
  FilterableField,
  IntegerField,
  NullableDateField,
  SEARCH_KEYS,
  SearchKey,
  SortableField,
  StringKey,
} from '../fields.js';
import type { FieldLabel, FieldMap, FieldOf } from './field-map.js';
import type { PlainKeysOf, QueryConfig } from './query-config.js';
import type {
  AlreadyHasMessage,
  ConditionLabel,
  LikeNotSearchKeyMessage,
  LimitRangeMessage,
  NeedsLiteralPlainKeysMessage,
  NeedsPlainKeysMessage,
  NegativeOffsetMessage,
  NeverNullMessage,
  NotComparableMessage,
  NotFilterableMessage,
  NotIntegerMessage,
  NotSortableMessage,
  OnceMessage,
  OrNotStringKeyMessage,
  OrTooFewMessage,
  OrWithSearchKeysMessage,
  SearchKeysWithKeyMessage,
  SearchKeysWithLikeMessage,
  SearchKeysWithOrMessage,
  SortedTwiceMessage,
  WhereWithSearchKeysMessage,
  WrongValueMessage,
} from './query-messages.js';
import type { BLOCKING_LABELS, ConditionMethod } from './query-rules.js';
import type { InitialState, QueryState } from './query-state.js';
import type { QueryTypeError } from './query-type-error.js';
import type { IsAny, IsPageSize } from './type-operators.js';

/**
 * `TValue` when the message is never, else the error. A builder whose field map is `any` (see AnyQuery)
 * checks nothing: inside a generic helper every field is `any`, and rules would fire on it. (IsAny is
 * inlined here and in `Known`: they run on every call.)
 * @hidden
 */
export type Guard<TFields, TMessage extends string, TValue> = 0 extends 1 & TFields
  ? TValue
  : [TMessage] extends [never]
    ? TValue
    : QueryTypeError<TMessage>;

/**
 * {@link Guard} for methods without parameters: the error goes to `this`.
 * @hidden
 */
export type ThisGuard<TFields, TMessage extends string> = Guard<TFields, TMessage, unknown>;

/**
 * {@link Guard} for a field-name parameter. While the editor asks for completions, the compiler tries the
 * name with its constraint, every name plus `string & {}`: the parameter is then the union of `TNames`
 * (the legal names), which the language service lists. A real call has a literal name (or a union of
 * them) and gets the rule. HACK: `string extends TName` rather than a union test, which cost a fifth of
 * each call's type instantiations.
 * @hidden
 */
export type NameGuard<TFields, TName, TMessage extends string, TNames> = string extends TName
  ? TNames
  : Guard<TFields, TMessage, TName>;

/**
 * True when the storage sends key1..key20 in plain text.
 */
type Plain<TConfig extends QueryConfig> = PlainKeysOf<TConfig> extends true ? true : false;

/**
 * The "needs plain search keys" message: with the usual hint, or, when the configuration is `boolean`
 * (a widened `hashSearchKeys`, or a plain `Storage` parameter), the hint to write it as a literal.
 */
type NeedsPlain<TConfig extends QueryConfig, TMethod extends string, TLabel extends string> =
  boolean extends PlainKeysOf<TConfig>
    ? NeedsLiteralPlainKeysMessage<TMethod, TLabel>
    : NeedsPlainKeysMessage<TMethod, TLabel>;

/**
 * Names of the map whose record field passes `TFilter` (completions of where, sortBy and or-branches).
 */
export type NamesOf<TFields, TFilter> = {
  [K in keyof TFields]: TFields[K] extends TFilter ? K : never;
}[keyof TFields] &
  string;

/**
 * Names `sortBy` may take: sortable fields, key1..key20 only with plain search keys.
 */
export type SortableNames<TFields, TConfig extends QueryConfig> = NamesOf<
  TFields,
  Plain<TConfig> extends true ? SortableField : Exclude<SortableField, SearchKey>
>;

/**
 * The state as the rules read it. A dynamic builder's state is `any` (see `$dynamic()`): it knows nothing
 * about earlier calls, so only the rules that do not depend on them apply, and the run time checks the rest.
 */
type Known<TState extends QueryState> = 0 extends 1 & TState ? InitialState : TState;

type SearchKeysTail = typeof SEARCH_KEYS extends readonly [unknown, ...infer TRest] ? TRest : never;
/** Each search key mapped to the next (key1 -> key2, …), computed once for FirstSearchKey to step through. */
type NextSearchKey = {
  [I in keyof SearchKeysTail & `${number}` as (typeof SEARCH_KEYS)[I & keyof typeof SEARCH_KEYS] &
    string]: SearchKeysTail[I];
};

/**
 * The first of SEARCH_KEYS that is in `TPresent` (so unions report one deterministic message), stepping
 * through a precomputed map instead of slicing the 20-key tuple at each step (every slice is a new tuple
 * type).
 */
export type FirstSearchKey<TPresent, TKey = (typeof SEARCH_KEYS)[0]> = [TPresent & SearchKey] extends [never]
  ? never
  : TKey extends TPresent
    ? TKey
    : TKey extends keyof NextSearchKey
      ? FirstSearchKey<TPresent, NextSearchKey[TKey]>
      : never;

/** Labels of the conditions already on a field, read from its filter value (one lookup). */
type LabelsOn<TState extends QueryState, TField> = LabelOf<
  Known<TState>['filter'][TField & keyof Known<TState>['filter']]
>;
type LabelOf<TCondition> = TCondition extends undefined // an optional member, added inside $if
  ? never
  : TCondition extends null
    ? 'isNull'
    : TCondition extends readonly unknown[]
      ? 'eq'
      : TCondition extends object
        ? TCondition extends { $not: null }
          ? 'isNotNull'
          : keyof TCondition & ConditionLabel
        : 'eq';

/**
 * Once-only methods leave a trace in the state: `or()` and `searchKeys()` their filter member (`$or`,
 * `search_keys`), `limit()` and `offset()` a value other than `never`. The rules read it inline.
 */

/**
 * `where(name)` at the top level.
 * @hidden
 */
export type WhereError<
  TFields extends FieldMap,
  TState extends QueryState,
  TName,
> = TName extends keyof TFields
  ? TFields[TName] extends SearchKey
    ? 'search_keys' extends keyof Known<TState>['filter']
      ? WhereWithSearchKeysMessage<FieldLabel<TName & string, TFields[TName]>>
      : never
    : never
  : NotFilterableMessage<TName & string>;

/**
 * `where(name)` inside `or()`: string keys only.
 */
export type OrWhereError<TFields extends FieldMap, TName> = TName extends keyof TFields
  ? FieldOf<TFields, TName> extends StringKey
    ? never
    : OrNotStringKeyMessage<FieldLabel<TName & string, FieldOf<TFields, TName> & string>>
  : NotFilterableMessage<TName & string>;

/**
 * `where(name)`'s parameter inside `or()`: {@link NameGuard} with the completion list (string keys) in its
 * branch, so that a real call does not compute it.
 * @hidden
 */
export type OrWhereGuard<TFields extends FieldMap, TName> = string extends TName
  ? NamesOf<TFields, StringKey>
  : Guard<TFields, OrWhereError<TFields, TName>, TName>;

/**
 * A condition method on a field that already has conditions: the first label that blocks it. `eq()` and
 * `not()` check only this (every filterable field takes them). Each condition method names its own rule
 * (CompareError, NullError, LikeError) rather than dispatching on the method's name, which cost each call
 * a conditional type per test.
 * @hidden
 */
export type Conflict<
  TMethod extends ConditionMethod,
  TName extends string,
  TState extends QueryState,
  TField extends FilterableField,
> = [TField & keyof Known<TState>['filter']] extends [never]
  ? never // the usual case, a field without conditions: its labels are not read
  : FirstLabel<
        LabelsOn<TState, TField> & (typeof BLOCKING_LABELS)[TMethod][number]
      > extends infer TBlocking extends ConditionLabel
    ? [TBlocking] extends [never]
      ? never
      : AlreadyHasMessage<TMethod, FieldLabel<TName, TField>, TBlocking>
    : never;

/**
 * The first of some labels in reporting order. Every BLOCKING_LABELS list follows this one order, so the
 * first blocking label present is found without walking the method's list.
 */
export type FirstLabel<TLabels> = [TLabels] extends [never]
  ? never
  : 'eq' extends TLabels
    ? 'eq'
    : '$not' extends TLabels
      ? '$not'
      : 'isNull' extends TLabels
        ? 'isNull'
        : 'isNotNull' extends TLabels
          ? 'isNotNull'
          : '$like' extends TLabels
            ? '$like'
            : '$gt' extends TLabels
              ? '$gt'
              : '$gte' extends TLabels
                ? '$gte'
                : '$lt' extends TLabels
                  ? '$lt'
                  : TLabels;

/**
 * `gt()`, `gte()`, `lt()`, `lte()`: range keys, `version` and dates only, then conflicts.
 * @hidden
 */
export type CompareError<
  TMethod extends 'gt' | 'gte' | 'lt' | 'lte',
  TName extends string,
  TField extends FilterableField,
  TState extends QueryState,
> = TField extends IntegerField | DateField
  ? Conflict<TMethod, TName, TState, TField>
  : NotComparableMessage<TMethod, FieldLabel<TName, TField>>;

/**
 * `isNull()` / `isNotNull()`: not on `created_at` / `updated_at`, then conflicts.
 * @hidden
 */
export type NullError<
  TMethod extends 'isNull' | 'isNotNull',
  TName extends string,
  TField extends FilterableField,
  TState extends QueryState,
> =
  TField extends Exclude<DateField, NullableDateField>
    ? NeverNullMessage<TMethod, FieldLabel<TName, TField>>
    : Conflict<TMethod, TName, TState, TField>;

/**
 * `like()`: key1..key20 with plain search keys, then conflicts.
 */
export type LikeError<
  TName extends string,
  TField extends FilterableField,
  TState extends QueryState,
  TConfig extends QueryConfig,
> = TField extends SearchKey
  ? Plain<TConfig> extends true
    ? Conflict<'like', TName, TState, TField>
    : NeedsPlain<TConfig, 'like', FieldLabel<TName, TField>>
  : LikeNotSearchKeyMessage<FieldLabel<TName, TField>>;

type LikedKeys<TFilter> = {
  [K in keyof TFilter]: Exclude<TFilter[K], undefined> extends { $like: unknown } ? K : never;
}[keyof TFilter];

/**
 * `searchKeys(text)`.
 * @hidden
 */
export type SearchKeysError<
  TState extends QueryState,
  TConfig extends QueryConfig,
> = 'search_keys' extends keyof Known<TState>['filter']
  ? OnceMessage<'searchKeys'>
  : Plain<TConfig> extends false
    ? NeedsPlain<TConfig, 'searchKeys', 'search_keys'>
    : '$or' extends keyof Known<TState>['filter']
      ? SearchKeysWithOrMessage
      : [keyof Known<TState>['filter'] & SearchKey] extends [never]
        ? never // the usual case, no key1..key20 condition: the keys are not walked
        : FirstSearchKey<LikedKeys<Known<TState>['filter']>> extends infer TLiked extends string
          ? [TLiked] extends [never]
            ? SearchKeysWithKeyMessage<FirstSearchKey<keyof Known<TState>['filter']> & string>
            : SearchKeysWithLikeMessage<TLiked>
          : never;

/**
 * `or(build)`.
 * @hidden
 */
export type OrError<TState extends QueryState> = '$or' extends keyof Known<TState>['filter']
  ? OnceMessage<'or'>
  : 'search_keys' extends keyof Known<TState>['filter']
    ? OrWithSearchKeysMessage
    : never;

/**
 * An `or()` callback must add two conditions or more. Unknown when it cannot be counted: under AnyQuery,
 * or when the branches were added in a loop (a plain array type); the run-time check covers those.
 * @hidden
 */
export type AtLeastTwo<TFields, TBranches extends readonly unknown[]> =
  IsAny<TFields> extends true
    ? unknown
    : number extends TBranches['length']
      ? unknown
      : TBranches extends readonly [unknown, unknown, ...unknown[]]
        ? unknown
        : QueryTypeError<OrTooFewMessage>;

/**
 * `sortBy(name, order)`.
 */
export type SortByError<
  TFields extends FieldMap,
  TConfig extends QueryConfig,
  TState extends QueryState,
  TName,
> =
  FieldOf<TFields, TName> extends infer TField extends SortableField
    ? [TField] extends [never]
      ? NotSortableMessage<TName & string>
      : TField extends SearchKey
        ? Plain<TConfig> extends true
          ? SortedTwice<TState, TName & string, TField>
          : NeedsPlain<TConfig, 'sortBy', FieldLabel<TName & string, TField>>
        : SortedTwice<TState, TName & string, TField>
    : NotSortableMessage<FieldLabel<TName & string, FieldOf<TFields, TName> & string>>;

/**
 * `sortBy(name)`'s parameter: {@link NameGuard} with the completion list in its branch, so that a real call
 * (a literal name) does not compute the sortable names.
 * @hidden
 */
export type SortByGuard<
  TFields extends FieldMap,
  TConfig extends QueryConfig,
  TState extends QueryState,
  TName,
> = string extends TName
  ? SortableNames<TFields, TConfig>
  : Guard<TFields, SortByError<TFields, TConfig, TState, TName>, TName>;

// An intersection, not a walk over the items: each `"field order"` item matches the pattern or vanishes.
type SortedTwice<TState extends QueryState, TName extends string, TField extends string> = [
  Known<TState>['sort'][number] & `${TField} ${string}`,
] extends [never]
  ? never
  : SortedTwiceMessage<FieldLabel<TName, TField>>;

/**
 * A condition's value: each value (or list item, where lists are allowed) must be of the accepted type,
 * and a literal for an integer field must be an integer. True when it is not; the caller builds the
 * message only then (naming the accepted kind costs more than the check).
 */
export type WrongValue<
  TField extends FilterableField,
  TAccepted,
  TValue,
  TList extends boolean,
> = unknown extends TValue
  ? never // not inferred yet (a method referenced, not called)
  : [TValue] extends [TAccepted] // the usual case, one value of the accepted type, decided in one step
    ? TField extends IntegerField
      ? true extends FractionIn<TValue>
        ? true
        : never
      : never
    : WrongItems<
        TField,
        TAccepted,
        TList extends true ? (TValue extends readonly unknown[] ? TValue[number] : TValue) : TValue
      >;
type WrongItems<TField extends FilterableField, TAccepted, TEach> = [TEach] extends [TAccepted]
  ? TField extends IntegerField
    ? true extends FractionIn<TEach>
      ? true
      : never
    : never
  : true;

/**
 * WrongValue with its message: for callers that name the method and the field whatever the rule found
 * (like(), or() branches, the object DSL).
 */
export type ValueError<
  TMethod extends string,
  TLabel extends string,
  TField extends FilterableField,
  TAccepted,
  TKind extends string,
  TValue,
  TList extends boolean,
> = [WrongValue<TField, TAccepted, TValue, TList>] extends [never]
  ? never
  : WrongValueMessage<TMethod, TLabel, TKind>;

/** True for each fractional number literal of a union (distributive). */
type FractionIn<TValue> = TValue extends number ? IsFraction<TValue> : false;

/** */
type IsFraction<TValue extends number> = `${TValue}` extends `${string}.${string}` | `${string}e-${string}`
  ? true
  : false;

/**
 * `limit(n)`: once; a literal must be an integer in 1..100 (a plain `number` is checked at run time).
 * @hidden
 */
export type LimitError<TState extends QueryState, TLimit extends number> = [Known<TState>['limit']] extends [
  never,
]
  ? number extends TLimit
    ? never
    : IsFraction<TLimit> extends true
      ? NotIntegerMessage<'limit', TLimit>
      : IsPageSize<TLimit> extends true
        ? never
        : LimitRangeMessage<TLimit>
  : OnceMessage<'limit'>;

/**
 * `limit(value)`: {@link LimitError} for a number; for any other value the run-time message (`a string
 * is not an integer`), not the compiler's "not assignable to number". `unknown` is the method read
 * without a call (`typeof q.limit`), its type parameter erased: it takes a number.
 * @hidden
 */
export type LimitCheck<TState extends QueryState, TLimit> = TLimit extends number
  ? LimitError<TState, TLimit>
  : unknown extends TLimit
    ? LimitError<TState, number>
    : NotIntegerMessage<'limit', `a ${TypeOfName<TLimit>}`>;

/**
 * `offset(value)`: {@link OffsetError} for a number, else as {@link LimitCheck}.
 * @hidden
 */
export type OffsetCheck<TState extends QueryState, TOffset> = TOffset extends number
  ? OffsetError<TState, TOffset>
  : unknown extends TOffset
    ? OffsetError<TState, number>
    : NotIntegerMessage<'offset', `a ${TypeOfName<TOffset>}`>;

/** What `typeof` says of a value of type `T`, as the run-time message names it. */
type TypeOfName<T> = T extends string
  ? 'string'
  : T extends bigint
    ? 'bigint'
    : T extends boolean
      ? 'boolean'
      : T extends undefined
        ? 'undefined'
        : T extends symbol
          ? 'symbol'
          : T extends (...args: never[]) => unknown
            ? 'function'
            : 'object';

/**
 * `offset(n)`: once; a literal must be a non-negative integer.
 * @hidden
 */
export type OffsetError<TState extends QueryState, TOffset extends number> = [
  Known<TState>['offset'],
] extends [never]
  ? number extends TOffset
    ? never
    : IsFraction<TOffset> extends true
      ? NotIntegerMessage<'offset', TOffset>
      : `${TOffset}` extends `-${string}`
        ? NegativeOffsetMessage<TOffset>
        : never
  : OnceMessage<'offset'>;
