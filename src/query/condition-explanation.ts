/**
 * Why an object-DSL condition is wrong, in the builder's words. The wire schema only knows that a
 * condition matched none of its forms ("Invalid input"); replaying the condition as the builder calls it
 * would make (`{ key1: { $gt: 1 } }` is `where('key1').gt(1)`) runs the builder's own rules and value
 * checks, so both ways of writing a query fail with one text.
 */
import { FILTERABLE_FIELDS, type FilterableField, isOneOf } from '../fields.js';
import { isPlainObject } from '../wire/plain-object.js';
import { conditionNode } from './condition-methods.js';
import type { QueryConfig } from './query-config.js';
import { type ConditionMethod, type ConditionScope, conditionRule } from './query-rules.js';

const OPERATOR_METHODS = {
  $gt: 'gt',
  $gte: 'gte',
  $lt: 'lt',
  $lte: 'lte',
  $like: 'like',
} as const satisfies Record<string, ConditionMethod>;

/** One builder call a DSL condition stands for, and where in the filter it was written. */
interface ReplayedCall {
  readonly method: ConditionMethod;
  readonly args: readonly unknown[];
  readonly operator: string | undefined;
}

function replay(condition: unknown): ReplayedCall[] | undefined {
  if (condition === null) return [{ method: 'isNull', args: [], operator: undefined }];
  if (!isPlainObject(condition)) return [{ method: 'eq', args: [condition], operator: undefined }];
  const calls: ReplayedCall[] = [];
  for (const [operator, value] of Object.entries(condition)) {
    if (operator === '$not')
      calls.push(
        value === null
          ? { method: 'isNotNull', args: [], operator }
          : { method: 'not', args: [value], operator },
      );
    else if (isOneOf(Object.keys(OPERATOR_METHODS) as (keyof typeof OPERATOR_METHODS)[], operator))
      calls.push({ method: OPERATOR_METHODS[operator], args: [value], operator });
    else return undefined; // an unknown operator: the schema's own message says which ones exist
  }
  return calls;
}

/**
 * The builder's message for a DSL condition on `field` the wire schema refused, with the path of the
 * operator it is about; undefined when the builder would accept the same calls.
 *
 * @example
 * explainCondition('key1', { $gt: 1 }, { plainSearchKeys: false }, 'query');
 * // { path: ['$gt'], message: 'key1 is not a range key, version or date field' }
 */
export function explainCondition(
  field: string,
  condition: unknown,
  config: QueryConfig,
  scope: ConditionScope,
): { path: string[]; message: string } | undefined {
  if (!isOneOf(FILTERABLE_FIELDS, field)) return undefined;
  for (const call of replay(condition) ?? []) {
    const message = ruleOf(call, field, config, scope);
    if (message !== undefined)
      return {
        path: call.operator === undefined ? [] : [call.operator],
        // The builder names its method; in the DSL the path names the operator instead.
        message: message.replace(/^\w+\(\) call failed: /, ''),
      };
  }
  return undefined;
}

function ruleOf(
  call: ReplayedCall,
  field: FilterableField,
  config: QueryConfig,
  scope: ConditionScope,
): string | undefined {
  const rule = conditionRule(call.method, field, field, [], config, scope);
  if (rule !== undefined) return rule;
  try {
    conditionNode(call.method, field, field, call.args);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
