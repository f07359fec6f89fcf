/**
 * The builder's type-level state: ONE object type in one generic, rebuilt by every call. Each transition
 * spells out the whole next state; `Advance` resolves it eagerly and passes it through {@link Drain} and
 * type-fest's `Simplify`, and the filter grows as a flat intersection, so however long the chain no type
 * refers back through earlier states (no nesting, no "excessively deep" errors).
 */
import type { DateField, FilterableField, IntegerField, StringKey } from '../fields.js';
import type { DateInput, RangeKeyValue } from '../record.js';
import type { RecordFieldMap } from './field-map.js';
import type { ConditionLabel } from './query-messages.js';
import type { Simplify } from './type-operators.js';

/**
 * HACK: a conditional type that is always true. Resolving it starts a fresh instantiation, which resets
 * the compiler's depth counter for the state computed inside (Kysely uses the same trick).
 */
export type Drain<T> = [T] extends [unknown] ? T : never;

/**
 * The next state, rebuilt eagerly: inferring every property reads it now, while the previous state is
 * fresh, so no property is left as a lazy reference to the state before it (a chain of 100 calls would
 * otherwise be resolved 100 levels deep in one go, at toQuery(), and fail). A state typed `any` (AnyQuery)
 * stays `any`, so helpers written against AnyQuery can chain calls without rules firing on it.
 */
type Advance<TState, TNext> = 0 extends 1 & TState
  ? TState
  : TNext extends {
        filter: infer TFilter extends object;
        ops: infer TOps extends OpEntry;
        used: infer TUsed extends string;
        sort: infer TSort extends readonly object[];
        sorted: infer TSorted extends string;
        limit: infer TLimit extends number;
        offset: infer TOffset extends number;
      }
    ? Drain<
        Simplify<{
          filter: TFilter;
          ops: TOps;
          used: TUsed;
          sort: TSort;
          sorted: TSorted;
          limit: TLimit;
          offset: TOffset;
        }>
      >
    : never;

/**
 * One condition label on one record field.
 * @hidden
 */
export type OpEntry = readonly [field: string, label: ConditionLabel];

/** Methods that may be called once per query; once called they stay in `used`. */
export type OnceMethod = 'or' | 'searchKeys' | 'limit' | 'offset';

/**
 * Everything the types know about a query under construction.
 *
 * @example
 * // after .where('range_key3').gt(1).sortBy('key1', 'asc').limit(10):
 * // { filter: { range_key3: { $gt: number } }; ops: readonly ['range_key3', '$gt']; used: 'limit';
 * //   sort: [{ key1: 'asc' }]; sorted: 'key1'; limit: 10; offset: 0 }
 * @category Query builder
 */
export interface QueryState {
  /**
   * The filter as an intersection of one-field objects (`{ range_key3: { $gt: number } } & { key1: string }`),
   * which stays flat however many calls add to it; `toQuery()` flattens it into one object.
   */
  readonly filter: object;
  /** The labels of the conditions already on each record field, as a union of entries. */
  readonly ops: OpEntry;
  /** Once-only methods already called. */
  readonly used: string;
  /** Sort items in call order. */
  readonly sort: readonly object[];
  /** Record fields already sorted by. */
  readonly sorted: string;
  /** The page size (a literal when written as one). */
  readonly limit: number;
  /** The offset (a literal when written as one). */
  readonly offset: number;
}

/**
 * The state of a fresh builder: the defaults every find sends (docs/protocol.md#find-options).
 *
 * @example
 * type Fresh = QueryBuilder<RecordFieldMap, QueryConfig, StorageRecord, InitialState>;
 * @category Query builder
 */
export type InitialState = {
  filter: {};
  ops: never;
  used: never;
  sort: [];
  sorted: never;
  limit: 100;
  offset: 0;
};

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
 * Adds one condition on one field; bounds on the same field merge into one operator object.
 * @hidden
 */
export type WithCondition<
  TState extends QueryState,
  TField extends FilterableField,
  TLabel extends ConditionLabel,
  TCondition,
> = Advance<
  TState,
  {
    filter: TState['filter'] & { [K in TField]: TCondition };
    ops: TState['ops'] | readonly [TField, TLabel];
    used: TState['used'];
    sort: TState['sort'];
    sorted: TState['sorted'];
    limit: TState['limit'];
    offset: TState['offset'];
  }
>;

/**
 * Adds a top-level filter member (`$or`, `search_keys`) and marks its method used.
 * @hidden
 */
export type WithMember<
  TState extends QueryState,
  TKey extends string,
  TValue,
  TMethod extends OnceMethod,
> = Advance<
  TState,
  {
    filter: TState['filter'] & { [K in TKey]: TValue };
    ops: TState['ops'];
    used: TState['used'] | TMethod;
    sort: TState['sort'];
    sorted: TState['sorted'];
    limit: TState['limit'];
    offset: TState['offset'];
  }
>;

/**
 * Appends a sort item. `${TOrder}` turns an `EncryptionType`-style enum member into its string.
 * @hidden
 */
export type WithSort<
  TState extends QueryState,
  TField extends FilterableField,
  TOrder extends string,
> = Advance<
  TState,
  {
    filter: TState['filter'];
    ops: TState['ops'];
    used: TState['used'];
    sort: [...TState['sort'], { [K in TField]: `${TOrder}` }];
    sorted: TState['sorted'] | TField;
    limit: TState['limit'];
    offset: TState['offset'];
  }
>;

/**
 * Sets the page size.
 * @hidden
 */
export type WithLimit<TState extends QueryState, TLimit extends number> = Advance<
  TState,
  {
    filter: TState['filter'];
    ops: TState['ops'];
    used: TState['used'] | 'limit';
    sort: TState['sort'];
    sorted: TState['sorted'];
    limit: TLimit;
    offset: TState['offset'];
  }
>;

/**
 * Sets the offset.
 * @hidden
 */
export type WithOffset<TState extends QueryState, TOffset extends number> = Advance<
  TState,
  {
    filter: TState['filter'];
    ops: TState['ops'];
    used: TState['used'] | 'offset';
    sort: TState['sort'];
    sorted: TState['sorted'];
    limit: TState['limit'];
    offset: TOffset;
  }
>;

/**
 * After `$if(condition, build)`: whatever `build` added may or may not be there. New filter fields become
 * optional, changed ones a union of before and after; rules keep everything `build` used, so a later call
 * that would clash with it is still rejected.
 * @hidden
 */
export type IfState<TBefore extends QueryState, TAfter extends QueryState> = Advance<
  TBefore,
  {
    filter: {
      [K in keyof TAfter['filter'] as K extends keyof TBefore['filter'] ? K : never]:
        | TAfter['filter'][K]
        | TBefore['filter'][K & keyof TBefore['filter']];
    } & {
      [K in keyof TAfter['filter'] as K extends keyof TBefore['filter'] ? never : K]?: TAfter['filter'][K];
    };
    ops: TAfter['ops'];
    used: TAfter['used'];
    sort: TBefore['sort'] | TAfter['sort'];
    sorted: TAfter['sorted'];
    limit: TBefore['limit'] | TAfter['limit'];
    offset: TBefore['offset'] | TAfter['offset'];
  }
>;

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
 * The `options` part of {@link CompiledQuery}: `sort` only when something is sorted.
 * @hidden
 */
export type CompiledOptions<TSort, TLimit, TOffset> = TSort extends readonly []
  ? { limit: TLimit; offset: TOffset }
  : { limit: TLimit; offset: TOffset; sort: TSort };
