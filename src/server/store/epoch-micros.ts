/**
 * Dates are stored as epoch microseconds (BIGINT) so that they compare and sort as instants in plain SQL on
 * both databases, and keep the microseconds Python clients send (PROTOCOL §i.6). BigInt throughout: a far
 * future `expires_at` (year 9999) needs 58 bits, beyond a double's exact range.
 */
import { parseIsoDateTime } from '../../wire/primitives.js';

const MICROS_PER_MILLI = 1000n;

/**
 * Epoch microseconds of an ISO-8601 date-time accepted by the wire schema (no offset = UTC), or
 * `undefined` when the text is not a valid instant.
 *
 * @example
 * isoToEpochMicros('1970-01-01T00:00:00.000001+0000'); // 1n
 */
export function isoToEpochMicros(value: string): bigint | undefined {
  const millis = parseIsoDateTime(value);
  if (Number.isNaN(millis)) return undefined;
  // parseIsoDateTime keeps three fraction digits; digits 4-6 are added here (7-9 are dropped, as in Python).
  const fraction = /T[^.]*\.(\d+)/.exec(value)?.[1] ?? '';
  const extraMicros = BigInt(fraction.slice(3, 6).padEnd(3, '0'));
  return BigInt(millis) * MICROS_PER_MILLI + extraMicros;
}

/**
 * Epoch microseconds of a `Date`.
 *
 * @example
 * dateToEpochMicros(new Date(0)); // 0n
 */
export function dateToEpochMicros(date: Date): bigint {
  const millis = date.getTime();
  if (!Number.isFinite(millis)) throw new TypeError('expected a valid Date for the current time');
  return BigInt(millis) * MICROS_PER_MILLI;
}

/**
 * Formats epoch microseconds in the one form the PoP emits: `YYYY-MM-DDTHH:mm:ss.ffffff+00:00`.
 *
 * @example
 * epochMicrosToIso(1n); // '1970-01-01T00:00:00.000001+00:00'
 */
export function epochMicrosToIso(micros: bigint): string {
  // Floor division, so instants before 1970 keep a non-negative sub-millisecond part.
  let millis = micros / MICROS_PER_MILLI;
  if (micros < 0n && millis * MICROS_PER_MILLI !== micros) millis -= 1n;
  const subMillis = micros - millis * MICROS_PER_MILLI;
  const iso = new Date(Number(millis)).toISOString();
  return `${iso.slice(0, -1)}${subMillis.toString().padStart(3, '0')}+00:00`;
}
