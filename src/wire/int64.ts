/**
 * 64-bit signed integers (range keys, docs/protocol.md#record-fields) without rounding. One representation everywhere:
 * a `number` when the value is a safe integer (within ±(2^53 − 1), the common case) and a `bigint` only
 * when a double cannot hold it exactly. Plain numbers keep arithmetic, `===` and `JSON.stringify`
 * working for everyone who never leaves the safe range; bigints appear only where rounding would happen.
 */

/**
 * A 64-bit signed integer: a safe-integer `number`, or a `bigint` in −2^63 … 2^63 − 1.
 * @hidden
 */
export type Int64 = number | bigint;

/** Smallest signed 64-bit integer, −2^63. */
export const INT64_MIN = -(2n ** 63n);
/** Largest signed 64-bit integer, 2^63 − 1. */
export const INT64_MAX = 2n ** 63n - 1n;

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Whether `value` is a signed 64-bit integer we can carry exactly: a safe-integer number or an in-range
 * bigint. A number past 2^53 is refused: it may already have been rounded.
 *
 * @example
 * isInt64(2n ** 62n); // true
 * isInt64(2 ** 62); // false: pass it as a bigint
 */
export function isInt64(value: unknown): value is Int64 {
  if (typeof value === 'number') return Number.isSafeInteger(value);
  return typeof value === 'bigint' && value >= INT64_MIN && value <= INT64_MAX;
}

/**
 * The canonical form of a 64-bit integer: a `number` when it is safe, the `bigint` otherwise.
 *
 * @example
 * canonicalInt64(5n); // 5
 * canonicalInt64(2n ** 62n); // 4611686018427387904n
 */
export function canonicalInt64(value: Int64): Int64 {
  return typeof value === 'bigint' && value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : value;
}

/**
 * Decimal text of an integer (as databases return BIGINT columns) in canonical form.
 *
 * @example
 * int64FromText('-9223372036854775808'); // -9223372036854775808n
 * int64FromText('42'); // 42
 */
export function int64FromText(text: string): Int64 {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : BigInt(text);
}

/** Why a value is not an {@link Int64}; the message names the rule, never the value. */
export function int64Problem(value: unknown): string {
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value)))
    return typeof value === 'bigint'
      ? 'expected an integer within the signed 64-bit range (-2^63 to 2^63 - 1)'
      : 'expected an exact integer: beyond ±(2^53 - 1) a number may already be rounded, give a bigint';
  return 'expected an integer';
}
