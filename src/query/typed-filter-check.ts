/**
 * The object DSL's rules, as intersections in the manner of the builder's QueryTypeError:
 * `storage.find(country, filter, options)` infers the filter and options it is given (a literal or a
 * variable) under a loose shape (FilterInput, FindOptionsInput) and meets each with a check that is
 * `unknown` where it is legal and a QueryTypeError where it is not. Each condition is judged as the builder
 * calls it stands for (`{ key1: { $gt: 1 } }` is `where('key1').gt(1)`), so both ways of writing a query
 * fail with one text, and the run time (condition-explanation.ts) says the same.
 */
import type {
  DateField,
  FilterableField,
  IntegerField,
  NullableDateField,
  SearchKey,
  SORTABLE_FIELDS,
  SortableField,
  StringKey,
} from '../fields.js';
import type { DateInput, RangeKeyValue } from '../record.js';
import type { PlainKeysOf, PlainSearchKeys, QueryConfig } from './query-config.js';
import type {
  AlreadyHasMessage,
  ConditionLabel,
  KIND_VALUES,
  LikeInOrMessage,
  LikeNotSearchKeyMessage,
  NeedsLiteralPlainKeysMessage,
  NeedsPlainKeysMessage,
  NeverNullMessage,
  NotComparableMessage,
  NotFilterableMessage,
  NotSortableMessage,
  OrNestedMessage,
  OrNotStringKeyMessage,
  OrTooFewMessage,
  OrWithSearchKeysMessage,
  SortAsConstMessage,
  SortedTwiceMessage,
  SortItemFieldsMessage,
  SortOrderMessage,
  UnknownOperatorMessage,
  UntypedFilterMessage,
  WhereWithSearchKeysMessage,
  WrongValueMessage,
} from './query-messages.js';
import type { BLOCKING_LABELS, ConditionMethod } from './query-rules.js';
import type { InitialState } from './query-state.js';
import type { QueryTypeError } from './query-type-error.js';
import type {
  FirstLabel,
  FirstSearchKey,
  LimitError,
  OffsetError,
  ValueError,
  WrongValue,
} from './query-type-rules.js';
import type {
  DateCondition,
  HashedParsedFilter,
  IntegerCondition,
  PlainParsedFilter,
  SearchKeyCondition,
  StringCondition,
  TypedFilter,
  TypedOrBranch,
} from './typed-filter.js';

/** @hidden */
type Check<TMessage extends string> = [TMessage] extends [never] ? unknown : QueryTypeError<TMessage>;

/** Names present with a value (an optional `never`/`undefined` member of a union type does not count). */
type Present<TObject> = {
  [K in keyof TObject]-?: [Exclude<TObject[K], undefined>] extends [never] ? never : K;
}[keyof TObject];

type NeedsPlain<TConfig extends QueryConfig, TMethod extends string, TField extends string> =
  boolean extends PlainKeysOf<TConfig>
    ? NeedsLiteralPlainKeysMessage<TMethod, TField>
    : NeedsPlainKeysMessage<TMethod, TField>;

// ── one condition ────────────────────────────────────────────────────────────────────────────────────

/** The builder method each operator stands for; the order is the one conflicts are reported in. */
type OperatorMethods = {
  $not: 'not';
  $like: 'like';
  $gt: 'gt';
  $gte: 'gte';
  $lt: 'lt';
  $lte: 'lte';
};
type OperatorOrder = readonly ['$not', '$like', '$gt', '$gte', '$lt', '$lte'];
type Operator = keyof OperatorMethods;

type ValueKind<TField extends FilterableField | 'search_keys'> = TField extends IntegerField
  ? [RangeKeyValue, (typeof KIND_VALUES)['integer']]
  : TField extends DateField
    ? [DateInput, (typeof KIND_VALUES)['date']]
    : [string, (typeof KIND_VALUES)['string']];

