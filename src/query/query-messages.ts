/**
 * Every rule message, twice: as a template literal type (the compile-time QueryTypeError text) and as a
 * function returning exactly that type (the run-time InputValidationError text). Each function's body is
 * checked against its type, so the two can only drift if both are edited. docs/type-errors.md lists them.
 * Messages name methods and fields, never values.
 */

/** Labels of conditions already on a field, as messages show them. */
export type ConditionLabel =
  | 'eq'
  | '$not'
  | 'isNull'
  | 'isNotNull'
  | '$like'
  | '$gt'
  | '$gte'
  | '$lt'
  | '$lte';

const PLAIN_KEYS_HINT = "create the storage with options.hashSearchKeys: false or encrypt: 'SSE'";
type PlainKeysHint = typeof PLAIN_KEYS_HINT;

export type NotFilterableMessage<N extends string> = `where() call failed: ${N} is not a filterable field`;
export const notFilterableMessage = <N extends string>(name: N): NotFilterableMessage<N> =>
  `where() call failed: ${name} is not a filterable field` as const;

export type WhereWithSearchKeysMessage<N extends string> =
  `where() call failed: ${N} cannot be combined with searchKeys(), which already searches key1..key20`;
export const whereWithSearchKeysMessage = <N extends string>(name: N): WhereWithSearchKeysMessage<N> =>
  `where() call failed: ${name} cannot be combined with searchKeys(), which already searches key1..key20` as const;

export type OrNotStringKeyMessage<N extends string> =
  `where() call failed: ${N} is not a string key; or() branches accept record_key, profile_key, parent_key, service_key1..5 and key1..key20`;
export const orNotStringKeyMessage = <N extends string>(name: N): OrNotStringKeyMessage<N> =>
  `where() call failed: ${name} is not a string key; or() branches accept record_key, profile_key, parent_key, service_key1..5 and key1..key20` as const;

export type AlreadyHasMessage<
  M extends string,
  N extends string,
  L extends ConditionLabel,
> = `${M}() call failed: ${N} already has ${L}`;
export const alreadyHasMessage = <M extends string, N extends string, L extends ConditionLabel>(
  method: M,
  name: N,
  label: L,
): AlreadyHasMessage<M, N, L> => `${method}() call failed: ${name} already has ${label}` as const;

export type NotComparableMessage<
  M extends string,
  N extends string,
> = `${M}() call failed: ${N} is not a range key, version or date field`;
export const notComparableMessage = <M extends string, N extends string>(
  method: M,
  name: N,
): NotComparableMessage<M, N> =>
  `${method}() call failed: ${name} is not a range key, version or date field` as const;

export type NeverNullMessage<M extends string, N extends string> = `${M}() call failed: ${N} is never null`;
export const neverNullMessage = <M extends string, N extends string>(
  method: M,
  name: N,
): NeverNullMessage<M, N> => `${method}() call failed: ${name} is never null` as const;

export type LikeNotSearchKeyMessage<N extends string> = `like() call failed: ${N} is not one of key1..key20`;
export const likeNotSearchKeyMessage = <N extends string>(name: N): LikeNotSearchKeyMessage<N> =>
  `like() call failed: ${name} is not one of key1..key20` as const;

export type LikeInOrMessage<N extends string> = `like() call failed: ${N} cannot use $like inside or()`;
export const likeInOrMessage = <N extends string>(name: N): LikeInOrMessage<N> =>
  `like() call failed: ${name} cannot use $like inside or()` as const;

export type NeedsPlainKeysMessage<
  M extends string,
  N extends string,
> = `${M}() call failed: ${N} needs plain search keys; ${PlainKeysHint}`;
export const needsPlainKeysMessage = <M extends string, N extends string>(
  method: M,
  name: N,
): NeedsPlainKeysMessage<M, N> =>
  `${method}() call failed: ${name} needs plain search keys; ${PLAIN_KEYS_HINT}` as const;

/** Compile time only: the storage's type does not say whether its keys are plain (a `boolean` option). */
export type NeedsLiteralPlainKeysMessage<
  M extends string,
  N extends string,
> = `${M}() call failed: ${N} needs plain search keys, and the storage's type does not say it has them; write options.hashSearchKeys: false as a literal (not a boolean variable), or type the storage as Storage<PlainSearchKeys>`;

export type SearchKeysWithKeyMessage<F extends string> =
  `searchKeys() call failed: ${F} already has a condition; searchKeys cannot be combined with key1..key20 conditions`;
export const searchKeysWithKeyMessage = <F extends string>(field: F): SearchKeysWithKeyMessage<F> =>
  `searchKeys() call failed: ${field} already has a condition; searchKeys cannot be combined with key1..key20 conditions` as const;

export type SearchKeysWithLikeMessage<F extends string> =
  `searchKeys() call failed: ${F} has $like; use either like() or searchKeys(), not both`;
export const searchKeysWithLikeMessage = <F extends string>(field: F): SearchKeysWithLikeMessage<F> =>
  `searchKeys() call failed: ${field} has $like; use either like() or searchKeys(), not both` as const;

export type SearchKeysWithOrMessage =
  'searchKeys() call failed: the query has or(); searchKeys cannot be combined with or()';
export const searchKeysWithOrMessage = (): SearchKeysWithOrMessage =>
  'searchKeys() call failed: the query has or(); searchKeys cannot be combined with or()';

