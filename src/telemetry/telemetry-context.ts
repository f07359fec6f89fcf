/**
 * The objects published on the SDK's diagnostics channels. They hold only what may leave the country: no
 * key (plain or hashed), value, body, filter value, URL, path, token, secret or error message. That is
 * why they carry `errorType` (the error class) instead of the `error` and `result` fields that
 * `TracingChannel.tracePromise` would set: results hold records and messages end with the request URL.
 */

/**
 * One public Storage call (`incountry-ts:operation`). Fields after `environmentId` are filled in while the
 * call runs; they are final when `asyncEnd` (or `end` for a synchronous throw) is published.
 *
 * @example
 * import { tracingChannel } from 'node:diagnostics_channel';
 * tracingChannel<OperationContext, OperationContext>('incountry-ts:operation').subscribe({
 *   start() {},
 *   end() {},
 *   asyncStart() {},
 *   asyncEnd: (context) => console.log(context.operation, context.country, context.returnedRows),
 *   error: (context) => console.log(context.operation, context.errorType),
 * });
 * @category Telemetry
 */
export interface OperationContext {
  /** The public method, exactly: `write`, `batchWrite`, `find`, `getAttachmentFile` … */
  readonly operation: string;
  /** The lower-case country the call addresses (absent when the country argument was invalid). */
  readonly country: string | undefined;
  readonly environmentId: string;
  /** Records written or keys deleted by `batchWrite` / `batchDelete`. */
  readonly batchSize?: number | undefined;
  /**
   * The filter's shape with every value replaced by `?`, only when the telemetry asked for it
   * (`captureQueryShape`): `{"key1":?,"range_key1":{"$gte":?}} sort:range_key1 limit:?`.
   */
  readonly queryShape?: string | undefined;
  /** Host of the PoP the last attempt went to. */
  serverAddress?: string | undefined;
  serverPort?: number | undefined;
  /** HTTP status of the last response. */
  statusCode?: number | undefined;
  /** Records the call returned (find, findOne, read, write, batchWrite). */
  returnedRows?: number | undefined;
  /** The class of the error the call failed with (`StorageServerError` …). */
  errorType?: string | undefined;
  /** The call failed because its `requestOptions.signal` aborted: cancelled, not an error. */
  aborted?: boolean | undefined;
  /** Retries made within the call. */
  retries?: number | undefined;
}

/**
 * One HTTP attempt (`incountry-ts:attempt`), API and token requests alike; published only while someone
 * subscribes.
 *
 * @example
 * import { tracingChannel } from 'node:diagnostics_channel';
 * const attempts = tracingChannel<AttemptContext, AttemptContext>('incountry-ts:attempt');
 * attempts.asyncEnd.subscribe((message) => {
 *   const context = message as AttemptContext;
 *   console.log(context.attempt, context.statusCode);
 * });
 * @category Telemetry
 */
export interface AttemptContext {
  /** The public call this attempt belongs to, when one is being observed. */
  readonly parent: OperationContext | undefined;
  /** 1 for the first attempt, 2 for the first retry … */
  readonly attempt: number;
  readonly method: string;
  /** An OAuth token request rather than a storage API call. */
  readonly tokenRequest: boolean;
  readonly serverAddress: string;
  readonly serverPort: number;
  statusCode?: number | undefined;
  errorType?: string | undefined;
}

/**
 * A retry about to wait (`incountry-ts:retry`, a plain channel).
 *
 * @example
 * import { channel } from 'node:diagnostics_channel';
 * channel('incountry-ts:retry').subscribe((message) => console.log((message as RetryMessage).reason));
 * @category Telemetry
 */
export interface RetryMessage {
  readonly parent: OperationContext | undefined;
  /** The attempt that will be made after the delay (2 for the first retry). */
  readonly attempt: number;
  /** `http_429`, `http_503` … or `connection_error`. */
  readonly reason: string;
  /** Seconds to wait. */
  readonly delay: number;
}

/**
 * One OAuth token request (`incountry-ts:token`): cache hits publish nothing.
 *
 * @example
 * import { tracingChannel } from 'node:diagnostics_channel';
 * tracingChannel('incountry-ts:token').start.subscribe((c) => console.log((c as TokenContext).refresh));
 * @category Telemetry
 */
export interface TokenContext {
  readonly parent: OperationContext | undefined;
  /** A forced refresh after a 401, rather than a first or expiring token. */
  readonly refresh: boolean;
  statusCode?: number | undefined;
  errorType?: string | undefined;
}

/**
 * One PBKDF2 key derivation (`incountry-ts:key-derivation`). Neither the secret nor the salt is published.
 *
 * @example
 * import { tracingChannel } from 'node:diagnostics_channel';
 * tracingChannel<KeyDerivationContext, KeyDerivationContext>('incountry-ts:key-derivation').asyncEnd.subscribe(() => {});
 * @category Telemetry
 */
export interface KeyDerivationContext {
  readonly parent: OperationContext | undefined;
  errorType?: string | undefined;
}