type ValueMessage<TMethod extends string, TField extends FilterableField, TValue, TList extends boolean> = [
  WrongValue<TField, ValueKind<TField>[0], TValue, TList>,
] extends [never]
  ? never
  : WrongValueMessage<TMethod, TField, ValueKind<TField>[1]>;

type Scope = 'query' | 'or';

/** The rule a method breaks on a field, whatever else the condition holds (the builder's ConditionError). */
type MethodRule<
  TMethod extends ConditionMethod,
  TField extends FilterableField,
  TConfig extends QueryConfig,
  TScope extends Scope,
> = TMethod extends 'gt' | 'gte' | 'lt' | 'lte'
  ? TField extends IntegerField | DateField
    ? never
    : NotComparableMessage<TMethod, TField>
  : TMethod extends 'isNull' | 'isNotNull'
    ? TField extends Exclude<DateField, NullableDateField>
      ? NeverNullMessage<TMethod, TField>
      : never
    : TMethod extends 'like'
      ? TField extends SearchKey
        ? TScope extends 'or'
          ? LikeInOrMessage<TField>
          : PlainKeysOf<TConfig> extends true
            ? never
            : NeedsPlain<TConfig, 'like', TField>
        : LikeNotSearchKeyMessage<TField>
      : never;

/** Operators written before TOperator (in OperatorOrder) that block its method. */
type Conflict<TOperator extends Operator, TPresent, TField extends string> =
  FirstLabel<
    Exclude<TPresent, TOperator> & (typeof BLOCKING_LABELS)[OperatorMethods[TOperator]][number]
  > extends infer TBlocking extends ConditionLabel
    ? [TBlocking] extends [never]
      ? never
      : AlreadyHasMessage<OperatorMethods[TOperator], TField, TBlocking>
    : never;

/** Each operator mapped to the one after it in OperatorOrder ('end' after the last). */
type NextOperator = { $not: '$like'; $like: '$gt'; $gt: '$gte'; $gte: '$lt'; $lt: '$lte'; $lte: 'end' };

/**
 * The first message of the operators of one condition object, in OperatorOrder (stepping through
 * NextOperator rather than slicing the tuple: every slice is a new tuple type).
 */
type OperatorsMessage<
  TCondition,
  TField extends FilterableField,
  TConfig extends QueryConfig,
  TScope extends Scope,
  TPresent = Present<TCondition>,
  TOperator extends Operator | 'end' = OperatorOrder[0],
  TSeen = never,
> = TOperator extends Operator
  ? TOperator extends TPresent
    ? OperatorMessage<TOperator, TCondition, TField, TConfig, TScope, TSeen> extends infer TMessage
      ? [TMessage] extends [never]
        ? OperatorsMessage<
            TCondition,
            TField,
            TConfig,
            TScope,
            TPresent,
            NextOperator[TOperator],
            TSeen | TOperator
          >
        : TMessage
      : never
    : OperatorsMessage<TCondition, TField, TConfig, TScope, TPresent, NextOperator[TOperator], TSeen>
  : never;

type OperatorMessage<
  TOperator extends Operator,
  TCondition,
  TField extends FilterableField,
  TConfig extends QueryConfig,
  TScope extends Scope,
  TSeen,
> = TOperator extends '$not'
  ? [Exclude<TCondition[TOperator & keyof TCondition], undefined>] extends [null]
    ? MethodRule<'isNotNull', TField, TConfig, TScope>
    : ValueMessage<'not', TField, Exclude<TCondition[TOperator & keyof TCondition], undefined | null>, true>
  : MethodRule<OperatorMethods[TOperator], TField, TConfig, TScope> extends infer TRule
    ? [TRule] extends [never]
      ? Conflict<TOperator, TSeen, TField> extends infer TConflict
        ? [TConflict] extends [never]
          ? ValueMessage<
              OperatorMethods[TOperator],
              TField,
              Exclude<TCondition[TOperator & keyof TCondition], undefined>,
              false
            >
          : TConflict
        : never
      : TRule
    : never;

