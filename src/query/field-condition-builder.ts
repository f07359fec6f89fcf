/**
 * The condition builder `where(field)` returns: one method per condition on that field.
 */
import type { FilterableField } from '../fields.js';
import type { FieldLabel, FieldMap, RecordFieldMap } from './field-map.js';
import type { QueryBuilder } from './query-builder.js';
import type { QueryConfig } from './query-config.js';
import type { KIND_VALUES, WrongValueMessage } from './query-messages.js';
import type {
  ConditionValueOf,
  QueryState,
  ValueInputOf,
  ValueKindOf,
  WireValuesOf,
  WithCondition,
} from './query-state.js';
import type {
  CompareError,
  Conflict,
  Guard,
  LikeError,
  NullError,
  ThisGuard,
  WrongValue,
} from './query-type-rules.js';

/**
 * The condition on one field, started by `where(field)`.
 *
 * @example
 * q.where('expires_at').lt(new Date()); // { expires_at: { $lt: '2024-…Z' } }
 * @category Query builder
 */
// HACK: explicit (invariant) variance, as on QueryBuilder: measuring it compares every method's rule types
// structurally, which is most of the cost of the first comparison of two repositories or `where()` results.
export interface FieldConditionBuilder<
  in out TFields extends FieldMap,
  in out TConfig extends QueryConfig,
  in out TRecord,
  in out TState extends QueryState,
  in out TName extends string,
  in out TField extends FilterableField,
> {
  /**
   * Equals one value, or any of a list.
   *
   * @example
   * q.where('key1').eq('a'); q.where('key1').eq(['a', 'b']); // { key1: 'a' } / { key1: ['a', 'b'] }
   */
  eq<const TValue>(
    value: Guard<
      TFields,
      Checked<Conflict<'eq', TName, TState, TField>, 'eq', TFields, TRecord, TName, TField, TValue, true>,
      TValue
    >,
  ): QueryBuilder<TFields, TConfig, TRecord, WithCondition<TState, TField, WireValuesOf<TField, TValue>>>;
  /**
   * Differs from one value, or from every value of a list.
   *
   * @example
   * q.where('key1').not(['a', 'b']); // { key1: { $not: ['a', 'b'] } }
   */
  not<const TValue>(
    value: Guard<
      TFields,
      Checked<Conflict<'not', TName, TState, TField>, 'not', TFields, TRecord, TName, TField, TValue, true>,
      TValue
    >,
  ): QueryBuilder<
    TFields,
    TConfig,
    TRecord,
    WithCondition<TState, TField, { $not: WireValuesOf<TField, TValue> }>
  >;
  /**
   * Is null (not for `created_at`/`updated_at`, which always have a value).
   *
   * @example
   * q.where('key1').isNull(); // { key1: null }
   */
  isNull(
    this: ThisGuard<TFields, NullError<'isNull', TName, TField, TState>>,
  ): QueryBuilder<TFields, TConfig, TRecord, WithCondition<TState, TField, null>>;
  /**
   * Is not null.
   *
   * @example
   * q.where('expires_at').isNotNull(); // { expires_at: { $not: null } }
   */
  isNotNull(
    this: ThisGuard<TFields, NullError<'isNotNull', TName, TField, TState>>,
  ): QueryBuilder<TFields, TConfig, TRecord, WithCondition<TState, TField, { $not: null }>>;
  /**
   * Greater than (range keys, `version`, dates).
   *
   * @example
   * q.where('range_key1').gt(5); // { range_key1: { $gt: 5 } }
   */
  gt<const TValue>(
    value: Guard<
      TFields,
      Checked<
        CompareError<'gt', TName, TField, TState>,
        'gt',
        TFields,
        TRecord,
        TName,
        TField,
        TValue,
        false
      >,
      TValue
    >,
  ): QueryBuilder<
    TFields,
    TConfig,
    TRecord,
    WithCondition<TState, TField, { $gt: WireValuesOf<TField, TValue> }>
  >;
  /**
   * Greater than or equal.
   *
   * @example
   * q.where('created_at').gte('2024-01-01T00:00:00Z'); // { created_at: { $gte: '2024-01-01T00:00:00Z' } }
   */
  gte<const TValue>(
    value: Guard<
      TFields,
      Checked<
        CompareError<'gte', TName, TField, TState>,
        'gte',
        TFields,
        TRecord,
        TName,
        TField,
        TValue,
        false
      >,
      TValue
    >,
  ): QueryBuilder<
    TFields,
    TConfig,
    TRecord,
    WithCondition<TState, TField, { $gte: WireValuesOf<TField, TValue> }>
  >;
  /**
   * Less than.
   *
   * @example
   * q.where('version').lt(3); // { version: { $lt: 3 } }
   */
  lt<const TValue>(
    value: Guard<
      TFields,
      Checked<
        CompareError<'lt', TName, TField, TState>,
        'lt',
        TFields,
        TRecord,
        TName,
        TField,
        TValue,
        false
      >,
      TValue
    >,
  ): QueryBuilder<
    TFields,
    TConfig,
    TRecord,
    WithCondition<TState, TField, { $lt: WireValuesOf<TField, TValue> }>
  >;
  /**
   * Less than or equal.
   *
   * @example
   * q.where('range_key3').lte(10); // { range_key3: { $lte: 10 } }
   */
  lte<const TValue>(
    value: Guard<
      TFields,
      Checked<
        CompareError<'lte', TName, TField, TState>,
        'lte',
        TFields,
        TRecord,
        TName,
        TField,
        TValue,
        false
      >,
      TValue
    >,
  ): QueryBuilder<
    TFields,
    TConfig,
    TRecord,
    WithCondition<TState, TField, { $lte: WireValuesOf<TField, TValue> }>
  >;
  /**
   * Contains `text` (key1..key20, plain search keys only).
   *
   * @example
   * q.where('key3').like('abc'); // { key3: { $like: 'abc' } }
   */
  like<TText>(
    text: Guard<TFields, LikeChecked<TName, TField, TState, TConfig, TText>, TText>,
  ): QueryBuilder<TFields, TConfig, TRecord, WithCondition<TState, TField, { $like: string }>>;
}

