/**
 * The public Storage interface (docs/architecture.md#public-surface). The implementation lives in storage-client.ts; create one with
 * `createStorage`.
 */
import type { RecordFieldMap } from '../query/field-map.js';
import type { QueryBuilder } from '../query/query-builder.js';
import type { DynamicQuery } from '../query/query-composition.js';
import type { AnyQueryConfig, QueryConfig } from '../query/query-config.js';
import type { FilterInput, FindOptionsInput } from '../query/typed-filter.js';
import type { FilterCheck, FindOptionsCheck } from '../query/typed-filter-check.js';
import type { RecordInput, StorageRecord } from '../record.js';
import type { RequestOptions } from '../transport/http-client.js';
import type { AttachmentFile } from '../transport/upload-source.js';
import { HTTP_DEBUG_KEY } from './http-debug-key.js';
import type {
  AttachmentFileResult,
  AttachmentMetaResult,
  BatchWriteResult,
  FindOneResult,
  FindResult,
  HealthCheckResult,
  MigrateResult,
  ReadResult,
  SuccessResult,
  WriteResult,
} from './storage-results.js';

export type { AttachmentFile, RequestOptions };

/**
 * `findOne` options: {@link TypedFindOptions} without `limit` (always 1).
 *
 * @example
 * await storage.findOne('us', { key1: 'a' }, { sort: [{ created_at: 'desc' }] });
 * @category Storage
 */
export type FindOneOptions<TConfig extends QueryConfig = AnyQueryConfig> = Omit<
  FindOptionsInput<TConfig>,
  'limit'
>;

/**
 * The file to attach: a path, bytes, or a stream (Node `Readable` or Web `ReadableStream`), with an
 * optional name (default: the path's base name, else `file`) and MIME type (default
 * `application/octet-stream`).
 *
 * @example
 * await storage.addAttachment('us', 'user-1', { file: Buffer.from('hi'), fileName: 'hi.txt', mimeType: 'text/plain' });
 * @category Storage
 */
export interface AttachmentInput {
  readonly file: AttachmentFile;
  readonly fileName?: string | undefined;
  readonly mimeType?: string | undefined;
}

/**
 * New attachment metadata: a new file name, MIME type, or both.
 *
 * @example
 * await storage.updateAttachmentMeta('us', 'user-1', fileId, { filename: 'report-2024.pdf' });
 * @category Storage
 */
export interface AttachmentMetaPatch {
  readonly filename?: string | undefined;
  readonly mimeType?: string | undefined;
}

/**
 * The query builder `storage.in(country)` returns: record field names, this storage's configuration.
 *
 * @example
 * const query: StorageQuery<{ readonly plainSearchKeys: true }> = storage.in('us');
 * const { data } = await query.where('range_key1').gte(18).find();
 * @category Storage
 */
export type StorageQuery<TConfig extends QueryConfig> = QueryBuilder<RecordFieldMap, TConfig, StorageRecord>;

/**
 * A query of a storage in any state (record field names, the storage's configuration): the type for a
 * variable or parameter holding a query built in pieces. Every query of the storage is assignable to it;
 * the rules that do not depend on earlier calls still apply to what is added through it.
 *
 * @example
 * function onlyTenant(query: DynamicStorageQuery<PlainSearchKeys>, tenant: string) {
 *   return query.where('key1').eq(tenant);
 * }
 * await onlyTenant(storage.in('us').limit(10), 'acme').find();
 */
export type DynamicStorageQuery<TConfig extends QueryConfig = AnyQueryConfig> = DynamicQuery<
  RecordFieldMap,
  TConfig,
  StorageRecord
>;

/**
 * A client of one InCountry environment. Every method validates its arguments before sending anything
 * (InputValidationError), accepts `requestOptions` last, and in debug mode attaches the raw response under
 * `Storage.HTTP_DEBUG_KEY`. `TConfig` carries what the type checker knows about the options (plain search
 * keys or not), which decides the queries that compile.
 *
 * Retries: a 429 is retried by every method, backing off from `retryBaseDelay` to `retryMaxDelay` and
 * honouring `Retry-After`. A 500/502/503/504 or a failed connection is retried (twice at most) by every
 * method except `addAttachment` without `upsert`: writes are upserts by `record_key` and deletes end in
 * the same state, so repeating them is safe, while a repeated plain add could attach the file twice.
 *
 * @example
 * const storage = await createStorage({ ...pop.storageOptions, secretKeyAccessor: new SecretKeyAccessor(() => 'secret') });
 * await storage.write('us', { record_key: 'user-1', key1: 'english', body: '{"name":"Ada"}' });
 * const { record } = await storage.read('us', 'user-1');
 * @category Storage
 */
