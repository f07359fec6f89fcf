/**
 * The builder handed to `or()`: its public interfaces and the class behind them.
 */
import type { FieldKindOf, FilterableField } from '../fields.js';
import { type ConditionMethods, conditionMethods } from './condition-methods.js';
import type { ErasedMethods } from './erased-methods.js';
import { type FieldLabel, type FieldMap, type FieldName, type FieldOf, resolveField } from './field-map.js';
import type { OrBranchNode } from './filter-node.js';
import { fail } from './input-failure.js';
import type { QueryConfig } from './query-config.js';
import {
  type KIND_VALUES,
  type LikeInOrMessage,
  type NotComparableMessage,
  type OrNestedMessage,
  orNestedMessage,
  type WrongValueMessage,
} from './query-messages.js';
import { whereRule } from './query-rules.js';
import type { ValueInputOf, WireValuesOf } from './query-state.js';
import type { QueryTypeError } from './query-type-error.js';
import type { OrWhereGuard, WrongValue } from './query-type-rules.js';

/**
 * The value of a branch condition, or the builder's message when the field does not take it
 * (`eq() call failed: key1 takes strings`).
 * @hidden
 */
type OrValue<TMethod extends 'eq' | 'not', TName extends string, TField extends FilterableField, TValue> = [
  WrongValue<TField, ValueInputOf<TField>, TValue, true>,
] extends [never]
  ? TValue
  : QueryTypeError<
      WrongValueMessage<TMethod, FieldLabel<TName, TField>, (typeof KIND_VALUES)[FieldKindOf<TField>]>
    >;

/**
 * The builder handed to `or()`: each condition added is one alternative. String keys only; no `like`, no
 * nested `or()`.
 *
 * @example
 * q.or((b) => b.where('key1').eq('a').where('profile_key').isNull());
 * @category Query builder
 */
export interface OrBuilder<in out TFields extends FieldMap, TBranches extends readonly object[] = []> {
  /**
   * Starts one alternative on a string key.
   *
   * @example
   * q.or((b) => b.where('key2').eq('a').where('key3').eq('b'));
   */
  where<TName extends FieldName<TFields>>(
    field: OrWhereGuard<TFields, TName>,
  ): OrConditionBuilder<TFields, TBranches, TName, FieldOf<TFields, TName>>;
  /** Not available: `or()` cannot be nested (docs/protocol.md#filter). */
  or(this: QueryTypeError<OrNestedMessage>, build: (branch: OrBuilder<TFields>) => unknown): never;
}

/**
 * One alternative of an `or()` on a string key.
 *
 * @example
 * q.or((b) => b.where('key3').not('b').where('key4').isNull()); // $or: [{ key3: { $not: 'b' } }, { key4: null }]
 * @category Query builder
 */
export interface OrConditionBuilder<
  in out TFields extends FieldMap,
  TBranches extends readonly object[],
  in out TName extends string,
  in out TField extends FilterableField,
> {
  /** Equals one value, or any of a list. */
  eq<TValue>(
    value: OrValue<'eq', TName, TField, TValue>,
  ): OrBuilder<TFields, [...TBranches, { [K in TField]: WireValuesOf<TField, TValue> }]>;
  /** Differs from one value, or from every value of a list. */
  not<TValue>(
    value: OrValue<'not', TName, TField, TValue>,
  ): OrBuilder<TFields, [...TBranches, { [K in TField]: { $not: WireValuesOf<TField, TValue> } }]>;
  /** Is null. */
  isNull(): OrBuilder<TFields, [...TBranches, { [K in TField]: null }]>;
  /** Is not null. */
  isNotNull(): OrBuilder<TFields, [...TBranches, { [K in TField]: { $not: null } }]>;
  /** Not available inside `or()` (docs/protocol.md#find-validation). */
  like(text: QueryTypeError<LikeInOrMessage<FieldLabel<TName, TField>>>): never;
  /** Not available: `or()` branches hold string keys only. */
  gt(value: QueryTypeError<NotComparableMessage<'gt', FieldLabel<TName, TField>>>): never;
  /** Not available: `or()` branches hold string keys only. */
  gte(value: QueryTypeError<NotComparableMessage<'gte', FieldLabel<TName, TField>>>): never;
  /** Not available: `or()` branches hold string keys only. */
  lt(value: QueryTypeError<NotComparableMessage<'lt', FieldLabel<TName, TField>>>): never;
  /** Not available: `or()` branches hold string keys only. */
  lte(value: QueryTypeError<NotComparableMessage<'lte', FieldLabel<TName, TField>>>): never;
}

export class OrBuilderImpl implements ErasedMethods<OrBuilder<FieldMap>> {
  readonly #fields: FieldMap | undefined;
  readonly #config: QueryConfig;
  readonly #branches: readonly OrBranchNode[];

  constructor(fields: FieldMap | undefined, config: QueryConfig, branches: readonly OrBranchNode[]) {
    this.#fields = fields;
    this.#config = config;
    this.#branches = Object.freeze(branches);
  }

  /** The alternatives collected so far (read by the parent's `or()`). */
  static branchesOf(builder: unknown): readonly OrBranchNode[] | undefined {
    return builder instanceof OrBuilderImpl ? builder.#branches : undefined;
  }

  where(name: unknown): ConditionMethods<OrBuilderImpl> {
    const field = resolveField(this.#fields, name);
    const broken = whereRule(String(name), field, [], 'or');
    if (broken !== undefined || field === undefined) return fail(broken!, ['$or', String(name)]);
    return conditionMethods(String(name), field, [], this.#config, 'or', (node) => {
      // whereRule('or') admits string keys only, and conditionRule('or') rejects like and comparisons.
      return new OrBuilderImpl(this.#fields, this.#config, [...this.#branches, node as OrBranchNode]);
    });
  }

  or(): never {
    return fail(orNestedMessage(), ['$or']);
  }
}
