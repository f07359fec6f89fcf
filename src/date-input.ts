/**
 * Dates in queries: accepted as a `DateInput` (`Date`, dayjs or an ISO-8601 string, the same as records
 * take), sent as ISO strings (docs/protocol.md#filter).
 *
 * Records read them through the same functions, so a `toDate()` that throws is an invalid date in both.
 */
import { isoDateTime, parseIsoDateTime } from './wire/primitives.js';

/**
 * True for an object with a `toDate()` method (dayjs, moment, Luxon's `DateTime` has `toJSDate` and is
 * not one). Such objects are dates, never filter operator objects.
 *
 * @example
 * hasToDate({ toDate: () => new Date(0) }); // true
 */
export function hasToDate(value: unknown): value is { toDate(): unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { toDate?: unknown }).toDate === 'function'
  );
}

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

/**
 * A `Date` or dayjs-like value as a valid `Date`, or undefined (also when its `toDate()` throws). Strings
 * are not read here: each caller decides how to keep them.
 *
 * @example
 * toValidDate({ toDate: () => new Date(0) }); // Date(0)
 * toValidDate({ toDate: () => { throw new Error('x'); } }); // undefined
 */
export function toValidDate(value: unknown): Date | undefined {
  if (isValidDate(value)) return value;
  if (!hasToDate(value)) return undefined;
  let date: unknown;
  try {
    date = value.toDate();
  } catch {
    return undefined;
  }
  return isValidDate(date) ? date : undefined;
}

/**
 * Converts a `DateInput` to a valid `Date`, or `undefined` when it is not one.
 *
 * @example
 * toDateOrUndefined('2024-01-31T12:00:00Z'); // Date
 */
export function toDateOrUndefined(value: unknown): Date | undefined {
  if (typeof value !== 'string') return toValidDate(value);
  return isoDateTime.safeParse(value).success ? new Date(parseIsoDateTime(value)) : undefined;
}

/**
 * Converts a `DateInput` to the ISO-8601 string sent on the wire; undefined when it is not a valid date.
 * Strings are checked and kept as written (their offset and precision are the caller's choice).
 *
 * @example
 * toIsoDateTime(new Date(0)); // '1970-01-01T00:00:00.000Z'
 */
export function toIsoDateTime(value: unknown): string | undefined {
  if (typeof value === 'string') return isoDateTime.safeParse(value).success ? value : undefined;
  return toValidDate(value)?.toISOString();
}
