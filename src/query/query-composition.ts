/**
 * Types for queries that are passed around and built in pieces: the dynamic builder, and what `$if`,
 * `$call` and a failed `where()` give back. A dynamic builder's state is `any`: `Advance` keeps it `any`
 * whatever is called, and the rules read it as a state that knows nothing (query-type-rules.ts), so only
 * the rules that do not depend on earlier calls apply at compile time.
 */
import type { FilterableField } from '../fields.js';
import type { FieldConditionBuilder } from './field-condition-builder.js';
import type { FieldMap, FieldOf } from './field-map.js';
import type { QueryBuilder } from './query-builder.js';
import type { QueryConfig } from './query-config.js';
import type { IfState, QueryState } from './query-state.js';
import type { IsAny, IsUnion } from './type-operators.js';

/**
 * A query of these fields, configuration and records, in any state: what `$dynamic()` returns, and the
 * type to give a variable or parameter that holds a query built in pieces. Every builder of the same
 * fields and configuration is assignable to it.
 *
 * @example
 * function onlyTenant(query: DynamicQuery<RecordFieldMap, PlainSearchKeys, StorageRecord>, tenant: string) {
 *   return query.where('key1').eq(tenant);
 * }
 */
export type DynamicQuery<TFields extends FieldMap, TConfig extends QueryConfig, TRecord> = QueryBuilder<
  TFields,
  TConfig,
  TRecord,
  DynamicState
>;

/**
 * The state of a dynamic builder: `any`, which every state is assignable to and which `Advance` keeps.
 *
 * @example
 * type Q = QueryBuilder<RecordFieldMap, PlainSearchKeys, StorageRecord, DynamicState>; // = DynamicQuery<…>
 */
// biome-ignore lint/suspicious/noExplicitAny: `any` is the state that knows nothing about earlier calls.
export type DynamicState = any;

/** @hidden */
// biome-ignore lint/suspicious/noExplicitAny: matches a builder of any fields, configuration and records.
type StateOf<TBuilder> = TBuilder extends QueryBuilder<any, any, any, infer TState> ? TState : never;

/**
 * What `$if(condition, build)` returns: the optional-part state when `build` returns one known state; a
 * dynamic builder when its branches return different states (or a dynamic builder).
 */
export type IfResult<
  TFields extends FieldMap,
  TConfig extends QueryConfig,
  TRecord,
  TState extends QueryState,
  TResult,
> =
  StateOf<TResult> extends infer TNext
    ? IsAny<TNext> extends true
      ? DynamicQuery<TFields, TConfig, TRecord>
      : IsUnion<TNext> extends true
        ? DynamicQuery<TFields, TConfig, TRecord>
        : TNext extends QueryState
          ? QueryBuilder<TFields, TConfig, TRecord, IfState<TState, TNext>>
          : DynamicQuery<TFields, TConfig, TRecord>
    : never;

/**
 * What `$call(fn)` returns: what `fn` returns, except that a builder typed with `AnyQuery` (a generic helper)
 * becomes a dynamic builder of the caller's fields and configuration, so the rules go on applying.
 */
export type CallResult<TFields extends FieldMap, TConfig extends QueryConfig, TRecord, TResult> =
  // biome-ignore lint/suspicious/noExplicitAny: detects a helper's AnyQuery result.
  TResult extends QueryBuilder<infer TResultFields, any, any, any>
    ? IsAny<TResultFields> extends true
      ? DynamicQuery<TFields, TConfig, TRecord>
      : TResult
    : TResult;

/**
 * What `where(name)` returns. A name the map lacks has already failed on `where`; its condition then accepts
 * any value without a second error.
 */
export type WhereResult<
  TFields extends FieldMap,
  TConfig extends QueryConfig,
  TRecord,
  TState extends QueryState,
  TName extends string,
> = [FieldOf<TFields, TName>] extends [never]
  ? // biome-ignore lint/suspicious/noExplicitAny: nothing more is checked after the failed where().
    FieldConditionBuilder<any, TConfig, TRecord, TState, TName, FilterableField>
  : FieldConditionBuilder<TFields, TConfig, TRecord, TState, TName, FieldOf<TFields, TName>>;
