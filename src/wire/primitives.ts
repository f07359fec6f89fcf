import * as z from 'zod/mini';
import { type Int64, int64Problem, isInt64 } from './int64.js';
import { lazySchema } from './lazy-schema.js';

/**
 * ISO-8601 date-time as the SDKs send it (docs/protocol.md#dates): `Z`, `+00:00` or `+0000` offsets, 0–6 (or more)
 * fractional digits. A missing offset is accepted and read as UTC, because Java's filters send local
 * date-times without one (vector `find-advanced`).
 */
export const ISO_DATE_TIME_PATTERN =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** An ISO-8601 date-time string that also parses to a real instant. */
export const isoDateTime = /* @__PURE__ */ lazySchema(() =>
  z.string().check(
    z.regex(ISO_DATE_TIME_PATTERN, 'expected an ISO-8601 date-time such as 2024-01-31T12:00:00.000Z'),
    z.refine((s) => !Number.isNaN(parseIsoDateTime(s)), 'expected a valid calendar date-time'),
  ),
);

/**
 * Parses an ISO-8601 date-time (as accepted by {@link isoDateTime}) into epoch milliseconds, treating a
 * missing offset as UTC. Returns NaN when it is not a valid instant.
 *
 * @example
 * parseIsoDateTime('2024-01-31T12:00:00+0000'); // 1706702400000
 */
export function parseIsoDateTime(value: string): number {
  // The longest valid form is 35 characters; longer text is never kept.
  if (value.length > 40) return parseUncached(value);
  const known = parsedInstants.get(value);
  if (known !== undefined) return known;
  const millis = parseUncached(value);
  if (parsedInstants.size >= PARSED_INSTANTS_MAX) parsedInstants.clear();
  parsedInstants.set(value, millis);
  return millis;
}

/**
 * Recently parsed date-times. A response repeats a few instants on every record (a batch shares created_at
 * and updated_at), and each is parsed twice (validation, then conversion to a Date); the full parse costs
 * several regex runs and two Date objects. Bounded; instants are not secrets.
 */
const parsedInstants = new Map<string, number>();
const PARSED_INSTANTS_MAX = 256;

function parseUncached(value: string): number {
  const match = ISO_DATE_TIME_PATTERN.exec(value);
  if (!match || !isRealCalendarDay(value)) return Number.NaN;
  let normalised = value;
  // Date.parse does not understand `+0000` or `+00`; rewrite the offset as `+00:00`.
  const offset = /([+-])(\d{2}):?(\d{2})?$/.exec(value);
  if (offset && value.lastIndexOf('T') < offset.index) {
    normalised = `${value.slice(0, offset.index)}${offset[1]}${offset[2]}:${offset[3] ?? '00'}`;
  } else if (!value.endsWith('Z')) {
    normalised = `${value}Z`;
  }
  // Fractions beyond milliseconds are legal ISO but not for Date.parse everywhere: cut to 3 digits.
  normalised = normalised.replace(/(\.\d{3})\d+/, '$1');
  return Date.parse(normalised);
}

// Date.parse rolls impossible days over (2024-02-30 becomes 2024-03-01); reject them instead.
function isRealCalendarDay(value: string): boolean {
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

/**
 * A signed 64-bit integer on the wire; one issue when the value is not an integer or lies outside
 * −2^63 … 2^63 − 1. It checks without converting: `parseJson` already yields the canonical form, and a
 * transform here would take every record schema off zod's fast path (a find page of 100 validated 20%
 * slower).
 *
 * @example
 * int64().parse(9223372036854775807n); // 9223372036854775807n
 */
export const int64 = /* @__PURE__ */ lazySchema(() =>
  z.custom<Int64>(isInt64, { error: (issue) => int64Problem(issue.input) }),
);

/** An integer a JavaScript number holds exactly (`version`, counts); range keys use {@link int64}. */
export const safeInteger = /* @__PURE__ */ lazySchema(() =>
  z
    .number()
    .check(
      z.int('expected an integer within ±(2^53 - 1)'),
      z.gte(Number.MIN_SAFE_INTEGER, 'expected an integer within ±(2^53 - 1)'),
      z.lte(Number.MAX_SAFE_INTEGER, 'expected an integer within ±(2^53 - 1)'),
    ),
);

/** A non-negative integer. */
export const nonNegativeInt = /* @__PURE__ */ lazySchema(() =>
  z.number().check(z.int('expected an integer'), z.gte(0, 'expected a number >= 0')),
);