// HACK: explicit variance, for the same reason as QueryBuilder's: `Storage` (configuration `any`) takes
// every storage without the compiler comparing the query builders behind `in()` member by member.
export interface Storage<in out TConfig extends QueryConfig = AnyQueryConfig> {
  /**
   * What the query rules need to know about this storage at run time: whether key1..key20 travel in plain
   * text (`hashSearchKeys: false`, or SSE). Its static type is the one the compile-time rules use.
   *
   * @example
   * if (storage.queryConfig.plainSearchKeys) console.log('like() and searchKeys() are available');
   */
  readonly queryConfig: TConfig;

  /**
   * Creates or replaces a record (by `record_key`).
   *
   * @example
   * const { record } = await storage.write('us', { record_key: 'user-1', range_key1: 42, body: 'PII' });
   * record.created_at; // Date
   */
  write(country: string, record: RecordInput, requestOptions?: RequestOptions): Promise<WriteResult>;

  /**
   * Creates or replaces 1 to 100 records in one request.
   *
   * @example
   * await storage.batchWrite('us', [{ record_key: 'a', key1: 'x' }, { record_key: 'b', key1: 'y' }]);
   */
  batchWrite(
    country: string,
    records: readonly RecordInput[],
    requestOptions?: RequestOptions,
  ): Promise<BatchWriteResult>;

  /**
   * Reads one record; a missing record is a StorageServerError with `statusCode` 404.
   *
   * @example
   * const { record } = await storage.read('us', 'user-1');
   */
  read(country: string, recordKey: string, requestOptions?: RequestOptions): Promise<ReadResult>;

  /**
   * Finds records with the object DSL (the same rules as `in(country)`, checked at run time). Records that
   * cannot be decrypted are returned in `errors`; they never fail the call.
   *
   * @example
   * const { data, meta } = await storage.find('us', { key1: 'english', range_key1: { $gte: 18 } }, { limit: 10 });
   * // POST /v2/storage/records/us/find {"filter":{"key1":"<hash>","range_key1":{"$gte":18}},"options":{"limit":10,"offset":0}}
   */
  find<const TFilter extends FilterInput, const TOptions extends FindOptionsInput<TConfig>>(
    country: string,
    filter?: TFilter & NoInfer<FilterCheck<TFilter, TConfig>>,
    options?: TOptions & NoInfer<FindOptionsCheck<TOptions, TConfig>>,
    requestOptions?: RequestOptions,
  ): Promise<FindResult>;

  /**
   * The first record matching the filter, or `null`. Throws the decoding error if that record cannot be
   * decrypted.
   *
   * @example
   * const found = await storage.findOne('us', { key1: 'english' });
   */
  findOne<const TFilter extends FilterInput, const TOptions extends FindOneOptions<TConfig>>(
    country: string,
    filter?: TFilter & NoInfer<FilterCheck<TFilter, TConfig>>,
    options?: TOptions & NoInfer<FindOptionsCheck<TOptions, TConfig>>,
    requestOptions?: RequestOptions,
  ): Promise<FindOneResult | null>;

  /**
   * Deletes one record.
   *
   * @example
   * await storage.delete('us', 'user-1'); // { success: true }
   */
  delete(country: string, recordKey: string, requestOptions?: RequestOptions): Promise<SuccessResult>;

  /**
   * Deletes 1 to 100 records by key; the PoP deletes none if any is missing.
   *
   * @example
   * await storage.batchDelete('us', { record_key: ['a', 'b'] });
   */
  batchDelete(
    country: string,
    filter: { readonly record_key: readonly string[] },
    requestOptions?: RequestOptions,
  ): Promise<SuccessResult>;

