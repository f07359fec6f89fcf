/**
 * The builder's type-level state: ONE object type in one generic, rebuilt by every call. Each transition
 * spells out the whole next state and passes it through {@link Drain} and type-fest's `Simplify`, so the
 * state stays a flat object literal however long the chain (no nesting, no "excessively deep" errors).
 */
import type { Simplify } from 'type-fest';
import type { DateField, FilterableField, IntegerField, StringKey } from '../fields.js';
import type { DateInput } from '../record.js';
import type { ConditionLabel } from './query-messages.js';

/**
 * HACK: a conditional type that is always true. Resolving it starts a fresh instantiation, which resets
 * the compiler's depth counter for the state computed inside (Kysely uses the same trick).
 */
export type Drain<T> = [T] extends [unknown] ? T : never;

/**
 * The next state, drained; a state typed `any` (AnyQuery) stays `any`, so helpers written against
 * AnyQuery can chain calls without the rules firing on half-known state.
 */
type Advance<TState, TNext> = 0 extends 1 & TState ? TState : Drain<TNext>;

/** Methods that may be called once per query; once called they stay in `used`. */
export type OnceMethod = 'or' | 'searchKeys' | 'limit' | 'offset';

/**
 * Everything the types know about a query under construction.
 *
 * @example
 * // after .where('range_key3').gt(1).sortBy('key1', 'asc').limit(10):
 * // { filter: { range_key3: { $gt: number } }; ops: { range_key3: '$gt' }; used: 'limit';
 * //   sort: [{ key1: 'asc' }]; sorted: 'key1'; limit: 10; offset: 0 }
 */
export interface QueryState {
  /** The filter exactly as `toQuery()` will return it: record field -> condition type. */
  readonly filter: object;
  /** Record field -> labels of the conditions already on it. */
  readonly ops: object;
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

/** The state of a fresh builder: the defaults every find sends (PROTOCOL §f.2). */
export type InitialState = {
  filter: {};
  ops: {};
  used: never;
  sort: [];
  sorted: never;
  limit: 100;
  offset: 0;
};

/** What a field's values look like on the wire: strings for keys and dates, numbers for integers. */
export type WireValueOf<TField extends FilterableField> = TField extends IntegerField ? number : string;

/** What a field accepts as one value. */
export type ValueInputOf<TField extends FilterableField> = TField extends StringKey
  ? string
  : TField extends IntegerField
    ? number
    : TField extends DateField
      ? DateInput
      : never;

/** One value or a list, for `eq` and `not`. */
export type ValuesInputOf<TField extends FilterableField> =
  | ValueInputOf<TField>
  | readonly ValueInputOf<TField>[];

/** A list compiles to a list, one value to one value. */
export type WireValuesOf<TField extends FilterableField, TValue> = TValue extends readonly unknown[]
  ? WireValueOf<TField>[]
  : WireValueOf<TField>;

type SetKey<TObject, TKey extends PropertyKey, TValue> = Simplify<
  Omit<TObject, TKey> & {
    [K in TKey]: K extends keyof TObject ? Simplify<NonNullable<TObject[K]> & TValue> : TValue;
  }
>;

type AddLabel<TOps, TField extends string, TLabel extends ConditionLabel> = Simplify<
  Omit<TOps, TField> & { [K in TField]: (K extends keyof TOps ? TOps[K] : never) | TLabel }
>;

/** Adds one condition on one field; bounds on the same field merge into one operator object. */
export type WithCondition<
  TState extends QueryState,
  TField extends FilterableField,
  TLabel extends ConditionLabel,
  TCondition,
> = Advance<
  TState,
  {
    filter: SetKey<TState['filter'], TField, TCondition>;
    ops: AddLabel<TState['ops'], TField, TLabel>;
    used: TState['used'];
    sort: TState['sort'];
    sorted: TState['sorted'];
    limit: TState['limit'];
    offset: TState['offset'];
  }
>;

/** Adds a top-level filter member (`$or`, `search_keys`) and marks its method used. */
export type WithMember<
  TState extends QueryState,
  TKey extends string,
  TValue,
  TMethod extends OnceMethod,
> = Advance<
  TState,
  {
    filter: Simplify<TState['filter'] & { [K in TKey]: TValue }>;
    ops: TState['ops'];
    used: TState['used'] | TMethod;
    sort: TState['sort'];
    sorted: TState['sorted'];
    limit: TState['limit'];
    offset: TState['offset'];
  }
>;

/** Appends a sort item. `${TOrder}` turns an `EncryptionType`-style enum member into its string. */
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

/** Sets the page size. */
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

/** Sets the offset. */
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
 */
export type IfState<TBefore extends QueryState, TAfter extends QueryState> = Advance<
  TBefore,
  {
    filter: Simplify<
      {
        [K in keyof TAfter['filter'] as K extends keyof TBefore['filter'] ? K : never]:
          | TAfter['filter'][K]
          | TBefore['filter'][K & keyof TBefore['filter']];
      } & {
        [K in keyof TAfter['filter'] as K extends keyof TBefore['filter'] ? never : K]?: TAfter['filter'][K];
      }
    >;
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
 */
export type CompiledQuery<TState extends QueryState> = {
  filter: TState['filter'];
  options: CompiledOptions<TState['sort'], TState['limit'], TState['offset']>;
};

/** The `options` part of {@link CompiledQuery}: `sort` only when something is sorted. */
export type CompiledOptions<TSort, TLimit, TOffset> = TSort extends readonly []
  ? { limit: TLimit; offset: TOffset }
  : { limit: TLimit; offset: TOffset; sort: TSort };
