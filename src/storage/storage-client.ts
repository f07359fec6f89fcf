/**
 * The Storage implementation: validates arguments, encodes with the record codec, sends with the HTTP
 * client, decodes answers. Plain, schema-agnostic code; the typing lives in storage.ts and the query
 * builder.
 */

import type { KeyExpectation } from '../crypto/key-verification.js';
import { StorageClientError, StorageCryptoError, StorageError } from '../errors.js';
import { proxyTarget, recordProxyTarget, runOnProxyTarget } from '../instrumentation/proxy-target.js';
import { createQueryBuilder } from '../query/query-builder.js';
import type { QueryConfig } from '../query/query-config.js';
import type { FindPageOptions, QueryExecutor } from '../query/query-executor.js';
import { validateQuery } from '../query/validate-query.js';
import type { ParsedRecordInput, RecordInput, StorageRecord } from '../record.js';
import type { HttpDebugResponse } from '../transport/debug-response.js';
import type { RequestOptions } from '../transport/http-client.js';
import {
  batchWriteResponseSchema,
  findResponseSchema,
  type WireFilter,
  type WireRecord,
  type WireWriteRecord,
  wireRecordSchema,
} from '../wire/index.js';
import { withOperation } from '../with-operation.js';
import { AttachmentClient } from './attachment-client.js';
import { migrateOnce } from './migration.js';
import { traceExecutorFind } from './operation-scope.js';
import { recordPaths } from './record-paths.js';
import type { AttachmentInput, AttachmentMetaPatch, Storage, StorageQuery } from './storage.js';
import { type StorageCallParts, StorageCalls } from './storage-calls.js';
import {
  checkBatchDelete,
  checkCountry,
  checkKey,
  checkLimit,
  checkRecord,
  checkRecords,
  checkRequestOptions,
  invalidInput,
} from './storage-input.js';
import { emptyResponseSchema, writeResponseSchema } from './storage-responses.js';
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

interface FoundPage {
  readonly data: StorageRecord[];
  readonly meta: FindMeta;
  readonly errors: FindRecordError[];
  readonly debug: HttpDebugResponse;
}

/** Everything a StorageClient needs, built by createStorage. */
export interface StorageClientParts extends StorageCallParts {
  readonly queryConfig: QueryConfig;
}

/** The Storage client. Create it with `createStorage`. */
export class StorageClient implements Storage<QueryConfig> {
  readonly #queryConfig: QueryConfig;
  readonly #calls: StorageCalls;
  readonly #attachments: AttachmentClient;

  get queryConfig(): QueryConfig {
    return this.#queryConfig;
  }

  constructor(parts: StorageClientParts) {
    this.#queryConfig = parts.queryConfig;
    this.#calls = new StorageCalls(parts);
    this.#attachments = new AttachmentClient(this.#calls);
    recordProxyTarget(this);
  }