export type OrWithSearchKeysMessage =
  'or() call failed: the query has searchKeys(); or() cannot be combined with searchKeys()';
export const orWithSearchKeysMessage = (): OrWithSearchKeysMessage =>
  'or() call failed: the query has searchKeys(); or() cannot be combined with searchKeys()';

export type OnceMessage<M extends string> = `${M}() call failed: ${M}() may be called once per query`;
export const onceMessage = <M extends string>(method: M): OnceMessage<M> =>
  `${method}() call failed: ${method}() may be called once per query` as const;

export type OrNestedMessage = 'or() call failed: or() cannot be nested inside another or()';
export const orNestedMessage = (): OrNestedMessage =>
  'or() call failed: or() cannot be nested inside another or()';

export type OrTooFewMessage = 'or() call failed: or() needs at least two conditions';
export const orTooFewMessage = (): OrTooFewMessage => 'or() call failed: or() needs at least two conditions';

export type NotSortableMessage<N extends string> =
  `sortBy() call failed: ${N} is not sortable; sort by key1..key20, range_key1..10, created_at, updated_at or expires_at`;
export const notSortableMessage = <N extends string>(name: N): NotSortableMessage<N> =>
  `sortBy() call failed: ${name} is not sortable; sort by key1..key20, range_key1..10, created_at, updated_at or expires_at` as const;

/** */
export type SortedTwiceMessage<N extends string> = `sortBy() call failed: ${N} is already sorted`;
export const sortedTwiceMessage = <N extends string>(name: N): SortedTwiceMessage<N> =>
  `sortBy() call failed: ${name} is already sorted` as const;

export type LimitRangeMessage<N extends string | number> =
  `limit() call failed: ${N} is outside 1..100; page with offset()`;
export const limitRangeMessage = <N extends string | number>(limit: N): LimitRangeMessage<N> =>
  `limit() call failed: ${limit} is outside 1..100; page with offset()` as const;

export type NotIntegerMessage<
  M extends string,
  N extends string | number,
> = `${M}() call failed: ${N} is not an integer`;
export const notIntegerMessage = <M extends string, N extends string | number>(
  method: M,
  value: N,
): NotIntegerMessage<M, N> => `${method}() call failed: ${value} is not an integer` as const;

export type NegativeOffsetMessage<N extends string | number> = `offset() call failed: ${N} is negative`;
export const negativeOffsetMessage = <N extends string | number>(offset: N): NegativeOffsetMessage<N> =>
  `offset() call failed: ${offset} is negative` as const;

// Run-time only: values the type checker cannot see (JavaScript callers, `any`, dynamic input).

/** The value types a field kind takes, as run-time messages describe them. */
export const KIND_VALUES = {
  string: 'strings',
  integer: 'integers',
  date: 'dates (Date, dayjs or an ISO-8601 string)',
} as const;

export const wrongValueMessage = <M extends string, N extends string, K extends keyof typeof KIND_VALUES>(
  method: M,
  name: N,
  kind: K,
): WrongValueMessage<M, N, (typeof KIND_VALUES)[K]> =>
  `${method}() call failed: ${name} takes ${KIND_VALUES[kind]}` as const;

/**
 * A value the field does not take: the slot's kind (`strings`, `integers`, `dates (…)`), or on a
 * repository the model field's own values (at run time, a model that lists its values names them: see
 * src/repository/condition-values.ts).
 */
export type WrongValueMessage<
  M extends string,
  N extends string,
  K extends string,
> = `${M}() call failed: ${N} takes ${K}`;
export const emptyListMessage = (method: string, name: string): string =>
  `${method}() call failed: ${name} needs at least one value`;
export const emptyTextMessage = (method: string, name: string): string =>
  `${method}() call failed: ${name} needs a non-empty text`;
export const searchKeysLengthMessage = (): string =>
  'searchKeys() call failed: the text must have 3 to 200 characters';
export type SortOrderMessage = "sortBy() call failed: the order must be 'asc' or 'desc'";
export const sortOrderMessage = (): SortOrderMessage =>
  "sortBy() call failed: the order must be 'asc' or 'desc'";

/** Compile time only: an object-DSL condition with an operator the DSL does not have (`{ key1: { $in: … } }`). */
export type UnknownOperatorMessage<
  N extends string,
  O extends string,
> = `find() call failed: ${N} has no operator ${O}; use $not, $gt, $gte, $lt, $lte or $like`;

/**
 * Compile time only: a filter typed with string keys (`Record<string, unknown>`, parsed JSON).
 */
export type UntypedFilterMessage =
  'find() call failed: the filter is typed Record<string, …>, so its fields are unknown; validate it with parseFilter(storage, filter) first';

/** Compile time only: an object-DSL sort item naming more than one field (`{ range_key1: 'asc', created_at: 'desc' }`). */
export type SortItemFieldsMessage<N extends string> =
  `sortBy() call failed: one sort item names ${N}; give each field its own item, in priority order`;

/** Compile time only: a sort list whose directions were widened to `string` (held in a plain `const`). */
export type SortAsConstMessage<F extends string> =
  `sortBy() call failed: the order of ${F} is typed string, not 'asc' or 'desc'; write the sort list with as const`;
export const orCallbackMessage = (): string =>
  'or() call failed: the callback must return the branch builder it was given, with conditions added';