  /**
   * Re-encrypts up to `limit` (1..100, default 100) records written with an older secret version. LOCAL
   * mode only. Call until `totalLeft` is 0; undecryptable records are reported in `errors` and skipped.
   *
   * @example
   * for (let left = Infinity; left > 0; ) ({ totalLeft: left } = await storage.migrate('us'));
   */
  migrate(country: string, limit?: number, requestOptions?: RequestOptions): Promise<MigrateResult>;

  /**
   * Attaches a file (at most 100 MiB) to a record; with `upsert` an attachment of the same file name is
   * replaced. Streams are spooled to a temporary file first, so a retry never re-sends half a stream.
   *
   * @example
   * const { attachmentMeta } = await storage.addAttachment('us', 'user-1', { file: './report.pdf', mimeType: 'application/pdf' });
   */
  addAttachment(
    country: string,
    recordKey: string,
    attachment: AttachmentInput,
    upsert?: boolean,
    requestOptions?: RequestOptions,
  ): Promise<AttachmentMetaResult>;

  /**
   * Deletes an attachment.
   *
   * @example
   * await storage.deleteAttachment('us', 'user-1', fileId);
   */
  deleteAttachment(
    country: string,
    recordKey: string,
    fileId: string,
    requestOptions?: RequestOptions,
  ): Promise<SuccessResult>;

  /**
   * Downloads an attachment as a stream (consume or destroy it).
   *
   * @example
   * const { attachmentData } = await storage.getAttachmentFile('us', 'user-1', fileId);
   * await pipeline(attachmentData.file, createWriteStream(attachmentData.filename));
   */
  getAttachmentFile(
    country: string,
    recordKey: string,
    fileId: string,
    requestOptions?: RequestOptions,
  ): Promise<AttachmentFileResult>;

  /**
   * An attachment's metadata.
   *
   * @example
   * const { attachmentMeta } = await storage.getAttachmentMeta('us', 'user-1', fileId);
   */
  getAttachmentMeta(
    country: string,
    recordKey: string,
    fileId: string,
    requestOptions?: RequestOptions,
  ): Promise<AttachmentMetaResult>;

  /**
   * Renames an attachment or changes its MIME type.
   *
   * @example
   * await storage.updateAttachmentMeta('us', 'user-1', fileId, { filename: 'new.pdf', mimeType: 'application/pdf' });
   */
  updateAttachmentMeta(
    country: string,
    recordKey: string,
    fileId: string,
    meta: AttachmentMetaPatch,
    requestOptions?: RequestOptions,
  ): Promise<AttachmentMetaResult>;

  /**
   * Whether the country's PoP is healthy (`GET /healthcheck` answered 200). Network and authentication
   * failures still throw.
   *
   * @example
   * const { result } = await storage.healthCheck('us');
   */
  healthCheck(country: string, requestOptions?: RequestOptions): Promise<HealthCheckResult>;

  /**
   * A query builder for one country.
   *
   * @example
   * const { data } = await storage.in('us').where('key1').eq('english').sortBy('created_at', 'desc').limit(10).find();
   */
  in(country: string): StorageQuery<TConfig>;
}

/**
 * The query configuration of a storage type (a union of storages gives the union of their configurations).
 *
 * @example
 * type Config = ConfigOf<typeof storage>; // PlainSearchKeys when created with hashSearchKeys: false
 */
export type ConfigOf<TStorage> = TStorage extends Storage<infer TConfig> ? TConfig : never;

/**
 * The query type of a storage type, in any state: `QueryOf<typeof storage>` (see {@link DynamicStorageQuery}).
 *
 * @example
 * function recent(query: StorageQueryOf<typeof storage>) { return query.sortBy('created_at', 'desc'); }
 */
export type StorageQueryOf<TStorage extends Storage> = DynamicStorageQuery<ConfigOf<TStorage>>;

/**
 * Static members of {@link Storage}: `Storage.HTTP_DEBUG_KEY`, the key of debug responses in results.
 *
 * @example
 * const result = await storage.read('us', 'user-1');
 * console.log(result[Storage.HTTP_DEBUG_KEY]?.headers);
 * @category Storage
 */
export const Storage: { readonly HTTP_DEBUG_KEY: typeof HTTP_DEBUG_KEY } = Object.freeze({ HTTP_DEBUG_KEY });
