/**
 * Checking what users write: the record input schema with its messages, and the key length limits of SSE
 * and plain search keys (docs/protocol.md#record-model).
 */
import * as z from 'zod/mini';
import * as core from 'zod/v4/core';
import { toDateOrUndefined } from './date-input.js';
import { formatIssues, InputValidationError, type ValidationIssue, zodIssues } from './errors.js';
import {
  MAX_PLAIN_KEY_LENGTH,
  RANGE_KEYS,
  READ_ONLY_FIELDS,
  SEARCH_KEYS,
  SERVICE_KEYS,
  STRING_KEYS,
  type StringKey,
} from './fields.js';
import type { DateInput, ParsedRecordInput, RangeKeyValue, RecordInput } from './record.js';
import { isWithinChars } from './wire/char-length.js';
import { canonicalInt64, int64Problem, isInt64 } from './wire/int64.js';
import { strictObject } from './wire/jit-object.js';
import { lazySchema } from './wire/lazy-schema.js';

const DATE_RULE =
  'expected a Date, a dayjs object or an ISO-8601 date-time string such as 2024-01-31T12:00:00.000Z';

const dateInputSchema = () =>
  z.pipe(
    z.unknown(),
    z.transform((value, ctx): Date => {
      const date = toDateOrUndefined(value);
      if (date === undefined) {
        // zod/mini's transform gets no ctx.addIssue (classic zod adds one); this is the issue it pushed.
        ctx.issues.push({ code: 'custom', message: DATE_RULE, input: value });
        return z.NEVER;
      }
      return date;
    }),
  );

const nullableString = () => z.optional(z.nullable(z.string({ error: 'expected a string or null' })));
const nullableInt64 = () =>
  z.optional(
    z.nullable(
      z.pipe(
        z.custom<RangeKeyValue>(isInt64, {
          error: (issue) =>
            typeof issue.input === 'number' || typeof issue.input === 'bigint'
              ? int64Problem(issue.input)
              : 'expected an integer (a safe number or a bigint) or null (strings and booleans are not accepted)',
        }),
        z.transform(canonicalInt64),
      ),
    ),
  );

function shapeOf<const K extends readonly string[], S extends z.ZodMiniType>(keys: K, schema: S) {
  return Object.fromEntries(keys.map((k) => [k, schema])) as { [P in K[number]]: S };
}

/**
 * The zod schema of {@link RecordInput}: a strict object (unknown fields are errors) whose output has
 * `expires_at` as a `Date`. Messages name the rule, never the offending value.
 *
 * @example
 * recordInputSchema.safeParse({ record_key: 'k', range_key1: '1' }).success; // false
 */
export const recordInputSchema = /* @__PURE__ */ lazySchema(() => {
  const optionalText = nullableString();
  return strictObject({
    ...shapeOf(STRING_KEYS, optionalText),
    ...shapeOf(RANGE_KEYS, nullableInt64()),
    record_key: z
      .string({ error: 'required: a non-empty string' })
      .check(z.minLength(1, 'must be a non-empty string')),
    body: optionalText,
    precommit_body: optionalText,
    expires_at: z.optional(z.nullable(dateInputSchema())),
  });
});

const WRITABLE_SUMMARY =
  'record_key, profile_key, parent_key, service_key1..5, key1..key20, range_key1..10, body, precommit_body, expires_at';

function unknownFieldMessage(field: string): string {
  if (
    (READ_ONLY_FIELDS as readonly string[]).includes(field) ||
    field === 'version' ||
    field === 'is_encrypted'
  )
    return `unknown field "${field}": it is set by the server or the library and cannot be written`;
  return `unknown field "${field}"; writable fields are ${WRITABLE_SUMMARY}`;
}

function recordIssues(error: core.$ZodError, path: readonly (string | number)[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ path: [...path, key], message: unknownFieldMessage(key) });
      continue;
    }
    if (issue.code === 'invalid_type' && issue.path.length === 0) {
      issues.push({ path: [...path], message: 'expected a record object with at least record_key' });
      continue;
    }
    const [converted] = zodIssues(new core.$ZodError([issue]));
    issues.push({ path: [...path, ...converted!.path], message: converted!.message });
  }
  return issues;
}

function throwInvalid(issues: ValidationIssue[]): never {
  throw new InputValidationError(`Invalid record: ${formatIssues(issues)}`, { issues });
}