/** What is wrong with one field's condition (never when nothing is), in the builder's words. */
type ConditionMessage<
  TField extends FilterableField,
  TCondition,
  TConfig extends QueryConfig,
  TScope extends Scope,
> = unknown extends TCondition
  ? never
  : TCondition extends undefined
    ? never
    : TCondition extends null
      ? MethodRule<'isNull', TField, TConfig, TScope>
      : TCondition extends readonly unknown[] | string | number | bigint | Date | { toDate(): Date }
        ? ValueMessage<'eq', TField, TCondition, true>
        : Exclude<Present<TCondition>, Operator> extends infer TUnknown extends string
          ? [TUnknown] extends [never]
            ? OperatorsMessage<TCondition, TField, TConfig, TScope>
            : UnknownOperatorMessage<TField, TUnknown>
          : never;

// ── the filter ───────────────────────────────────────────────────────────────────────────────────────

/**
 * `search_keys` given for sure: a literal's, or a required property. An optional one (a ParsedFilter, a
 * declared type) leaves the combinations with key1..key20 and `$or` to the run time.
 */
type HasSearchKeys<TFilter> = 'search_keys' extends keyof TFilter
  ? {} extends Pick<TFilter, 'search_keys'>
    ? false
    : [Exclude<TFilter['search_keys' & keyof TFilter], undefined>] extends [never]
      ? false
      : true
  : false;

/** The legal condition type of a field (TypedFilter's), for the fast path of typed variables. */
type LegalCondition<TField extends FilterableField, TConfig extends QueryConfig> = TField extends SearchKey
  ? SearchKeyCondition<TConfig>
  : TField extends StringKey
    ? StringCondition
    : TField extends IntegerField
      ? IntegerCondition
      : TField extends DateField
        ? DateCondition<TField>
        : never;

/**
 * True when a condition is typed exactly as TypedFilter types it (a TypedFilter or ParsedFilter variable):
 * legal, and checked without walking its union member by member. Literals never are.
 */
type IsLegalType<TCondition, TLegal> = [TLegal] extends [TCondition]
  ? [TCondition] extends [TLegal]
    ? true
    : false
  : false;

// A field's check takes its condition, not the filter: a condition written alike in two filters (or
// one filter inferred again while a failed call is reported) is checked once.
type ConditionCheck<
  TCondition,
  TField extends FilterableField,
  TConfig extends QueryConfig,
  TWithSearchKeys extends boolean,
> =
  // Every legal condition type takes a plain string or number (which IsLegalType needs), so a literal is
  // told apart from a typed variable without the comparisons.
  (string extends TCondition ? true : number extends TCondition ? true : false) extends false
    ? ConditionCheckSlow<TCondition, TField, TConfig, TWithSearchKeys>
    : IsLegalType<Exclude<TCondition, undefined>, LegalCondition<TField, TConfig>> extends true
      ? TWithSearchKeys extends true
        ? TField extends SearchKey
          ? QueryTypeError<WhereWithSearchKeysMessage<TField>>
          : unknown
        : unknown
      : ConditionCheckSlow<TCondition, TField, TConfig, TWithSearchKeys>;

type ConditionCheckSlow<
  TCondition,
  TField extends FilterableField,
  TConfig extends QueryConfig,
  TWithSearchKeys extends boolean,
> = Check<
  TField extends SearchKey
    ? TWithSearchKeys extends true
      ? [Exclude<TCondition, undefined>] extends [never]
        ? never
        : WhereWithSearchKeysMessage<TField>
      : ConditionMessage<TField, TCondition, TConfig, 'query'>
    : ConditionMessage<TField, TCondition, TConfig, 'query'>
>;

