/**
 * What every Storage operation does around its own logic: build the API request, put the record key into
 * a path, and attach the debug view to the result. Shared by the record and attachment clients.
 */
import type { RecordCodec } from '../crypto/record-codec.js';
import type { ApiRequest, HttpClient, RequestOptions } from '../transport/http-client.js';
import type { HttpMethod } from '../transport/http-exchange.js';
import { HTTP_DEBUG_KEY } from './http-debug-key.js';
import { type ApiPath, successStatuses } from './record-paths.js';
import type { StorageConfig } from './storage-config.js';
import { checkPathSegment } from './storage-input.js';

/** The parts of a storage that every call uses. */
export interface StorageCallParts {
  readonly config: StorageConfig;
  readonly codec: RecordCodec;
  readonly http: HttpClient;
}

/** The request, path-key and debug plumbing of one storage. */
export class StorageCalls {
  readonly config: StorageConfig;
  readonly codec: RecordCodec;
  readonly http: HttpClient;

  constructor(parts: StorageCallParts) {
    this.config = parts.config;
    this.codec = parts.codec;
    this.http = parts.http;
  }

  request(
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
      successStatuses: successStatuses(method, path),
      ...(extra.json !== undefined ? { json: extra.json } : {}),
    };
  }

  /** The record key as it goes into a path: hashed, or plain in SSE mode, where `.` and `..` are refused. */
  pathKey(op: string, key: string): string {
    return checkPathSegment(op, this.codec.encodeKey('record_key', key), 'recordKey');
  }

  /** `result`, with the HTTP exchange attached (not enumerable) when the storage has `debug` on. */
  withDebug<TResult extends object, TDebug>(result: TResult, debug: TDebug): TResult {
    if (this.config.debug) Object.defineProperty(result, HTTP_DEBUG_KEY, { value: debug, enumerable: false });
    return result;
  }
}