/**
 * `like`'s rule first, then its text: a string whatever the field's model type (it is a pattern).
 * @hidden
 */
type LikeChecked<
  TName extends string,
  TField extends FilterableField,
  TState extends QueryState,
  TConfig extends QueryConfig,
  TText,
> =
  LikeError<TName, TField, TState, TConfig> extends infer TMessage extends string
    ? [TMessage] extends [never]
      ? [WrongValue<TField, string, TText, false>] extends [never]
        ? never
        : WrongValueMessage<'like', FieldLabel<TName, TField>, (typeof KIND_VALUES)['string']>
      : TMessage
    : never;

/**
 * The rule of the call first (kind, nulls, conflicts: `TRule`, its message or never), then the value (see
 * WrongValue).
 * @hidden
 */
type Checked<
  TRule extends string,
  TMethod extends 'eq' | 'not' | 'gt' | 'gte' | 'lt' | 'lte',
  TFields extends FieldMap,
  TRecord,
  TName extends string,
  TField extends FilterableField,
  TValue,
  TList extends boolean,
> = [TRule] extends [never]
  ? [WrongValue<TField, ValueInputOf<TField>, TValue, TList>] extends [never]
    ? RecordFieldMap extends TFields
      ? never // raw storage: the slot's type is the accepted type
      : [WrongValue<TField, ConditionValueOf<TFields, TRecord, TName, TField>, TValue, TList>] extends [never]
        ? never
        : WrongValueMessage<TMethod, FieldLabel<TName, TField>, ValueKindOf<TFields, TRecord, TName, TField>>
    : WrongValueMessage<TMethod, FieldLabel<TName, TField>, ValueKindOf<TFields, TRecord, TName, TField>>
  : TRule;