type SearchKeysCheck<TValue, TConfig extends QueryConfig> = Check<
  PlainKeysOf<TConfig> extends true
    ? [Exclude<TValue, undefined>] extends [never]
      ? never
      : ValueError<
          'searchKeys',
          'search_keys',
          SearchKey,
          string,
          (typeof KIND_VALUES)['string'],
          Exclude<TValue, undefined>,
          false
        >
    : [Exclude<TValue, undefined>] extends [never]
      ? never
      : NeedsPlain<TConfig, 'searchKeys', 'search_keys'>
>;

/** What is wrong with one `$or` branch: a property that is not a string key, a nested `$or`, a condition. */
type OrBranchMessage<TBranch, TConfig extends QueryConfig> = TBranch extends unknown
  ? {
      [K in keyof TBranch]-?: K extends StringKey
        ? ConditionMessage<K, TBranch[K], TConfig, 'or'>
        : K extends '$or'
          ? OrNestedMessage
          : OrNotStringKeyMessage<K & string>;
    }[keyof TBranch]
  : never;

/** The first branch's message in a tuple (spreads included); any branch's in an array. */
type OrBranchesMessage<TBranches, TConfig extends QueryConfig> = TBranches extends readonly [
  infer THead,
  ...infer TRest,
]
  ? OrBranchMessage<THead, TConfig> extends infer TMessage
    ? [TMessage] extends [never]
      ? OrBranchesMessage<TRest, TConfig>
      : TMessage
    : never
  : TBranches extends readonly (infer TBranch)[]
    ? OrBranchMessage<TBranch, TConfig>
    : never;

type OrCheck<TFilter, TBranches, TConfig extends QueryConfig> = OrListCheck<
  TFilter,
  Exclude<TBranches, undefined>,
  TConfig
>;

type OrListCheck<TFilter, TBranches, TConfig extends QueryConfig> = [TBranches] extends [never]
  ? unknown
  : HasSearchKeys<TFilter> extends true
    ? QueryTypeError<OrWithSearchKeysMessage>
    : IsLegalType<TBranches, readonly TypedOrBranch[]> extends true
      ? unknown
      : TBranches extends readonly [] | readonly [unknown]
        ? QueryTypeError<OrTooFewMessage>
        : TBranches extends readonly unknown[]
          ? Check<OrBranchesMessage<TBranches, TConfig> & string>
          : unknown;

/**
 * `unknown` for a legal filter; otherwise a QueryTypeError, with the message of the builder call the
 * property stands for, on each property that breaks a rule: a field that is not filterable, an operator
 * the field does not take (or with a value of the wrong kind), `$like` / `search_keys` without plain
 * search keys, `search_keys` with key1..key20 or `$or`, and `$or` branches that are not string keys.
 * TConfig is the storage's configuration (plain keys when omitted).
 *
 * @example
 * type C = FilterCheck<{ key1: string; body: string }>; // { key1: unknown; body: QueryTypeError<"where() call failed: body is not a filterable field"> }
 */
export type FilterCheck<TFilter, TConfig extends QueryConfig = PlainSearchKeys> =
  // A `Record<string, unknown>` is assignable both ways with the declared filter types: field by field.
  string extends keyof TFilter
    ? FieldsCheck<TFilter, TConfig>
    : // Only a declared filter type names every field (a literal or an inferred object does not), so
      // only it pays for DeclaredFilterCheck's comparisons.
      'key20' extends keyof TFilter
      ? DeclaredFilterCheck<TFilter, TConfig>
      : FieldsCheck<TFilter, TConfig>;

/**
 * Filters typed as parseFilter or TypedFilter type them are legal (or not) as a whole: decided in one
 * step instead of a FieldCheck per field.
 * @hidden
 */
type DeclaredFilterCheck<TFilter, TConfig extends QueryConfig> =
  IsLegalType<TFilter, HashedParsedFilter> extends true
    ? unknown
    : IsLegalType<TFilter, PlainParsedFilter> extends true
      ? PlainKeysOf<TConfig> extends true
        ? unknown
        : PlainParsedCheck<TFilter, TConfig>
      : IsLegalType<TFilter, TypedFilter<TConfig>> extends true
        ? unknown
        : FieldsCheck<TFilter, TConfig>;

