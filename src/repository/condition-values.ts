/**
 * The run-time half of the model value types in repository conditions: the types refuse
 * `where('status').eq('unknown')` when `status` is `z.enum([...])`, but a value that arrives through `any`
 * or parsed JSON reaches the builder unchecked. Before a repository query is sent, every value its
 * conditions compare a listed-values field with is checked against the model.
 */
import { InputValidationError } from '../errors.js';
import type { WireFilter } from '../wire/find.js';
import { isPlainObject } from '../wire/plain-object.js';

/** The builder method each operator stands for, as messages name it. */
const OPERATOR_METHODS: Readonly<Record<string, string>> = {
  $not: 'not',
  $gt: 'gt',
  $gte: 'gte',
  $lt: 'lt',
  $lte: 'lte',
};

/** At most this many allowed values are listed in a message. */
const LISTED_VALUES = 10;

type SlotValues = ReadonlyMap<string, { readonly field: string; readonly values: readonly unknown[] }>;

/**
 * The message for a value the model does not allow: the method, the field with its slot, and the values
 * it takes (`eq() call failed: status (key1) takes one of new, paid, shipped`). Never the value itself.
 *
 * @example
 * modelValueMessage('eq', 'status', 'key1', ['new', 'paid']); // 'eq() call failed: status (key1) takes one of new, paid'
 */
export function modelValueMessage(
  method: string,
  field: string,
  slot: string,
  values: readonly unknown[],
): string {
  const listed = values.slice(0, LISTED_VALUES).map(String).join(', ');
  const more = values.length > LISTED_VALUES ? `, … (${values.length} values)` : '';
  return values.length === 0
    ? `${method}() call failed: ${field} (${slot}) takes no value but null`
    : `${method}() call failed: ${field} (${slot}) takes one of ${listed}${more}`;
}

/**
 * Throws InputValidationError when a condition of a compiled repository filter compares a field whose
 * model lists its values (an enum, literals) with a value outside them. `$like` takes a pattern and is
 * not checked; `null` tests always pass.
 *
 * @example
 * checkModelValues({ key1: 'unknown' }, new Map([['key1', { field: 'status', values: ['new'] }]]));
 * // throws: eq() call failed: status (key1) takes one of new
 */
export function checkModelValues(filter: WireFilter, slotValues: SlotValues): void {
  if (slotValues.size === 0) return;
  const check = (conditions: Readonly<Record<string, unknown>>, path: readonly (string | number)[]) => {
    for (const [slot, condition] of Object.entries(conditions)) {
      const allowed = slotValues.get(slot);
      if (allowed === undefined) continue;
      const message = conditionProblem(condition, slot, allowed.field, allowed.values);
      if (message !== undefined)
        throw new InputValidationError(message, { issues: [{ path: [...path, allowed.field], message }] });
    }
  };
  check(filter, []);
  filter.$or?.forEach((branch, i) => {
    check(branch, ['$or', i]);
  });
}

function conditionProblem(
  condition: unknown,
  slot: string,
  field: string,
  values: readonly unknown[],
): string | undefined {
  const allowed = new Set(values.map(String));
  const bad = (value: unknown): boolean =>
    value !== null && (Array.isArray(value) ? value.some(bad) : !allowed.has(String(value)));
  if (!isPlainObject(condition))
    return bad(condition) ? modelValueMessage('eq', field, slot, values) : undefined;
  for (const [operator, value] of Object.entries(condition)) {
    const method = OPERATOR_METHODS[operator];
    if (method !== undefined && bad(value)) return modelValueMessage(method, field, slot, values);
  }
  return undefined;
}
