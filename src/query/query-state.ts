/**
 * The builder's type-level state: ONE interface instantiation in one generic, `QueryState<filter, sort,
 * limit, offset>`, rebuilt by every call. It holds only what the query sends: the filter as an
 * intersection of one-field objects (flat however many calls add to it, and read in one lookup per
 * field), the sort items in call order as `"field order"` strings, and the literal limit and offset
 * (`never` until set). Everything the rules ask — which labels a field already has, which once-only
 * methods ran, what is sorted — is read from these, so a hover shows a short named type and no
 * bookkeeping.
 */
import type { DateField, FilterableField, IntegerField, StringKey } from '../fields.js';
import type { DateInput, RangeKeyValue } from '../record.js';
import type { RecordFieldMap } from './field-map.js';

/**
 * Everything the types know about a query under construction, as it is sent: the filter, the sort items
 * in call order, and the literal limit and offset (`never` until `limit()` / `offset()` is called).
 *
 * @example
 * // storage.in('us').where('key1').eq('a').sortBy('created_at', 'desc').limit(10) is a
 * // QueryBuilder<RecordFieldMap, PlainSearchKeys, StorageRecord,
 * //   QueryState<{ key1: string }, ["created_at desc"], 10, never>>
 * @category Query builder
 */
export interface QueryState<
  out TFilter extends object = object,
  out TSort extends readonly string[] = readonly string[],
  out TLimit extends number = number,
  out TOffset extends number = number,
> {
  /**
   * The filter as an intersection of one-field objects (`{ range_key3: { $gt: number } } & { key1: string }`);
   * `toQuery()` flattens it into one object.
   */
  readonly filter: TFilter;
  /** Sort items in call order, each `"<record field> <asc|desc>"`. */
  readonly sort: TSort;
  /** The page size (a literal when written as one); `never` until `limit()` is called. */
  readonly limit: TLimit;
  /** The offset (a literal when written as one); `never` until `offset()` is called. */
  readonly offset: TOffset;
}

/**
 * The state of a fresh builder: nothing set; `toQuery()` sends the defaults (docs/protocol.md#find-options).
 *
 * @example
 * type Fresh = QueryBuilder<RecordFieldMap, QueryConfig, StorageRecord, InitialState>;
 * @category Query builder
 */
export type InitialState = QueryState<{}, [], never, never>;

/**
 * The next state. A state typed `any` (AnyQuery, a dynamic builder) stays `any`, so helpers written
 * against AnyQuery can chain calls without rules firing on it, and a dynamic builder stays assignable to
 * its variable.
 */
type Next<
  TState extends QueryState,
  TFilter extends object,
  TSort extends readonly string[],
  TLimit extends number,
  TOffset extends number,
> = 0 extends 1 & TState ? TState : QueryState<TFilter, TSort, TLimit, TOffset>; // IsAny, inlined: it runs on every call

/** What a field's values look like on the wire: strings for keys and dates, 64-bit integers for integers. */
export type WireValueOf<TField extends FilterableField> = TField extends IntegerField
  ? RangeKeyValue
  : string;

/**
 * What a field accepts as one value.
 */
export type ValueInputOf<TField extends FilterableField> = TField extends StringKey
  ? string
  : TField extends IntegerField
    ? RangeKeyValue
    : TField extends DateField
      ? DateInput
      : never;

/**
 * What a condition on `TName` accepts as one value. A repository (a field map of model names) takes the
 * model's value type on key and range slots (enum members, branded ids, literal unions, `bigint`); raw
 * storage, and model types the slot cannot hold as they are, take the slot's own type.
 */
export type ConditionValueOf<
  TFields,
  TRecord,
  TName,
  TField extends FilterableField,
> = RecordFieldMap extends TFields
  ? ValueInputOf<TField>
  : TField extends DateField
    ? ValueInputOf<TField>
    : TName extends keyof TRecord
      ? ModelValue<Extract<NonNullable<TRecord[TName]>, ValueInputOf<TField>>, TField>
      : ValueInputOf<TField>;
type ModelValue<TValue, TField extends FilterableField> = [TValue] extends [never]
  ? ValueInputOf<TField>
  : TValue;

/**
 * How messages name what {@link ConditionValueOf} accepts.
 */
export type ValueKindOf<
  TFields,
  TRecord,
  TName,
  TField extends FilterableField,
> = RecordFieldMap extends TFields
  ? SlotKindName<TField>
  : TField extends DateField
    ? SlotKindName<TField>
    : TName extends keyof TRecord
      ? [Extract<NonNullable<TRecord[TName]>, ValueInputOf<TField>>] extends [never]
        ? SlotKindName<TField>
        : `the values of the model's ${TName & string}`
      : SlotKindName<TField>;
type SlotKindName<TField extends FilterableField> = TField extends StringKey
  ? 'strings'
  : TField extends IntegerField
    ? 'integers'
    : 'dates (Date, dayjs or an ISO-8601 string)';

/** One given value on the wire: a number stays a number; a bigint may become one when it is safe. */
type WireValueFrom<TField extends FilterableField, TValue> = TField extends IntegerField
  ? TValue extends number
    ? number
    : RangeKeyValue
  : string;

/**
 * A list compiles to a list, one value to one value.
 * @hidden
 */
