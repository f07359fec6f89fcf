/**
 * The Storage implementation: validates arguments, encodes with the record codec, sends with the HTTP
 * client, decodes answers. Plain, schema-agnostic code; the typing lives in storage.ts and the query
 * builder.
 */

import { z } from 'zod';
import type { RecordCodec } from '../crypto/record-codec.js';
import { StorageClientError, StorageCryptoError, StorageError } from '../errors.js';
import { MAX_ATTACHMENT_SIZE } from '../fields.js';
import { createQueryBuilder } from '../query/query-builder.js';
import type { QueryConfig } from '../query/query-config.js';
import type { FindPageOptions, QueryExecutor } from '../query/query-executor.js';
import { validateQuery } from '../query/validate-query.js';
import type { ParsedRecordInput, RecordInput, StorageRecord } from '../record.js';
import { fromWireAttachmentMeta } from '../record-from-wire.js';
import { fileNameFromContentDisposition } from '../transport/content-disposition.js';
import type { HttpDebugResponse } from '../transport/debug-response.js';
import type { ApiRequest, HttpClient, RequestOptions } from '../transport/http-client.js';
import type { HttpMethod } from '../transport/http-exchange.js';
import { multipartBody } from '../transport/multipart-body.js';
import { type AttachmentFile, prepareUpload } from '../transport/upload-source.js';
import {
  attachmentMetaResponseSchema,
  batchWriteResponseSchema,
  emptyObjectSchema,
  findResponseSchema,
  type WireFilter,
  type WireRecord,
  type WireWriteRecord,
  wireRecordSchema,
} from '../wire/index.js';
import { withOperation } from '../with-operation.js';
import { HTTP_DEBUG_KEY } from './http-debug-key.js';
import { migrateOnce } from './migration.js';
import { type ApiPath, recordPaths } from './record-paths.js';
import type { AttachmentInput, AttachmentMetaPatch, Storage, StorageQuery } from './storage.js';
import type { StorageConfig } from './storage-config.js';
import {
  checkAttachmentArgs,
  checkAttachmentMetaPatch,
  checkBatchDelete,
  checkCountry,
  checkKey,
  checkLimit,
  checkPathSegment,
  checkRecord,
  checkRecords,
  checkRequestOptions,
  invalidInput,
} from './storage-input.js';
import type {
  AttachmentFileResult,
  AttachmentMetaResult,
  BatchWriteResult,
  FindMeta,
  FindOneResult,
  FindRecordError,
  FindResult,
  HealthCheckResult,
  MigrateResult,
  ReadResult,
  SuccessResult,
  WriteResult,
} from './storage-results.js';

/** Write answers: the stored record, or (older platforms) an empty body or `OK` (docs/protocol.md#write). */
const writeResponseSchema = z.union([wireRecordSchema, z.literal(''), z.literal('OK')]);
/** Delete answers: `{}` or an empty body. */
const emptyResponseSchema = z.union([emptyObjectSchema, z.literal('')]);

interface FoundPage {
  readonly data: StorageRecord[];
  readonly meta: FindMeta;
  readonly errors: FindRecordError[];
  readonly debug: HttpDebugResponse;
}

/** Everything a StorageClient needs, built by createStorage. */
export interface StorageClientParts {
  readonly config: StorageConfig;
  readonly codec: RecordCodec;
  readonly http: HttpClient;
  readonly queryConfig: QueryConfig;
}

/** The Storage client. Create it with `createStorage`. */
export class StorageClient implements Storage<QueryConfig> {
  readonly #config: StorageConfig;
  readonly #codec: RecordCodec;
  readonly #http: HttpClient;
  readonly #queryConfig: QueryConfig;

  get queryConfig(): QueryConfig {
    return this.#queryConfig;
  }

  constructor(parts: StorageClientParts) {
    this.#config = parts.config;
    this.#codec = parts.codec;
    this.#http = parts.http;
    this.#queryConfig = parts.queryConfig;
  }

