/**
 * Validation of every public method's arguments, before anything is sent (docs/architecture.md#public-surface). Each check throws
 * InputValidationError whose message starts with the method (`read() failed: …`) and names the argument
 * and the rule, never the value.
 */
import * as z from 'zod/mini';
import { formatIssues, InputValidationError, type ValidationIssue, zodIssues } from '../errors.js';
import { MAX_BATCH_SIZE, MAX_FIND_LIMIT } from '../fields.js';
import type { ParsedRecordInput } from '../record.js';
import { parseRecordInput } from '../record-input.js';
import type { RequestOptions } from '../transport/http-client.js';
import { fileNameSchema, mediaTypeSchema } from '../wire/attachment-names.js';
import { strictObject } from '../wire/jit-object.js';
import { lazySchema } from '../wire/lazy-schema.js';
import { NESTING_DEPTH_MESSAGE, tooDeepPath } from '../wire/nesting-depth.js';
import type { SchemaParser } from '../wire/schema-parser.js';
import { ILL_FORMED_TEXT_MESSAGE, illFormedTextPath } from '../wire/well-formed-text.js';

/**
 * Throws the InputValidationError for `issues`.
 *
 * @example
 * invalidInput('read', [{ path: ['country'], message: 'must be two letters' }]);
 */
export function invalidInput(operation: string, issues: readonly ValidationIssue[]): never {
  throw new InputValidationError(`${operation}() failed: ${formatIssues(issues)}`, { issues });
}

function check<T>(operation: string, schema: SchemaParser<T>, value: unknown, path: (string | number)[]): T {
  checkWellFormed(operation, value, path);
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  invalidInput(
    operation,
    zodIssues(parsed.error).map((issue) => ({ path: [...path, ...issue.path], message: issue.message })),
  );
}

