/**
 * The query layer: the fluent builder, the typed object DSL, and the rules both share.
 */

export type { FieldConditionBuilder } from './field-condition-builder.js';
export type { FieldMap, RecordFieldMap } from './field-map.js';
export type { OrBuilder, OrConditionBuilder } from './or-builder.js';
export {
  type AnyQuery,
  createQueryBuilder,
  type QueryBuilder,
  type QueryBuilderOptions,
  type SortDirection,
} from './query-builder.js';
export type {
  CallResult,
  DynamicQuery,
  DynamicState,
  IfResult,
  WhereResult,
} from './query-composition.js';
export {
  type AnyQueryConfig,
  type HashedSearchKeys,
  type PlainSearchKeys,
  type QueryConfig,
  type QueryConfigFromOptions,
  type QueryRelevantOptions,
  queryConfigFromOptions,
} from './query-config.js';
export type { FindPageOptions, QueryExecutor, QueryPage } from './query-executor.js';
export type { CompiledQuery, InitialState, QueryState } from './query-state.js';
export type { QueryTypeError } from './query-type-error.js';
export type {
  DateCondition,
  FilterInput,
  FindOptionsInput,
  IntegerCondition,
  ParsedFilter,
  SearchKeyCondition,
  StringCondition,
  TypedFilter,
  TypedFindOptions,
  TypedOrBranch,
  TypedSortField,
  TypedSortItem,
} from './typed-filter.js';
export type { FilterCheck, FindOptionsCheck } from './typed-filter-check.js';
export { type ValidatedQuery, validateQuery } from './validate-query.js';
