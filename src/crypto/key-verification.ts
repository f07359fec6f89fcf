/**
 * The client checks what it decrypts (docs/protocol.md#verified-keys). In LOCAL mode the server is not
 * trusted, but the envelope is authenticated: its `meta` holds each record's real keys. A read answered
 * with another record (a proxy rewrote `alice` into `bob`), or a find answer whose wire keys were edited
 * to match a filter, is caught by comparing the two: every key the envelope holds must encode to the wire
 * value the server returned beside it, a hashed key on the wire must be one the envelope holds, and the
 * record key must be one the request asked for. SSE answers carry plain keys, which are compared as they
 * are. One SHA-256 per key present (about 0.2 µs); no secret or key derivation is involved.
 */
import { STRING_KEYS, type StringKey } from '../fields.js';
import type { WireRecord } from '../wire/wire-types.js';
import type { KeyHasher } from './key-hasher.js';

/**
 * What the request pinned down: the wire (hashed, or plain in SSE) `record_key` values an answer may
 * carry — the read's path key, or the values of an equality filter on `record_key`.
 *
 * @example
 * const expected: KeyExpectation = { recordKeys: ['5e1a…'] };
 */
export interface KeyExpectation {
  readonly recordKeys?: readonly string[] | undefined;
  /**
   * Hashes already computed for this answer, by the value hashed: the records of a find page repeat values
   * (the filtered key on every record, low-cardinality keys), and a hash costs more than a lookup. Scoped to
   * one answer, so no original outlives the call.
   */
  readonly hashes?: Map<string, string> | undefined;
}

/**
 * Why `wire` is not the record its envelope (`meta`, undefined in SSE mode) and the request say it is, or
 * undefined when it is. The reason names fields, never values.
 *
 * @example
 * declare const hasher: KeyHasher;
 * keyMismatch({ record_key: hashValue('bob', 'env') }, { record_key: 'alice' }, hasher, {}); // 'record_key does not match the encrypted envelope'
 */
export function keyMismatch(
  wire: WireRecord,
  meta: Readonly<Record<string, unknown>> | undefined,
  hasher: KeyHasher | undefined,
  expected: KeyExpectation,
): string | undefined {
  if (expected.recordKeys !== undefined && !expected.recordKeys.includes(wire.record_key))
    return 'record_key is not one the request asked for';
  if (meta === undefined || hasher === undefined) return undefined;
  if (keysMatch(wire, meta, hasher, expected.hashes)) return undefined;
  // Something is off: the full walk below names the first field in catalogue order.
  for (const field of STRING_KEYS) {
    const stored = field === 'record_key' ? (meta.record_key ?? meta.key) : meta[field];
    const onWire = wire[field];
    if (typeof stored === 'string') {
      if (typeof onWire !== 'string' || !hasher.matches(field, stored, onWire))
        return `${field} does not match the encrypted envelope`;
    } else if (field === 'record_key') {
      return 'the encrypted envelope names no record key, so the record cannot be verified';
    } else if (typeof onWire === 'string' && hasher.isHashed(field)) {
      return `${field} is not in the encrypted envelope`;
    }
  }
  return undefined;
}

const STRING_KEY_SET: ReadonlySet<string> = new Set(STRING_KEYS);

/**
 * Whether {@link keyMismatch} finds nothing, visiting only the keys the envelope and the wire record hold
 * (a record has a handful of its 26 string keys): the same checks as the catalogue walk, which looked
 * up every field in both objects and cost as much as the hashing on a 100-record page.
 */
function keysMatch(
  wire: WireRecord,
  meta: Readonly<Record<string, unknown>>,
  hasher: KeyHasher,
  hashes: Map<string, string> | undefined,
): boolean {
  const recordKey = meta.record_key ?? meta.key;
  const onWireKey: unknown = wire.record_key;
  if (typeof recordKey !== 'string' || typeof onWireKey !== 'string') return false;
  // Record keys are unique within an answer: remembering their hashes would only cost.
  if (!hasher.matches('record_key', recordKey, onWireKey)) return false;
  for (const field in meta) {
    if (field === 'record_key' || !STRING_KEY_SET.has(field)) continue;
    const stored = meta[field];
    if (typeof stored !== 'string') continue;
    const onWire = (wire as Record<string, unknown>)[field];
    if (typeof onWire !== 'string' || !hasher.matches(field as StringKey, stored, onWire, hashes))
      return false;
  }
  for (const field in wire) {
    if (field === 'record_key' || !STRING_KEY_SET.has(field)) continue;
    const onWire = (wire as Record<string, unknown>)[field];
    if (typeof onWire === 'string' && typeof meta[field] !== 'string' && hasher.isHashed(field as StringKey))
      return false;
  }
  return true;
}