const countrySchema = /* @__PURE__ */ lazySchema(() =>
  z.pipe(
    z
      .string({ error: 'must be a two-letter country code such as "us"' })
      .check(z.regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code such as "us"')),
    z.transform((c: string) => c.toLowerCase()),
  ),
);

/**
 * A two-letter country code, lower-cased.
 *
 * @example
 * checkCountry('read', 'US'); // 'us'
 */
export function checkCountry(operation: string, country: unknown): string {
  return check(operation, countrySchema, country, ['country']);
}

const keySchema = /* @__PURE__ */ lazySchema(() =>
  z.string({ error: 'must be a non-empty string' }).check(z.minLength(1, 'must be a non-empty string')),
);

/**
 * A record key or file id: a non-empty string.
 *
 * @example
 * checkKey('read', 'user-1', 'recordKey');
 */
export function checkKey(operation: string, value: unknown, name: 'recordKey' | 'fileId'): string {
  return check(operation, keySchema, value, [name]);
}

/**
 * A value that goes into a URL path as one segment. `.` and `..` are refused: URL parsing resolves them
 * (percent-encoded too), so `deleteAttachment('us', k, '..')` would have sent `DELETE …/records/us/<key>/`.
 *
 * @example
 * checkPathSegment('deleteAttachment', 'file-1', 'fileId');
 */
export function checkPathSegment(operation: string, value: string, name: 'recordKey' | 'fileId'): string {
  if (value === '.' || value === '..')
    invalidInput(operation, [
      { path: [name], message: 'must not be "." or "..", which would change the URL path' },
    ]);
  return value;
}

const requestOptionsSchema = /* @__PURE__ */ lazySchema(() =>
  z.optional(
    strictObject(
      {
        httpHeaders: z.optional(
          z.record(z.string(), z.string({ error: 'header values must be strings' }), {
            error: 'must be an object of header names to string values',
          }),
        ),
        signal: z.optional(z.instanceof(AbortSignal, { error: 'must be an AbortSignal' })),
      },
      { error: 'must be an object { httpHeaders?, signal? }' },
    ),
  ),
);

/**
 * `requestOptions` of any method (the header rules themselves are checked by the transport).
 *
 * @example
 * checkRequestOptions('read', { httpHeaders: { 'request-id': 'abc' } });
 */
export function checkRequestOptions(operation: string, value: unknown): RequestOptions | undefined {
  return check(operation, requestOptionsSchema, value, ['requestOptions']) as RequestOptions | undefined;
}

/**
 * Refuses an argument nested too deeply to walk (wire/nesting-depth.ts), then a lone UTF-16 surrogate
 * anywhere in it, before it is hashed, encrypted or sent (see wire/well-formed-text.ts).
 *
 * @example
 * checkWellFormed('read', 'user-1', ['recordKey']);
 */
export function checkWellFormed(operation: string, value: unknown, path: (string | number)[]): void {
  const deep = tooDeepPath(value);
  if (deep) invalidInput(operation, [{ path: [...path, ...deep], message: NESTING_DEPTH_MESSAGE }]);
  const bad = illFormedTextPath(value);
  if (bad) invalidInput(operation, [{ path: [...path, ...bad], message: ILL_FORMED_TEXT_MESSAGE }]);
}

function rethrowWithOperation(operation: string, error: unknown): never {
  if (error instanceof InputValidationError) invalidInput(operation, error.issues);
  throw error;
}

/**
 * One record to write.
 *
 * @example
 * checkRecord('write', { record_key: 'k', range_key1: 1 });
 */
export function checkRecord(
  operation: string,
  record: unknown,
  path: (string | number)[] = ['record'],
): ParsedRecordInput {
  checkWellFormed(operation, record, path);
  try {
    return parseRecordInput(record, path);
  } catch (error) {
    rethrowWithOperation(operation, error);
  }
}

/**
 * The records of a batch write: 1 to 100.
 *
 * @example
 * checkRecords('batchWrite', [{ record_key: 'a' }]);
 */
export function checkRecords(operation: string, records: unknown): ParsedRecordInput[] {
  if (!Array.isArray(records))
    invalidInput(operation, [{ path: ['records'], message: 'must be an array of records' }]);
  if (records.length === 0 || records.length > MAX_BATCH_SIZE)
    invalidInput(operation, [{ path: ['records'], message: `must hold 1 to ${MAX_BATCH_SIZE} records` }]);
  checkWellFormed(operation, records, ['records']);
  const issues: ValidationIssue[] = [];
  const parsed: ParsedRecordInput[] = [];
  records.forEach((record, index) => {
    try {
      parsed.push(parseRecordInput(record, ['records', index]));
    } catch (error) {
      if (!(error instanceof InputValidationError)) throw error;
      issues.push(...error.issues);
    }
  });
  if (issues.length > 0) invalidInput(operation, issues);
  return parsed;
}

const batchDeleteSchema = /* @__PURE__ */ lazySchema(() =>
  strictObject(
    {
      record_key: z
        .array(keySchema(), { error: 'must be an array of record keys' })
        .check(
          z.minLength(1, `must hold 1 to ${MAX_BATCH_SIZE} record keys`),
          z.maxLength(MAX_BATCH_SIZE, `must hold 1 to ${MAX_BATCH_SIZE} record keys`),
        ),
    },
    { error: 'must be { record_key: string[] }' },
  ),
);

/**
 * The keys of a batch delete: `{ record_key: [...] }`, 1 to 100 non-empty strings.
 *
 * @example
 * checkBatchDelete('batchDelete', { record_key: ['a', 'b'] }); // ['a', 'b']
 */
export function checkBatchDelete(operation: string, value: unknown): string[] {
  return check(operation, batchDeleteSchema, value, ['filter']).record_key;
}

const limitSchema = /* @__PURE__ */ lazySchema(() =>
  z.optional(
    z
      .number({ error: `must be an integer from 1 to ${MAX_FIND_LIMIT}` })
      .check(
        z.int(`must be an integer from 1 to ${MAX_FIND_LIMIT}`),
        z.gte(1, `must be an integer from 1 to ${MAX_FIND_LIMIT}`),
        z.lte(MAX_FIND_LIMIT, `must be an integer from 1 to ${MAX_FIND_LIMIT}`),
      ),
  ),
);

/**
 * The `limit` of `migrate`: 1 to 100, default 100.
 *
 * @example
 * checkLimit('migrate', undefined); // 100
 */
export function checkLimit(operation: string, value: unknown): number {
  return check(operation, limitSchema, value, ['limit']) ?? MAX_FIND_LIMIT;
}

const mimeType = /* @__PURE__ */ lazySchema(() =>
  z.pipe(z.string({ error: 'must be a MIME type such as text/plain' }), mediaTypeSchema()),
);

const fileName = /* @__PURE__ */ lazySchema(() =>
  z.pipe(z.string({ error: 'must be a non-empty string' }), fileNameSchema()),
);

const attachmentArgsSchema = /* @__PURE__ */ lazySchema(() =>
  strictObject(
    {
      file: z
        .unknown()
        .check(
          z.refine((file) => file !== undefined && file !== null, 'is required: a path, bytes or a stream'),
        ),
      fileName: z.optional(fileName()),
      mimeType: z.optional(mimeType()),
    },
    { error: 'must be an object { file, fileName?, mimeType? }' },
  ),
);

const upsertSchema = /* @__PURE__ */ lazySchema(() => z.optional(z.boolean({ error: 'must be a boolean' })));

/**
 * The attachment argument of `addAttachment` (the file itself is checked when it is opened).
 *
 * @example
 * checkAttachmentArgs('addAttachment', { file: './a.txt', mimeType: 'text/plain' }, false);
 */
export function checkAttachmentArgs(
  operation: string,
  value: unknown,
  upsert: unknown,
): { file: unknown; fileName: string | undefined; mimeType: string | undefined; upsert: boolean } {
  const args = check(operation, attachmentArgsSchema, value, ['attachment']);
  const flag = check(operation, upsertSchema, upsert, ['upsert']);
  return { file: args.file, fileName: args.fileName, mimeType: args.mimeType, upsert: flag ?? false };
}

const metaPatchSchema = /* @__PURE__ */ lazySchema(() =>
  strictObject(
    { filename: z.optional(fileName()), mimeType: z.optional(mimeType()) },
    { error: 'must be an object { filename?, mimeType? }' },
  ).check(
    z.refine(
      (patch) => patch.filename !== undefined || patch.mimeType !== undefined,
      'give filename, mimeType or both',
    ),
  ),
);

/**
 * The patch of `updateAttachmentMeta`, in wire form.
 *
 * @example
 * checkAttachmentMetaPatch('updateAttachmentMeta', { mimeType: 'text/plain' }); // { mime_type: 'text/plain' }
 */
export function checkAttachmentMetaPatch(
  operation: string,
  value: unknown,
): { filename?: string; mime_type?: string } {
  const patch = check(operation, metaPatchSchema, value, ['meta']);
  return {
    ...(patch.filename !== undefined ? { filename: patch.filename } : {}),
    ...(patch.mimeType !== undefined ? { mime_type: patch.mimeType } : {}),
  };
}
