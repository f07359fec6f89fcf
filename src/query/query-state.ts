/**
 * The builder's type-level state: ONE interface instantiation in one generic, `QueryState<conditions,
 * sort, limit, offset>`, rebuilt by every call. It holds only what the query sends: each condition as a
 * `[record field, filter value]` entry (a union that stays flat however many calls add to it), the sort
 * items in call order, and the literal limit and offset (`never` until set). Everything the rules ask —
 * which labels a field already has, which once-only methods ran, what is sorted — is read from these, so
 * a hover shows a short named type and no bookkeeping.
 */
import type { DateField, FilterableField, IntegerField, StringKey } from '../fields.js';
import type { DateInput, RangeKeyValue } from '../record.js';
import type { RecordFieldMap } from './field-map.js';
import type { IsAny } from './type-operators.js';

/**
 * One entry of the state's conditions: the record field (or `$or` / `search_keys`) and what the filter
 * holds for it (`string`, `{ $gt: number }`, `null`, …). A third member marks an entry added inside
 * `$if`, which may or may not be in the query.
 * @hidden
 */
export type ConditionEntry = readonly [field: string, condition: unknown, optional?: 'optional'];

/**
 * One sort item: the record field and its direction.
 * @hidden
 */
export type SortEntry = readonly [field: string, order: string];

/**
 * Everything the types know about a query under construction, as it is sent: the conditions, the sort
 * items in call order, and the literal limit and offset (`never` until `limit()` / `offset()` is called).
 *
 * @example
 * // storage.in('us').where('key1').eq('a').sortBy('created_at', 'desc').limit(10) is a
 * // QueryBuilder<RecordFieldMap, PlainSearchKeys, StorageRecord,
 * //   QueryState<["key1", string], [["created_at", "desc"]], 10, never>>
 * @category Query builder
 */
export interface QueryState<
  out TConditions extends ConditionEntry = ConditionEntry,
  out TSort extends readonly SortEntry[] = readonly SortEntry[],
  out TLimit extends number = number,
  out TOffset extends number = number,
> {
  /** Each condition as a `[record field, filter value]` entry (a union); `$or` and `search_keys` too. */
  readonly conditions: TConditions;
  /** Sort items in call order. */
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
export type InitialState = QueryState<never, [], never, never>;

/**
 * The next state. A state typed `any` (AnyQuery, a dynamic builder) stays `any`, so helpers written
 * against AnyQuery can chain calls without rules firing on it, and a dynamic builder stays assignable to
 * its variable.
 */
type Next<
  TState extends QueryState,
  TConditions extends ConditionEntry,
  TSort extends readonly SortEntry[],
  TLimit extends number,
  TOffset extends number,
> = IsAny<TState> extends true ? TState : QueryState<TConditions, TSort, TLimit, TOffset>;

/** What a field's values look like on the wire: strings for keys and dates, 64-bit integers for integers. */
export type WireValueOf<TField extends FilterableField> = TField extends IntegerField
  ? RangeKeyValue
  : string;

/**
 * What a field accepts as one value.
 * @hidden
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
export type WireValuesOf<TField extends FilterableField, TValue> = TValue extends readonly (infer TItem)[]
  ? WireValueFrom<TField, TItem>[]
  : WireValueFrom<TField, TValue>;

/**
 * Adds one condition on one field; bounds on the same field are merged by `toQuery()`.
 * @hidden
 */
export type WithCondition<TState extends QueryState, TField extends FilterableField, TCondition> = Next<
  TState,
  TState['conditions'] | [TField, TCondition],
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
  TState['conditions'] | [TKey, TValue],
  TState['sort'],
  TState['limit'],
  TState['offset']
>;

/**
 * Appends a sort item. `${TOrder}` turns an `EncryptionType`-style enum member into its string.
 * @hidden
 */
export type WithSort<
  TState extends QueryState,
  TField extends FilterableField,
  TOrder extends string,
> = Next<
  TState,
  TState['conditions'],
  [...TState['sort'], [TField, `${TOrder}`]],
  TState['limit'],
  TState['offset']
>;

/**
 * Sets the page size.
 * @hidden
 */
export type WithLimit<TState extends QueryState, TLimit extends number> = Next<
  TState,
  TState['conditions'],
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
  TState['conditions'],
  TState['sort'],
  TState['limit'],
  TOffset
>;

/**
 * After `$if(condition, build)`: whatever `build` added may or may not be there. Its new conditions are
 * marked optional (`toQuery()` makes new fields optional and changed ones a union of before and after);
 * the rules read every entry, so a later call that would clash with one is still rejected. A limit or
 * offset set only inside becomes the default or the value.
 * @hidden
 */
export type IfState<TBefore extends QueryState, TAfter extends QueryState> = QueryState<
  TBefore['conditions'] | Optional<Exclude<TAfter['conditions'], TBefore['conditions']>>,
  TBefore['sort'] | TAfter['sort'],
  MaybeSet<TBefore['limit'], TAfter['limit'], DefaultLimit>,
  MaybeSet<TBefore['offset'], TAfter['offset'], 0>
>;
type Optional<TEntry> = TEntry extends readonly [infer TField, infer TCondition, ...unknown[]]
  ? [TField, TCondition, 'optional']
  : never;
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
  filter: CompiledFilter<TState['conditions']>;
  options: CompiledOptions<TState['sort'], TState['limit'], TState['offset']>;
};

/**
 * The `filter` part of {@link CompiledQuery}: one member per field, its entries merged; a field that only
 * `$if` added is optional, one that `$if` changed is a union of before and after.
 * @hidden
 */
export type CompiledFilter<TEntries extends ConditionEntry> =
  Exclude<TEntries, readonly [string, unknown]> extends never
    ? { [K in TEntries[0]]: Merged<ConditionsOf<TEntries, K>> }
    : Flatten<
        { [K in RequiredFields<TEntries>]: MaybeMerged<TEntries, K> } & {
          [K in Exclude<TEntries[0], RequiredFields<TEntries>>]?: Merged<ConditionsOf<TEntries, K>>;
        }
      >;
type RequiredFields<TEntries> = TEntries extends readonly [infer TField extends string, unknown]
  ? TField
  : never;
type ConditionsOf<TEntries, TField> = TEntries extends readonly [TField, infer TCondition, ...unknown[]]
  ? TCondition
  : never;
type MaybeMerged<TEntries, TField> =
  | Merged<ConditionsOf<Extract<TEntries, readonly [string, unknown]>, TField>>
  | Merged<ConditionsOf<TEntries, TField>>;
type Flatten<T> = { [K in keyof T]: T[K] };

/**
 * The conditions of one field as one value: values, lists and null stay as they are; bounds arrive as a
 * union of one-operator objects (`{ $gt: number } | { $lte: number }`) and become one object.
 * @hidden
 */
export type Merged<TCondition> = [TCondition] extends [string | number | bigint | null | readonly unknown[]]
  ? TCondition
  : { [K in KeysOf<TCondition>]: ValueAt<TCondition, K> };
type KeysOf<T> = T extends unknown ? keyof T : never;
type ValueAt<T, K> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;

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
type SortItem<TEntry> = TEntry extends readonly [infer TField extends string, infer TOrder]
  ? { [K in TField]: TOrder }
  : never;
