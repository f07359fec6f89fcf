/**
 * Value conversion for condition methods: each value checked against its field's kind and turned into its
 * wire form (dates to ISO strings, 64-bit integers to their canonical form).
 */
import { toIsoDateTime } from '../date-input.js';
import { type FilterableField, fieldKind } from '../fields.js';
import { canonicalInt64, isInt64 } from '../wire/int64.js';
import { fieldLabel } from './field-map.js';
import type { WireScalar } from './filter-node.js';
import { fail } from './input-failure.js';
import { emptyListMessage, wrongValueMessage } from './query-messages.js';

/** Checks and converts one value of a field to its wire form. */
export function wireValue(method: string, name: string, field: FilterableField, value: unknown): WireScalar {
  const kind = fieldKind(field);
  if (kind === 'string' && typeof value === 'string') return value;
  if (kind === 'integer' && isInt64(value)) return canonicalInt64(value);
  if (kind === 'date') {
    const iso = toIsoDateTime(value);
    if (iso !== undefined) return iso;
  }
  return fail(wrongValueMessage(method, fieldLabel(name, field), kind), [name]);
}

export function wireValues(
  method: string,
  name: string,
  field: FilterableField,
  value: unknown,
): WireScalar | readonly WireScalar[] {
  if (!Array.isArray(value)) return wireValue(method, name, field, value);
  if (value.length === 0) fail(emptyListMessage(method, fieldLabel(name, field)), [name]);
  return value.map((v: unknown) => wireValue(method, name, field, v));
}
