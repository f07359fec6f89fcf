/**
 * The intermediate form between builder calls and the wire DSL: one frozen node per call, in call order.
 * Nodes hold record field names and wire-ready values (dates already ISO strings); they carry no types
 * beyond that, so the compiler stays schema-agnostic.
 */
import type { FilterableField, StringKey } from '../fields.js';
import type { ConditionLabel } from './query-messages.js';

/** A wire-ready scalar: strings for string keys and dates, 64-bit integers for range keys and version. */
export type WireScalar = string | number | bigint;

/** Comparison operators, in the order they appear on the wire. */
export const COMPARISON_OPERATORS = ['$gt', '$gte', '$lt', '$lte'] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

/** One condition on one field. */
export type ConditionNode =
  | {
      readonly kind: 'eq';
      readonly field: FilterableField;
      readonly value: WireScalar | readonly WireScalar[];
    }
  | {
      readonly kind: 'not';
      readonly field: FilterableField;
      readonly value: WireScalar | readonly WireScalar[];
    }
  | { readonly kind: 'isNull'; readonly field: FilterableField }
  | { readonly kind: 'isNotNull'; readonly field: FilterableField }
  | {
      readonly kind: 'compare';
      readonly field: FilterableField;
      readonly operator: ComparisonOperator;
      readonly value: WireScalar;
    }
  | { readonly kind: 'like'; readonly field: FilterableField; readonly text: string };

/** A condition inside an `$or` branch: string keys, no `$like` (docs/protocol.md#filter). */
export type OrBranchNode = Extract<ConditionNode, { kind: 'eq' | 'not' | 'isNull' | 'isNotNull' }> & {
  readonly field: StringKey;
};

/** Any node of a query's filter. */
export type FilterNode =
  | ConditionNode
  | { readonly kind: 'searchKeys'; readonly text: string }
  | { readonly kind: 'or'; readonly branches: readonly OrBranchNode[] };

/** Every node kind. */
export type FilterNodeKind = FilterNode['kind'];

/** One `sortBy` call. */
export interface SortNode {
  readonly field: FilterableField;
  readonly order: 'asc' | 'desc';
}

/**
 * Freezes a node (and its value list) so that builders sharing it can never see each other's changes.
 *
 * @example
 * const node = freezeNode({ kind: 'isNull', field: 'key1' });
 */
export function freezeNode<TNode extends FilterNode>(node: TNode): TNode {
  if ('value' in node && Array.isArray(node.value)) Object.freeze(node.value);
  if (node.kind === 'or') Object.freeze(node.branches);
  return Object.freeze(node);
}

/** The label of a condition node, as rule messages show it. */
export function conditionLabel(node: ConditionNode): ConditionLabel {
  const labels = {
    eq: () => 'eq',
    not: () => '$not',
    isNull: () => 'isNull',
    isNotNull: () => 'isNotNull',
    like: () => '$like',
    compare: (n: Extract<ConditionNode, { kind: 'compare' }>) => n.operator,
  } as const satisfies {
    [K in ConditionNode['kind']]: (node: Extract<ConditionNode, { kind: K }>) => ConditionLabel;
  };
  return labels[node.kind](node as never);
}