/**
 * Validates a record given by a user and normalises it: absent fields omitted, `expires_at` a `Date`.
 * Throws {@link InputValidationError} whose issues name each field and rule (never the value).
 *
 * @param path prefix for issue paths, e.g. `['records', 3]` inside a batch.
 * @example
 * const record = parseRecordInput({ record_key: 'user-1', range_key1: 5 });
 * parseRecordInput({ record_key: 'k', range_key1: '5' }); // throws: "Invalid record: range_key1: expected an integer …"
 */
export function parseRecordInput(input: unknown, path: readonly (string | number)[] = []): ParsedRecordInput {
  const result = recordInputSchema.safeParse(input);
  if (!result.success) throwInvalid(recordIssues(result.error, path));
  const parsed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result.data)) if (value !== undefined) parsed[key] = value;
  return parsed as unknown as ParsedRecordInput;
}

function checkMaxLength(
  record: RecordInput,
  fields: readonly StringKey[],
  max: number,
  why: string,
  issues: ValidationIssue[],
  path: readonly (string | number)[],
): void {
  for (const field of fields) {
    const value = record[field];
    if (typeof value === 'string' && !isWithinChars(value, max))
      issues.push({ path: [...path, field], message: `must have at most ${max} characters ${why}` });
  }
}

/** Max record_key / profile_key / parent_key length in SSE mode (docs/protocol.md#client-side-limits). */
export const SSE_MAX_PRIMARY_KEY_LENGTH = 128;
/** Max service_key / key1..key20 length in SSE mode (docs/protocol.md#client-side-limits). */
export const SSE_MAX_KEY_LENGTH = 256;

/**
 * Applies the SSE-mode limits of docs/protocol.md#client-side-limits: record_key at most 128 characters without `/ # ?` or line
 * breaks (it travels in URL paths unhashed), profile_key and parent_key at most 128, service keys and
 * key1..key20 at most 256. Throws {@link InputValidationError}.
 *
 * @example
 * checkSseLimits({ record_key: 'a/b' }); // throws: "Invalid record: record_key: must not contain / # ? or line breaks in SSE mode"
 */
export function checkSseLimits(record: RecordInput, path: readonly (string | number)[] = []): void {
  const issues: ValidationIssue[] = [];
  const why = 'in SSE mode';
  checkMaxLength(
    record,
    ['record_key', 'profile_key', 'parent_key'],
    SSE_MAX_PRIMARY_KEY_LENGTH,
    why,
    issues,
    path,
  );
  checkMaxLength(record, [...SERVICE_KEYS, ...SEARCH_KEYS], SSE_MAX_KEY_LENGTH, why, issues, path);
  if (typeof record.record_key === 'string' && /[/#?\r\n]/.test(record.record_key))
    issues.push({
      path: [...path, 'record_key'],
      message: 'must not contain / # ? or line breaks in SSE mode',
    });
  // The key travels in URL paths, where these two would be resolved away.
  if (record.record_key === '.' || record.record_key === '..')
    issues.push({ path: [...path, 'record_key'], message: 'must not be "." or ".." in SSE mode' });
  if (issues.length > 0) throwInvalid(issues);
}

/**
 * Applies the limit for plain (unhashed) search keys, used when `hashSearchKeys` is false: key1..key20 at
 * most 256 characters (docs/protocol.md#client-side-limits). Throws {@link InputValidationError}.
 *
 * @example
 * checkPlainKeyLimits({ record_key: 'k', key1: 'x'.repeat(300) }); // throws
 */
export function checkPlainKeyLimits(record: RecordInput, path: readonly (string | number)[] = []): void {
  const issues: ValidationIssue[] = [];
  checkMaxLength(record, SEARCH_KEYS, MAX_PLAIN_KEY_LENGTH, 'when hashSearchKeys is false', issues, path);
  if (issues.length > 0) throwInvalid(issues);
}

/**
 * Formats a {@link DateInput} as the wire wants it: UTC, `YYYY-MM-DDTHH:mm:ss.SSSZ`. Throws
 * {@link InputValidationError} for anything that is not a valid point in time.
 *
 * @example
 * toIsoString('2024-01-31T13:00:00+01:00'); // '2024-01-31T12:00:00.000Z'
 */
export function toIsoString(date: DateInput): string {
  const converted = toDateOrUndefined(date);
  if (converted === undefined) throwInvalid([{ path: [], message: DATE_RULE }]);
  return converted.toISOString();
}