/** A filter parsed for plain search keys, given to a storage without them: `$like` and `search_keys` fail. */
type PlainParsedCheck<TFilter, TConfig extends QueryConfig> = {
  [K in keyof TFilter]: K extends SearchKey
    ? QueryTypeError<NeedsPlain<TConfig, 'like', K>>
    : K extends 'search_keys'
      ? QueryTypeError<NeedsPlain<TConfig, 'searchKeys', 'search_keys'>>
      : unknown;
};

/**
 * FilterCheck of a filter written out (a literal or an inferred variable): each property by its rules.
 * @hidden
 */
type FieldsCheck<TFilter, TConfig extends QueryConfig> = {
  [K in keyof TFilter]: K extends FilterableField
    ? TFilter[K] extends null
      ? unknown // NullFieldsCheck: `null & QueryTypeError` would be never, and say nothing
      : ConditionCheck<TFilter[K], K, TConfig, HasSearchKeys<TFilter>>
    : K extends 'search_keys'
      ? SearchKeysCheck<TFilter[K], TConfig>
      : K extends '$or'
        ? OrCheck<TFilter, TFilter[K], TConfig>
        : string extends K
          ? QueryTypeError<UntypedFilterMessage>
          : QueryTypeError<NotFilterableMessage<K & string>>;
} & (null extends TFilter[keyof TFilter] ? NullFieldsCheck<TFilter, TConfig> : unknown);

/**
 * A field given `null` that cannot be null (`created_at: null`): the error goes on the whole filter.
 */
type NullFieldsCheck<TFilter, TConfig extends QueryConfig> = Check<
  {
    [K in keyof TFilter]-?: K extends FilterableField
      ? TFilter[K] extends null
        ? ConditionMessage<K, null, TConfig, 'query'>
        : never
      : never;
  }[keyof TFilter]
>;

// ── options ──────────────────────────────────────────────────────────────────────────────────────────

/**
 * The first field a sort list names twice (never when there is none or the list is not a tuple).
 */
type TwiceSorted<TSort, TSeen = never> = TSort extends readonly [infer THead, ...infer TRest]
  ? [keyof THead & TSeen] extends [never]
    ? TwiceSorted<TRest, TSeen | keyof THead>
    : keyof THead & TSeen & string
  : never;

type SortOrder = typeof SORTABLE_FIELDS;
type SortOrderTail = SortOrder extends readonly [unknown, ...infer TRest] ? TRest : never;
/**
 * Each sortable field mapped to the one after it in SORTABLE_FIELDS, computed once: Joined steps through
 * it instead of slicing the tuple at each step (every slice is a new tuple type, compared with the
 * array types).
 */
type NextSortable = {
  [I in keyof SortOrderTail & `${number}` as SortOrder[I & keyof SortOrder] & string]: SortOrderTail[I];
};

/** The fields of one sort item, in SORTABLE_FIELDS order, joined with "and". */
type Joined<TNames, TField = SortOrder[0]> = [TNames] extends [never]
  ? ''
  : TField extends string
    ? TField extends TNames
      ? Joined<Exclude<TNames, TField>, NextSortable[TField & keyof NextSortable]> extends infer TTail extends
          string
        ? [TTail] extends [''] | [never]
          ? TField
          : `${TField} and ${TTail}`
        : never
      : Joined<TNames, NextSortable[TField & keyof NextSortable]>
    : '';

/** What is wrong with the fields of the sort items, the first item first when the list is a tuple. */
type SortFieldError<TSort, TConfig extends QueryConfig> = TSort extends readonly [infer TItem, ...infer TRest]
  ? SortItemError<TItem, TConfig> extends infer TMessage
    ? [TMessage] extends [never]
      ? SortFieldError<TRest, TConfig>
      : TMessage
    : never
  : TSort extends readonly (infer TItem)[]
    ? SortItemError<TItem, TConfig>
    : never;