  async write(country: string, record: RecordInput, requestOptions?: RequestOptions): Promise<WriteResult> {
    const op = 'write';
    const c = checkCountry(op, country);
    const options = checkRequestOptions(op, requestOptions);
    const wire = await this.#encode(op, checkRecord(op, record));
    const { data, debug } = await this.#http.json(
      this.#request(op, c, 'POST', recordPaths.records(c), options, { json: wire }),
      writeResponseSchema,
    );
    const stored = typeof data === 'string' ? wire : data;
    return this.#withDebug({ record: await this.#decode(op, stored) }, debug);
  }

  async batchWrite(
    country: string,
    records: readonly RecordInput[],
    requestOptions?: RequestOptions,
  ): Promise<BatchWriteResult> {
    const op = 'batchWrite';
    const c = checkCountry(op, country);
    const options = checkRequestOptions(op, requestOptions);
    const parsed = checkRecords(op, records);
    const { records: decoded, debug } = await this.#batchWrite(op, c, parsed, options);
    return this.#withDebug({ records: decoded }, debug);
  }

  async read(country: string, recordKey: string, requestOptions?: RequestOptions): Promise<ReadResult> {
    const op = 'read';
    const c = checkCountry(op, country);
    const key = checkKey(op, recordKey, 'recordKey');
    const options = checkRequestOptions(op, requestOptions);
    const { data, debug } = await this.#http.json(
      this.#request(op, c, 'GET', recordPaths.record(c, this.#pathKey(op, key)), options),
      wireRecordSchema,
    );
    return this.#withDebug({ record: await this.#decode(op, data) }, debug);
  }

  async find(
    country: string,
    filter?: unknown,
    findOptions?: unknown,
    requestOptions?: RequestOptions,
  ): Promise<FindResult> {
    const op = 'find';
    const c = checkCountry(op, country);
    const options = checkRequestOptions(op, requestOptions);
    const query = this.#validateQuery(op, filter, findOptions);
    const page = await this.#findPage(op, c, query.filter, query.options, options);
    return this.#withDebug(findResult(page), page.debug);
  }

  async findOne(
    country: string,
    filter?: unknown,
    findOptions?: unknown,
    requestOptions?: RequestOptions,
  ): Promise<FindOneResult | null> {
    const op = 'findOne';
    const c = checkCountry(op, country);
    const options = checkRequestOptions(op, requestOptions);
    if (
      findOptions !== undefined &&
      (typeof findOptions !== 'object' || findOptions === null || 'limit' in findOptions)
    )
      invalidInput(op, [
        { path: ['options'], message: 'must be an object { offset?, sort? } (findOne always uses limit 1)' },
      ]);
    const query = this.#validateQuery(op, filter, { ...(findOptions as object | undefined), limit: 1 });
    const page = await this.#findPage(op, c, query.filter, query.options, options);
    const [first] = page.data;
    if (first !== undefined) return this.#withDebug({ record: first }, page.debug);
    const [failed] = page.errors;
    if (failed !== undefined) throw failed.error;
    return null;
  }

  async delete(country: string, recordKey: string, requestOptions?: RequestOptions): Promise<SuccessResult> {
    const op = 'delete';
    const c = checkCountry(op, country);
    const key = checkKey(op, recordKey, 'recordKey');
    const options = checkRequestOptions(op, requestOptions);
    const { debug } = await this.#http.json(
      this.#request(op, c, 'DELETE', recordPaths.record(c, this.#pathKey(op, key)), options),
      emptyResponseSchema,
    );
    return this.#withDebug({ success: true as const }, debug);
  }

  async batchDelete(
    country: string,
    filter: { readonly record_key: readonly string[] },
    requestOptions?: RequestOptions,
  ): Promise<SuccessResult> {
    const op = 'batchDelete';
    const c = checkCountry(op, country);
    const keys = checkBatchDelete(op, filter);
    const options = checkRequestOptions(op, requestOptions);
    const json = { filter: { record_key: keys.map((k) => this.#codec.encodeKey('record_key', k)) } };
    const { debug } = await this.#http.json(
      this.#request(op, c, 'POST', recordPaths.batchDelete(c), options, { json }),
      emptyResponseSchema,
    );
    return this.#withDebug({ success: true as const }, debug);
  }

  async migrate(country: string, limit?: number, requestOptions?: RequestOptions): Promise<MigrateResult> {
    const op = 'migrate';
    const c = checkCountry(op, country);
    const max = checkLimit(op, limit);
    const options = checkRequestOptions(op, requestOptions);
    if (this.#config.mode !== 'LOCAL')
      throw new StorageClientError(
        `${op}() failed: migration re-encrypts with the current secret, so it needs EncryptionType.LOCAL (this storage uses ${this.#config.mode})`,
      );
    const outcome = await migrateOnce(
      {
        currentVersion: () =>
          this.#codec.currentVersion().catch((error: unknown) => withOperation(op, error)),
        findPage: (filter, page) => this.#findPage(op, c, filter, page, options),
        rewrite: async (records) =>
          (
            await this.#batchWrite(
              op,
              c,
              records.map((r, i) => checkRecord(op, r, ['records', i])),
              options,
            )
          ).debug,
      },
      max,
    );
    const result = {
      migrated: outcome.migrated,
      totalLeft: outcome.totalLeft,
      ...(outcome.errors.length > 0 ? { errors: outcome.errors } : {}),
    };
    return this.#withDebug(result, outcome.debug);
  }

  async addAttachment(
    country: string,
    recordKey: string,
    attachment: AttachmentInput,
    upsert?: boolean,
    requestOptions?: RequestOptions,
  ): Promise<AttachmentMetaResult> {
    const op = 'addAttachment';
    const c = checkCountry(op, country);
    const key = checkKey(op, recordKey, 'recordKey');
    const args = checkAttachmentArgs(op, attachment, upsert);
    const options = checkRequestOptions(op, requestOptions);
    const upload = await prepareUpload(args.file as AttachmentFile, {
      operation: op,
      maxBytes: MAX_ATTACHMENT_SIZE,
    });
    try {
      const body = multipartBody(
        upload,
        args.fileName ?? upload.suggestedName ?? 'file',
        args.mimeType ?? 'application/octet-stream',
      );
      const { data, debug } = await this.#http.json(
        {
          ...this.#request(
            op,
            c,
            args.upsert ? 'PUT' : 'POST',
            recordPaths.attachments(c, this.#pathKey(op, key)),
            options,
          ),
          body,
          // POST always adds a file: repeating it after a lost answer could attach it twice.
          idempotent: args.upsert,
        },
        attachmentMetaResponseSchema,
      );
      return this.#withDebug({ attachmentMeta: fromWireAttachmentMeta(data) }, debug);
    } finally {
      await upload.dispose();
    }
  }

  async deleteAttachment(
    country: string,
    recordKey: string,
    fileId: string,
    requestOptions?: RequestOptions,
  ): Promise<SuccessResult> {
    const op = 'deleteAttachment';
    const { c, path, options } = this.#attachmentTarget(
      op,
      country,
      recordKey,
      fileId,
      requestOptions,
      recordPaths.attachment,
    );
    const { debug } = await this.#http.json(
      this.#request(op, c, 'DELETE', path, options),
      emptyResponseSchema,
    );
    return this.#withDebug({ success: true as const }, debug);
  }

  async getAttachmentFile(
    country: string,
    recordKey: string,
    fileId: string,
    requestOptions?: RequestOptions,
  ): Promise<AttachmentFileResult> {
    const op = 'getAttachmentFile';
    const { c, path, options } = this.#attachmentTarget(
      op,
      country,
      recordKey,
      fileId,
      requestOptions,
      recordPaths.attachment,
    );
    const response = await this.#http.sendStream(this.#request(op, c, 'GET', path, options));
    const disposition = response.headers['content-disposition'];
    const filename = fileNameFromContentDisposition(
      Array.isArray(disposition) ? disposition[0] : disposition,
    );
    return this.#withDebug({ attachmentData: { filename, file: response.body } }, response.debug);
  }

  async getAttachmentMeta(
    country: string,
    recordKey: string,
    fileId: string,
    requestOptions?: RequestOptions,
  ): Promise<AttachmentMetaResult> {
    const op = 'getAttachmentMeta';
    const { c, path, options } = this.#attachmentTarget(
      op,
      country,
      recordKey,
      fileId,
      requestOptions,
      recordPaths.attachmentMeta,
    );
    const { data, debug } = await this.#http.json(
      this.#request(op, c, 'GET', path, options),
      attachmentMetaResponseSchema,
    );
    return this.#withDebug({ attachmentMeta: fromWireAttachmentMeta(data) }, debug);
  }

  async updateAttachmentMeta(
    country: string,
    recordKey: string,
    fileId: string,
    meta: AttachmentMetaPatch,
    requestOptions?: RequestOptions,
  ): Promise<AttachmentMetaResult> {
    const op = 'updateAttachmentMeta';
    const { c, path, options } = this.#attachmentTarget(
      op,
      country,
      recordKey,
      fileId,
      requestOptions,
      recordPaths.attachmentMeta,
    );
    const json = checkAttachmentMetaPatch(op, meta);
    const { data, debug } = await this.#http.json(
      this.#request(op, c, 'PATCH', path, options, { json }),
      attachmentMetaResponseSchema,
    );
    return this.#withDebug({ attachmentMeta: fromWireAttachmentMeta(data) }, debug);
  }

  async healthCheck(country: string, requestOptions?: RequestOptions): Promise<HealthCheckResult> {
    const op = 'healthCheck';
    const c = checkCountry(op, country);
    const options = checkRequestOptions(op, requestOptions);
    // Any answer is an answer: 200 is healthy, other statuses are not; a second 401 and network failures throw.
    const response = await this.#http.send(this.#request(op, c, 'GET', recordPaths.healthcheck(), options));
    return this.#withDebug({ result: response.statusCode === 200 }, response.debug);
  }

  in(country: string): StorageQuery<QueryConfig> {
    const c = checkCountry('in', country);
    return createQueryBuilder<StorageRecord, QueryConfig>(this.#executor(c), { config: this.#queryConfig });
  }

  /**
   * The executor `in(country)` builds on, for repositories' queries too: the builder has validated the
   * filter, so it goes straight to the find request. Undefined for anything not made by createStorage.
   */
  static executorFor(storage: unknown, country: string): QueryExecutor<StorageRecord> | undefined {
    return storage instanceof StorageClient ? storage.#executor(country) : undefined;
  }

  #executor(country: string): QueryExecutor<StorageRecord> {
    return {
      find: (filter, options) => this.#findPage('find', country, filter, options, undefined).then(findResult),
    };
  }

  #request(
    operation: string,
    country: string,
    method: HttpMethod,
    path: ApiPath,
    requestOptions: RequestOptions | undefined,
    extra: { json?: unknown } = {},
  ): ApiRequest {
    return {
      operation,
      country,
      method,
      path: path.path,
      route: path.route,
      // Every call is safe to repeat except adding an attachment (which overrides this): writes are upserts
      // by record_key, deletes end in the same state, finds and reads change nothing.
      idempotent: true,
      requestOptions,
      ...(extra.json !== undefined ? { json: extra.json } : {}),
    };
  }

  #attachmentTarget(
    op: string,
    country: string,
    recordKey: string,
    fileId: string,
    requestOptions: RequestOptions | undefined,
    pathOf: (country: string, key: string, fileId: string) => ApiPath,
  ) {
    const c = checkCountry(op, country);
    const key = checkKey(op, recordKey, 'recordKey');
    const id = checkPathSegment(op, checkKey(op, fileId, 'fileId'), 'fileId');
    const options = checkRequestOptions(op, requestOptions);
    return { c, options, path: pathOf(c, this.#pathKey(op, key), id) };
  }

  /** The record key as it goes into a path: hashed, or plain in SSE mode, where `.` and `..` are refused. */
  #pathKey(op: string, key: string): string {
    return checkPathSegment(op, this.#codec.encodeKey('record_key', key), 'recordKey');
  }

  #validateQuery(
    op: string,
    filter: unknown,
    options: unknown,
  ): { filter: WireFilter; options: FindPageOptions } {
    try {
      return validateQuery(filter, options, this.#queryConfig);
    } catch (error) {
      withOperation(op, error);
    }
  }

  async #encode(op: string, record: ParsedRecordInput): Promise<WireWriteRecord> {
    try {
      return await this.#codec.encode(record as RecordInput);
    } catch (error) {
      withOperation(op, error);
    }
  }

  async #decode(op: string, wire: WireRecord): Promise<StorageRecord> {
    try {
      return await this.#codec.decode(wire);
    } catch (error) {
      withOperation(op, error);
    }
  }

  async #batchWrite(
    op: string,
    country: string,
    records: ParsedRecordInput[],
    options: RequestOptions | undefined,
  ): Promise<{ records: StorageRecord[]; debug: HttpDebugResponse }> {
    const wire = await Promise.all(records.map((r) => this.#encode(op, r)));
    const { data, debug } = await this.#http.json(
      this.#request(op, country, 'POST', recordPaths.batchWrite(country), options, {
        json: { records: wire },
      }),
      batchWriteResponseSchema,
    );
    return { records: await Promise.all(data.records.map((r) => this.#decode(op, r))), debug };
  }

  async #findPage(
    op: string,
    country: string,
    filter: WireFilter,
    options: FindPageOptions,
    requestOptions: RequestOptions | undefined,
  ): Promise<FoundPage> {
    const json = { filter: this.#codec.encodeFilter(filter), options };
    const { data: response, debug } = await this.#http.json(
      this.#request(op, country, 'POST', recordPaths.find(country), requestOptions, { json }),
      findResponseSchema,
    );
    const decoded = await Promise.all(
      response.data.map(async (wire) => {
        try {
          return { record: await this.#codec.decode(wire) };
        } catch (error) {
          const reported =
            error instanceof StorageError
              ? error
              : new StorageCryptoError(`${op}() failed to decode a record`, { cause: error });
          return { error: { error: reported, rawData: wire } };
        }
      }),
    );
    const data: StorageRecord[] = [];
    const errors: FindRecordError[] = [];
    for (const item of decoded) {
      if ('record' in item) data.push(item.record);
      else errors.push(item.error);
    }
    return { data, meta: response.meta, errors, debug };
  }

  #withDebug<TResult extends object, TDebug>(result: TResult, debug: TDebug): TResult {
    if (this.#config.debug)
      Object.defineProperty(result, HTTP_DEBUG_KEY, { value: debug, enumerable: false });
    return result;
  }
}

function findResult(page: FoundPage): { data: StorageRecord[]; meta: FindMeta; errors?: FindRecordError[] } {
  return { data: page.data, meta: page.meta, ...(page.errors.length > 0 ? { errors: page.errors } : {}) };
}