  async write(country: string, record: RecordInput, requestOptions?: RequestOptions): Promise<WriteResult> {
    const op = 'write';
    const c = checkCountry(op, country);
    const options = checkRequestOptions(op, requestOptions);
    const wire = await this.#encode(op, checkRecord(op, record));
    const { data, debug } = await this.#calls.http.json(
      this.#calls.request(op, c, 'POST', recordPaths.records(c), options, { json: wire }),
      writeResponseSchema,
    );
    const stored = typeof data === 'string' ? wire : data;
    return this.#calls.withDebug({ record: await this.#decode(op, stored) }, debug);
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
    return this.#calls.withDebug({ records: decoded }, debug);
  }

  async read(country: string, recordKey: string, requestOptions?: RequestOptions): Promise<ReadResult> {
    const op = 'read';
    const c = checkCountry(op, country);
    const key = checkKey(op, recordKey, 'recordKey');
    const options = checkRequestOptions(op, requestOptions);
    const pathKey = this.#calls.pathKey(op, key);
    const { data, debug } = await this.#calls.http.json(
      this.#calls.request(op, c, 'GET', recordPaths.record(c, pathKey), options),
      wireRecordSchema,
    );
    // The answer must be the record asked for (docs/protocol.md#verified-keys).
    return this.#calls.withDebug({ record: await this.#decode(op, data, { recordKeys: [pathKey] }) }, debug);
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
    return this.#calls.withDebug(findResult(page), page.debug);
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
    if (first !== undefined) return this.#calls.withDebug({ record: first }, page.debug);
    const [failed] = page.errors;
    if (failed !== undefined) throw failed.error;
    return null;
  }

  async delete(country: string, recordKey: string, requestOptions?: RequestOptions): Promise<SuccessResult> {
    const op = 'delete';
    const c = checkCountry(op, country);
    const key = checkKey(op, recordKey, 'recordKey');
    const options = checkRequestOptions(op, requestOptions);
    const { debug } = await this.#calls.http.json(
      this.#calls.request(op, c, 'DELETE', recordPaths.record(c, this.#calls.pathKey(op, key)), options),
      emptyResponseSchema,
    );
    return this.#calls.withDebug({ success: true as const }, debug);
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
    const json = { filter: { record_key: keys.map((k) => this.#calls.codec.encodeKey('record_key', k)) } };
    const { debug } = await this.#calls.http.json(
      this.#calls.request(op, c, 'POST', recordPaths.batchDelete(c), options, { json }),
      emptyResponseSchema,
    );
    return this.#calls.withDebug({ success: true as const }, debug);
  }

  async migrate(country: string, limit?: number, requestOptions?: RequestOptions): Promise<MigrateResult> {
    const op = 'migrate';
    const c = checkCountry(op, country);
    const max = checkLimit(op, limit);
    const options = checkRequestOptions(op, requestOptions);
    if (this.#calls.config.mode !== 'LOCAL')
      throw new StorageClientError(
        `${op}() failed: migration re-encrypts with the current secret, so it needs EncryptionType.LOCAL (this storage uses ${this.#calls.config.mode})`,
      );
    const outcome = await migrateOnce(
      {
        currentVersion: () =>
          this.#calls.codec.currentVersion().catch((error: unknown) => withOperation(op, error)),
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
    return this.#calls.withDebug(result, outcome.debug);
  }

  addAttachment(
    country: string,
    recordKey: string,
    attachment: AttachmentInput,
    upsert?: boolean,
    requestOptions?: RequestOptions,
  ): Promise<AttachmentMetaResult> {
    return this.#attachments.add(country, recordKey, attachment, upsert, requestOptions);
  }

  deleteAttachment(
    country: string,
    recordKey: string,
    fileId: string,
    requestOptions?: RequestOptions,
  ): Promise<SuccessResult> {
    return this.#attachments.delete({ country, recordKey, fileId, requestOptions });
  }

  getAttachmentFile(
    country: string,
    recordKey: string,
    fileId: string,
    requestOptions?: RequestOptions,
  ): Promise<AttachmentFileResult> {
    return this.#attachments.file({ country, recordKey, fileId, requestOptions });
  }

  getAttachmentMeta(
    country: string,
    recordKey: string,
    fileId: string,
    requestOptions?: RequestOptions,
  ): Promise<AttachmentMetaResult> {
    return this.#attachments.meta({ country, recordKey, fileId, requestOptions });
  }

  updateAttachmentMeta(
    country: string,
    recordKey: string,
    fileId: string,
    meta: AttachmentMetaPatch,
    requestOptions?: RequestOptions,
  ): Promise<AttachmentMetaResult> {
    return this.#attachments.updateMeta({ country, recordKey, fileId, requestOptions }, meta);
  }

  async healthCheck(country: string, requestOptions?: RequestOptions): Promise<HealthCheckResult> {
    const op = 'healthCheck';
    const c = checkCountry(op, country);
    const options = checkRequestOptions(op, requestOptions);
    // Any answer is an answer: 200 is healthy, other statuses are not; a second 401 and network failures throw.
    const response = await this.#calls.http.send(
      this.#calls.request(op, c, 'GET', recordPaths.healthcheck(), options),
    );
    return this.#calls.withDebug({ result: response.statusCode === 200 }, response.debug);
  }

  in(country: string): StorageQuery<QueryConfig> {
    const c = checkCountry('in', country);
    return createQueryBuilder<StorageRecord, QueryConfig>(this.#executor(c), { config: this.#queryConfig });
  }

  /**
   * The executor `in(country)` builds on, for repositories' queries too: the builder has validated the
   * filter, so it goes straight to the find request. Undefined for anything not made by createStorage;
   * a Proxy of a storage (instrumentation) counts as the storage behind it.
   */
  static executorFor(storage: unknown, country: string): QueryExecutor<StorageRecord> | undefined {
    const client = proxyTarget(storage);
    return typeof client === 'object' && client !== null && #executor in client
      ? client.#executor(country)
      : undefined;
  }

  #executor(country: string): QueryExecutor<StorageRecord> {
    return {
      find: (filter, options) =>
        traceExecutorFind(this, country, filter, options, () =>
          this.#findPage('find', country, filter, options, undefined).then(findResult),
        ),
    };
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
      return await this.#calls.codec.encode(record as RecordInput);
    } catch (error) {
      withOperation(op, error);
    }
  }

  async #decode(op: string, wire: WireRecord, expected?: KeyExpectation): Promise<StorageRecord> {
    try {
      const codec = this.#calls.codec;
      return await (expected === undefined ? codec.decode(wire) : codec.decodeVerified(wire, expected));
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
    const { data, debug } = await this.#calls.http.json(
      this.#calls.request(op, country, 'POST', recordPaths.batchWrite(country), options, {
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
    const json = { filter: this.#calls.codec.encodeFilter(filter), options };
    const expected = filterExpectation(json.filter);
    const { data: response, debug } = await this.#calls.http.json(
      this.#calls.request(op, country, 'POST', recordPaths.find(country), requestOptions, { json }),
      findResponseSchema,
    );
    const decoded = await Promise.all(
      response.data.map(async (wire) => {
        try {
          return { record: await this.#calls.codec.decodeVerified(wire, expected) };
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
}

/** Each record of a find answer must match an equality filter on `record_key` (docs/protocol.md#verified-keys). */
function filterExpectation(filter: WireFilter): KeyExpectation {
  const keys = filter.record_key;
  const hashes = new Map<string, string>();
  if (typeof keys === 'string') return { recordKeys: [keys], hashes };
  if (Array.isArray(keys) && keys.every((k): k is string => typeof k === 'string'))
    return { recordKeys: keys, hashes };
  return { hashes };
}

// Instrumentation may hand the storage around as a Proxy; its methods still reach the #private state.
runOnProxyTarget(StorageClient);

function findResult(page: FoundPage): { data: StorageRecord[]; meta: FindMeta; errors?: FindRecordError[] } {
  return { data: page.data, meta: page.meta, ...(page.errors.length > 0 ? { errors: page.errors } : {}) };
}
