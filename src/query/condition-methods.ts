/**
 * The condition-method table shared by `where()` on a query and inside `or()`: one method per condition,
 * each checking its rule and value before adding a node.
 */
import { match } from 'ts-pattern';
import type { FilterableField } from '../fields.js';
import { fieldLabel } from './field-map.js';
import { type ComparisonOperator, type ConditionNode, type FilterNode, freezeNode } from './filter-node.js';
import { fail } from './input-failure.js';
import type { QueryConfig } from './query-config.js';
import { emptyTextMessage, wrongValueMessage } from './query-messages.js';
import { type ConditionMethod, type ConditionScope, conditionRule } from './query-rules.js';
import { wireValue, wireValues } from './wire-value.js';

/** Builds the node of one condition method, after its rule and value checks. */
export function conditionNode(
  method: ConditionMethod,
  name: string,
  field: FilterableField,
  args: readonly unknown[],
): ConditionNode {
  // Exhaustive: a new condition method without a branch does not build.
  return match(method)
    .with('eq', 'not', (kind) => freezeNode({ kind, field, value: wireValues(method, name, field, args[0]) }))
    .with('isNull', 'isNotNull', (kind) => freezeNode({ kind, field }))
    .with('like', () => {
      const text = args[0];
      if (typeof text !== 'string')
        return fail(wrongValueMessage(method, fieldLabel(name, field), 'string'), [name]);
      if (text.length === 0) return fail(emptyTextMessage(method, fieldLabel(name, field)), [name]);
      return freezeNode({ kind: 'like', field, text });
    })
    .with('gt', 'gte', 'lt', 'lte', (comparison) =>
      freezeNode({
        kind: 'compare',
        field,
        operator: COMPARISON_OPERATOR_OF[comparison],
        value: wireValue(method, name, field, args[0]),
      }),
    )
    .exhaustive();
}

const COMPARISON_OPERATOR_OF = { gt: '$gt', gte: '$gte', lt: '$lt', lte: '$lte' } as const satisfies Record<
  'gt' | 'gte' | 'lt' | 'lte',
  ComparisonOperator
>;

export const CONDITION_METHODS = [
  'eq',
  'not',
  'isNull',
  'isNotNull',
  'gt',
  'gte',
  'lt',
  'lte',
  'like',
] as const;

/** A condition builder: one method per condition, each ending in `add(node)`. */
export type ConditionMethods<TNext> = Record<ConditionMethod, (...args: unknown[]) => TNext>;

export function conditionMethods<TNext>(
  name: string,
  field: FilterableField,
  nodes: readonly FilterNode[],
  config: QueryConfig,
  scope: ConditionScope,
  add: (node: ConditionNode) => TNext,
): ConditionMethods<TNext> {
  const entries = CONDITION_METHODS.map((method) => [
    method,
    (...args: unknown[]): TNext => {
      const broken = conditionRule(method, name, field, nodes, config, scope);
      if (broken !== undefined) fail(broken, [name]);
      return add(conditionNode(method, name, field, args));
    },
  ]);
  return Object.freeze(Object.fromEntries(entries)) as ConditionMethods<TNext>;
}
