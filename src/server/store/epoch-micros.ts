/**
 * Dates are stored as epoch microseconds (BIGINT) so that they compare and sort as instants in plain SQL on
 * both databases, and keep the microseconds Python clients send (docs/protocol.md#dates). BigInt throughout: a far
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

const MAX_SAFE_MICROS = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Formats epoch microseconds in the one form the PoP emits: `YYYY-MM-DDTHH:mm:ss.ffffff+00:00`. A number
 * must be a safe integer.
 *
 * @example
 * epochMicrosToIso(1n); // '1970-01-01T00:00:00.000001+00:00'
 */
export function epochMicrosToIso(micros: bigint | number): string {
  if (typeof micros === 'number') {
    if (!Number.isSafeInteger(micros)) throw new RangeError('expected a safe integer of microseconds');
    return safeMicrosToIso(micros);
  }
  // Dates up to the year 2255 fit a double exactly; number arithmetic is several times cheaper than BigInt.
  if (micros <= MAX_SAFE_MICROS && micros >= -MAX_SAFE_MICROS) return safeMicrosToIso(Number(micros));
  // Floor division, so instants before 1970 keep a non-negative sub-millisecond part.
  let millis = micros / MICROS_PER_MILLI;
  if (micros < 0n && millis * MICROS_PER_MILLI !== micros) millis -= 1n;
  return formatIso(Number(millis), Number(micros - millis * MICROS_PER_MILLI));
}

/** {@link epochMicrosToIso} of a safe integer. */
function safeMicrosToIso(micros: number): string {
  let millis = Math.floor(micros / 1000);
  // The quotient may round up to the next integer near 2^53; the exact remainder tells.
  let subMillis = micros - millis * 1000;
  if (subMillis < 0) {
    millis -= 1;
    subMillis += 1000;
  }
  return formatIso(millis, subMillis);
}

function formatIso(millis: number, subMillis: number): string {
  const iso = new Date(millis).toISOString();
  return `${iso.slice(0, -1)}${subMillis < 10 ? '00' : subMillis < 100 ? '0' : ''}${subMillis}+00:00`;
}
