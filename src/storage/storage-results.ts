/**
 * The result shapes of every Storage method (docs/architecture.md#public-surface). Named interfaces keep the `.d.ts` output small.
 */
import type { Readable } from 'node:stream';
import type { StorageError } from '../errors.js';
import type { AttachmentMeta, StorageRecord } from '../record.js';
import type { HttpDebugResponse } from '../transport/debug-response.js';
import type { WireRecord } from '../wire/wire-types.js';
import type { WithHttpDebug } from './http-debug-key.js';

/**
 * `write()`: the record as stored, with `created_at` and `updated_at`.
 *
 * @example
 * const { record } = await storage.write('us', { record_key: 'user-1', body: 'hello' });
 * @category Storage
 */
export type WriteResult = WithHttpDebug<{ readonly record: StorageRecord }>;

/**
 * `batchWrite()`: the records as stored.
 *
 * @example
 * const { records } = await storage.batchWrite('us', [{ record_key: 'a' }, { record_key: 'b' }]);
 * @category Storage
 */
export type BatchWriteResult = WithHttpDebug<{ readonly records: StorageRecord[] }>;

/**
 * `read()`: one record.
 *
 * @example
 * const { record } = await storage.read('us', 'user-1');
 * @category Storage
 */
export type ReadResult = WithHttpDebug<{ readonly record: StorageRecord }>;

/**
 * A record `find()` could not decode (wrong key, corrupt data): the error and the raw wire record.
 *
 * @example
 * const result = await storage.find('us', {});
 * for (const { error, rawData } of result.errors ?? []) console.warn(error.code, rawData.record_key);
 * @category Storage
 */
export interface FindRecordError {
  readonly error: StorageError;
  readonly rawData: WireRecord;
}

/**
 * Paging information of one find page.
 *
 * @example
 * const { meta } = await storage.find('us', {}, { limit: 10 });
 * meta.total; // all matches
 * @category Storage
 */
export interface FindMeta {
  /** Records in this page. */
  readonly count: number;
  readonly limit: number;
  readonly offset: number;
  /** All records matching the filter. */
  readonly total: number;
}

/**
 * `find()`: decoded records, paging meta, and the records that failed to decode (never an exception).
 *
 * @example
 * const { data, meta, errors } = await storage.find('us', { key1: 'english' });
 * @category Storage
 */
export type FindResult = WithHttpDebug<{
  readonly data: StorageRecord[];
  readonly meta: FindMeta;
  readonly errors?: FindRecordError[];
}>;

/**
 * `findOne()`: the first match (or `null` instead of this object when nothing matches).
 *
 * @example
 * const found = await storage.findOne('us', { key1: 'english' });
 * found?.record.record_key;
 * @category Storage
 */
export type FindOneResult = WithHttpDebug<{ readonly record: StorageRecord }>;

/**
 * `delete()`, `batchDelete()`, `deleteAttachment()`.
 *
 * @example
 * await storage.delete('us', 'user-1'); // { success: true }
 * @category Storage
 */
export type SuccessResult = WithHttpDebug<{ readonly success: true }>;

/**
 * `migrate()`: how many records were re-encrypted with the current secret, how many still need it (records
 * that cannot be decrypted are reported in `errors` and not counted), and the requests made in debug mode.
 *
 * @example
 * let left = Infinity;
 * while (left > 0) ({ totalLeft: left } = await storage.migrate('us'));
 * @category Storage
 */
export type MigrateResult = WithHttpDebug<
  {
    readonly migrated: number;
    readonly totalLeft: number;
    readonly errors?: FindRecordError[];
  },
  HttpDebugResponse[]
>;

/**
 * `addAttachment()`, `getAttachmentMeta()`, `updateAttachmentMeta()`.
 *
 * @example
 * const { attachmentMeta } = await storage.addAttachment('us', 'user-1', { file: './report.pdf' });
 * @category Storage
 */
export type AttachmentMetaResult = WithHttpDebug<{ readonly attachmentMeta: AttachmentMeta }>;

/**
 * `getAttachmentFile()`: the file name (from Content-Disposition) and the content as a stream.
 *
 * @example
 * const { attachmentData } = await storage.getAttachmentFile('us', 'user-1', fileId);
 * await pipeline(attachmentData.file, createWriteStream(attachmentData.filename));
 * @category Storage
 */
export type AttachmentFileResult = WithHttpDebug<{
  readonly attachmentData: { readonly filename: string; readonly file: Readable };
}>;

/**
 * `healthCheck()`: whether the country's PoP answered 200.
 *
 * @example
 * const { result } = await storage.healthCheck('us');
 * @category Storage
 */
export type HealthCheckResult = WithHttpDebug<{ readonly result: boolean }>;