export type WireValuesOf<TField extends FilterableField, TValue> = TValue extends readonly unknown[]
  ? WireValueFrom<TField, TValue[number]>[]
  : WireValueFrom<TField, TValue>;

/**
 * Adds one condition on one field; bounds on the same field merge into one operator object.
 * @hidden
 */
export type WithCondition<TState extends QueryState, TField extends FilterableField, TCondition> = Next<
  TState,
  TState['filter'] & { [K in TField]: TCondition },
  TState['sort'],
  TState['limit'],
  TState['offset']
>;

/**
 * Adds a top-level filter member (`$or`, `search_keys`), which also marks its method used.
 * @hidden
 */
export type WithMember<TState extends QueryState, TKey extends '$or' | 'search_keys', TValue> = Next<
  TState,
  TState['filter'] & { [K in TKey]: TValue },
  TState['sort'],
  TState['limit'],
  TState['offset']
>;

/**
 * Appends a sort item. `${TOrder}` turns an `EncryptionType`-style enum member into its string.
 * @hidden
 */
export type WithSort<TState extends QueryState, TField extends FilterableField, TOrder extends string> = Next<
  TState,
  TState['filter'],
  [...TState['sort'], `${TField} ${TOrder}`],
  TState['limit'],
  TState['offset']
>;

/**
 * Sets the page size.
 * @hidden
 */
export type WithLimit<TState extends QueryState, TLimit extends number> = Next<
  TState,
  TState['filter'],
  TState['sort'],
  TLimit,
  TState['offset']
>;

/**
 * Sets the offset.
 * @hidden
 */
export type WithOffset<TState extends QueryState, TOffset extends number> = Next<
  TState,
  TState['filter'],
  TState['sort'],
  TState['limit'],
  TOffset
>;

/**
 * After `$if(condition, build)`: whatever `build` added may or may not be there. New filter fields become
 * optional, changed ones a union of before and after; the rules read both, so a later call that would
 * clash with what `build` added is still rejected. A limit or offset set only inside becomes the default
 * or the value.
 * @hidden
 */
// HACK: the (always false) `any` test makes the result a plain QueryState<…> reference, so declarations
// emitted from user code name the public QueryState instead of this internal alias.
export type IfState<TBefore extends QueryState, TAfter extends QueryState> = 0 extends 1 & TBefore
  ? TBefore
  : QueryState<
      {
        [K in keyof TAfter['filter'] as K extends keyof TBefore['filter'] ? K : never]:
          | TAfter['filter'][K]
          | TBefore['filter'][K & keyof TBefore['filter']];
      } & {
        [K in keyof TAfter['filter'] as K extends keyof TBefore['filter'] ? never : K]?: TAfter['filter'][K];
      },
      TBefore['sort'] | TAfter['sort'],
      MaybeSet<TBefore['limit'], TAfter['limit'], DefaultLimit>,
      MaybeSet<TBefore['offset'], TAfter['offset'], 0>
    >;
type MaybeSet<TBefore, TAfter, TDefault> = [TBefore] extends [never]
  ? [TAfter] extends [never]
    ? never
    : TDefault | TAfter
  : TBefore | TAfter;
type DefaultLimit = 100;

/**
 * The static type of `toQuery()`: exactly the object built.
 *
 * @example
 * // { filter: { range_key3: { $gt: number; $lte: number } }; options: { limit: 10; offset: 0; sort: [{ key1: 'asc' }] } }
 * @category Query builder
 */
export type CompiledQuery<TState extends QueryState> = {
  filter: CompiledFilter<TState['filter']>;
  options: CompiledOptions<TState['sort'], TState['limit'], TState['offset']>;
};

/**
 * The `filter` part of {@link CompiledQuery}: the state's intersection as one object.
 * @hidden
 */
export type CompiledFilter<TFilter> = { [K in keyof TFilter]: FlatCondition<TFilter[K]> };

// Merged bounds arrive as `{ $gt: number } & { $lte: number }`; values, lists and null stay as they are.
export type FlatCondition<TCondition> = TCondition extends
  | string
  | number
  | bigint
  | null
  | readonly unknown[]
  ? TCondition
  : { [K in keyof TCondition]: TCondition[K] };

/**
 * The `options` part of {@link CompiledQuery}: the defaults where nothing was set, `sort` only when
 * something is sorted.
 * @hidden
 */
export type CompiledOptions<TSort, TLimit, TOffset> = TSort extends readonly []
  ? { limit: OrDefault<TLimit, DefaultLimit>; offset: OrDefault<TOffset, 0> }
  : { limit: OrDefault<TLimit, DefaultLimit>; offset: OrDefault<TOffset, 0>; sort: CompiledSort<TSort> };
type OrDefault<TValue, TDefault> = [TValue] extends [never] ? TDefault : TValue;
type CompiledSort<TSort> = { [I in keyof TSort]: SortItem<TSort[I]> };
// One object per item, also when the order is a union (`"key1 asc" | "key1 desc"` gives `{ key1: 'asc' | 'desc' }`).
type SortItem<TItem> = { [K in SortFieldOf<TItem>]: SortOrderOf<TItem> };
type SortFieldOf<TItem> = TItem extends `${infer TField} ${string}` ? TField : never;
type SortOrderOf<TItem> = TItem extends `${string} ${infer TOrder}` ? TOrder : never;