/** One item: a field that is not sortable, keyN without plain keys, or two fields. */
type SortItemError<TItem, TConfig extends QueryConfig> = SortFieldsError<Present<TItem>, TConfig>;
type SortFieldsError<TFields, TConfig extends QueryConfig> = [Exclude<TFields, SortableField>] extends [never]
  ? [TFields & SearchKey] extends [never]
    ? SecondField<TFields>
    : PlainKeysOf<TConfig> extends true
      ? SecondField<TFields>
      : NeedsPlain<TConfig, 'sortBy', FirstSearchKey<TFields> & string>
  : NotSortableMessage<Exclude<TFields, SortableField> & string>;

type SecondField<TFields> =
  IsSingle<TFields> extends true
    ? never
    : Joined<TFields> extends `${string} and ${string}`
      ? SortItemFieldsMessage<Joined<TFields>>
      : never;

/** True for one name, false for a union of several (Joined walks every sortable field, so it is skipped). */
type IsSingle<T, TAll = T> = T extends unknown ? ([Exclude<TAll, T>] extends [never] ? true : false) : never;

/**
 * A field that is not sortable (or keyN without plain keys), two fields in one item, a direction typed
 * `string` (the list was widened), one that is not 'asc' or 'desc', then a field sorted twice.
 * @hidden
 */
type SortOrderError<TSort, TConfig extends QueryConfig> =
  SortFieldError<TSort, TConfig> extends infer TFieldError
    ? [TFieldError] extends [never]
      ? DirectionsOf<TSort> extends infer TEntry
        ? [Extract<TEntry, readonly [string, 'widened']>] extends [never]
          ? [Extract<TEntry, readonly [string, 'bad']>] extends [never]
            ? SortedTwiceMessage<TwiceSorted<TSort>>
            : SortOrderMessage
          : SortAsConstMessage<Extract<TEntry, readonly [string, 'widened']>[0]>
        : never
      : TFieldError & string
    : never;

/** [field, 'widened' | 'bad'] per sort item field whose direction is not a literal 'asc' or 'desc'. */
type DirectionsOf<TSort> = TSort extends readonly unknown[] ? DirectionsOfItem<TSort[number]> : never;
type DirectionsOfItem<TItem> = TItem extends unknown
  ? {
      [F in keyof TItem]-?: string extends TItem[F]
        ? readonly [F & string, 'widened']
        : TItem[F] extends 'asc' | 'desc' | undefined
          ? never
          : readonly [F & string, 'bad'];
    }[keyof TItem]
  : never;

/**
 * `unknown` for legal options; otherwise QueryTypeErrors on a literal `limit` outside 1..100, a literal
 * negative or fractional `offset`, and a `sort` that names a field that is not sortable (or keyN without
 * plain search keys), two fields in one item, a direction other than 'asc'/'desc', or a field twice.
 * TConfig is the storage's configuration (plain keys when omitted).
 *
 * @example
 * type C = FindOptionsCheck<{ limit: 101 }>; // { limit: QueryTypeError<"limit() call failed: 101 is outside 1..100; page with offset()"> }
 */
export type FindOptionsCheck<TOptions, TConfig extends QueryConfig = PlainSearchKeys> = {
  [K in keyof TOptions]: K extends 'limit'
    ? TOptions[K] extends number
      ? Check<LimitError<InitialState, TOptions[K]>>
      : unknown
    : K extends 'offset'
      ? TOptions[K] extends number
        ? Check<OffsetError<InitialState, TOptions[K]>>
        : unknown
      : K extends 'sort'
        ? Check<SortOrderError<TOptions[K], TConfig>>
        : unknown;
};
