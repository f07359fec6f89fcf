/**
 * Dates in queries: accepted as a `DateInput` (`Date`, dayjs or an ISO-8601 string, the same as records
 * take), sent as ISO strings (PROTOCOL §f.1).
 */
import { isoDateTime } from '../wire/primitives.js';

/**
 * Converts a `DateInput` to the ISO-8601 string sent on the wire; undefined when it is not a valid date.
 * Strings are checked and kept as written (their offset and precision are the caller's choice).
 *
 * @example
 * toIsoDateTime(new Date(0)); // '1970-01-01T00:00:00.000Z'
 */
export function toIsoDateTime(value: unknown): string | undefined {
  if (typeof value === 'string') return isoDateTime.safeParse(value).success ? value : undefined;
  const date = value instanceof Date ? value : hasToDate(value) ? value.toDate() : undefined;
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) return undefined;
  return date.toISOString();
}

function hasToDate(value: unknown): value is { toDate(): unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { toDate?: unknown }).toDate === 'function'
  );
}
