/**
 * One logical HTTP exchange on got: sends a request, retries it when that is safe, and hands back the
 * final response (any status) or throws StorageNetworkError. Status codes are interpreted by the callers;
 * 401 handling lives one level up (it needs the token source).
 *
 * Retries (docs/protocol.md#retries, docs/architecture.md#reliability-design): a 429 is retried for every request, on the back-off schedule of
 * {@link calculateRetryDelay} and honouring `Retry-After`; a 500/502/503/504 or a connection failure only
 * for idempotent requests and at most {@link MAX_TRANSIENT_RETRIES} times. Bodies are produced by a factory
 * per attempt, so a file is re-opened rather than re-sent half consumed.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import type { Request } from 'got';
import { StorageError, type StorageNetworkError, StorageServerError } from '../errors.js';
import { publishRetry, traceAttempt } from '../telemetry/step-tracing.js';
import { createByteCounter } from '../wire/byte-counter.js';
import { networkError, type RequestTarget } from './error-mapping.js';
import { parseRetryAfter } from './retry-after.js';
import { calculateRetryDelay } from './retry-delay.js';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  MAX_TRANSIENT_RETRIES,
  type TransportSettings,
} from './transport-settings.js';

/** HTTP methods the protocol uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request body for one attempt: bytes, or a fresh stream with its own headers (multipart). */
export interface RequestBody {
  readonly body: string | Buffer | Readable;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What to send. */
export interface ExchangeRequest {
  /** The public method, for messages: `write`, `find` … */
  readonly operation: string;
  readonly method: HttpMethod;
  readonly url: string;
  /** The URL shown in errors (see error-mapping.ts). */
  readonly displayUrl: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Called once per attempt. */
  readonly body?: (() => RequestBody | Promise<RequestBody>) | undefined;
  /** Whether 5xx answers and connection failures may be retried. */
  readonly idempotent: boolean;
  readonly signal?: AbortSignal | undefined;
  /** `stream` returns the body unread and uses idle timeouts (attachments). */
  readonly responseType: 'buffer' | 'stream';
  /** An OAuth token request rather than a storage API call (telemetry tells them apart). */
  readonly tokenRequest?: boolean | undefined;
}

interface ResponseHead {
  readonly statusCode: number;
  readonly headers: IncomingHttpHeaders;
  readonly url: string;
  /** Retries made before this response. */
  readonly retries: number;
}

/** A response read to the end. */
export interface BufferedResponse extends ResponseHead {
  readonly body: Buffer;
}

/** A response whose body is still flowing. */
export interface StreamedResponse extends ResponseHead {
  readonly body: Readable;
}

const TRANSIENT_STATUSES = new Set([500, 502, 503, 504]);

function abortedError(request: ExchangeRequest, target: RequestTarget, cause: unknown): StorageNetworkError {
  return networkError(request.operation, cause, target, { aborted: true });
}

/**
 * got and its tree (most of what the client loads besides zod) are loaded by the first request, not when
 * the package is imported: a program pays for them only when it sends something.
 */
let gotModule: Promise<typeof import('got')> | undefined;

type Got = typeof import('got')['default'];

/**
 * got with the options every exchange of one transport passes, merged once per response type: got
 * merges and checks each option again on every call (about 60–120 µs of a find), and these never change.
 */
const gotInstances = new WeakMap<TransportSettings, Partial<Record<ExchangeRequest['responseType'], Got>>>();

function gotFor(got: Got, settings: TransportSettings, responseType: ExchangeRequest['responseType']): Got {
  let instances = gotInstances.get(settings);
  if (instances === undefined) {
    instances = {};
    gotInstances.set(settings, instances);
  }
  let instance = instances[responseType];
  if (instance === undefined) {
    const timeout =
      responseType === 'stream'
        ? // A 100 MiB file may take longer than the timeout as a whole; time out on silence instead.
          { connect: settings.timeoutMs, response: settings.timeoutMs, socket: settings.timeoutMs }
        : { request: settings.timeoutMs };
    instance = got.extend({ timeout, retry: { limit: 0 }, throwHttpErrors: false, followRedirect: false });
    instances[responseType] = instance;
  }
  return instance;
}

/** Sends once; resolves on the response head (body unread), rejects with got's error. */
async function sendOnce(
  request: ExchangeRequest,
  settings: TransportSettings,
): Promise<{ head: Omit<ResponseHead, 'retries'>; stream: Request }> {
  gotModule ??= import('got');
  const { default: got } = await gotModule;
  const body = request.body ? await request.body() : undefined;
  const headers = { ...request.headers, ...body?.headers };
  const stream = gotFor(got, settings, request.responseType).stream(request.url, {
    method: request.method,
    headers,
    ...(body ? { body: body.body } : {}),
  });
  // The caller's signal is wired here rather than through got's `signal` option: got keeps its listener
  // after the response and would later destroy a finished stream, an 'error' nobody listens to any more.
  const signal = request.signal;
  if (signal) {
    const onAbort = () =>
      stream.destroy(Object.assign(new Error('aborted by requestOptions.signal'), { code: 'ERR_ABORTED' }));
    signal.addEventListener('abort', onAbort, { once: true });
    const release = () => signal.removeEventListener('abort', onAbort);
    // got's Request is not always destroyed after its body ends, so 'close' alone may never come.
    for (const event of ['end', 'close', 'error']) stream.once(event, release);
  }
  // In stream mode got keeps the request open for a piped body; with none to send, end it ourselves.
  if (!body && request.method !== 'GET') stream.end();
  return await new Promise((resolve, reject) => {
    stream.once('error', reject);
    stream.once('response', (response: { statusCode: number; headers: IncomingHttpHeaders; url: string }) => {
      stream.off('error', reject);
      resolve({
        head: { statusCode: response.statusCode, headers: response.headers, url: response.url },
        stream,
      });
    });
  });
}

/** Thrown by {@link readAll} when a body passes its limit; the stream is destroyed by then. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

/**
 * Reads a stream to the end, holding at most `maxBytes` (counted as the stream yields them, so after
 * got's decompression): past that the stream is destroyed and {@link BodyTooLargeError} thrown, so an
 * endless body or a gzip bomb costs the limit, not the process.
 *
 * @example
 * import { Readable } from 'node:stream';
 * const body = await readAll(Readable.from([Buffer.from('{}')]), 1024);
 */
export async function readAll(stream: Readable, maxBytes = Number.POSITIVE_INFINITY): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const counter = createByteCounter(
    maxBytes,
    () => new BodyTooLargeError(`the response body passed ${maxBytes} bytes`),
  );
  try {
    for await (const chunk of stream) chunks.push(counter.take(chunk));
  } catch (error) {
    stream.destroy();
    throw error;
  }
  return Buffer.concat(chunks, counter.bytes);
}

/** Error bodies are only summarised; more than this of one is never needed. */
export const ERROR_BODY_BYTES = 64 * 1024;

/**
 * Reads at most `maxBytes` of a stream (an error body of a streamed response), then destroys it.
 *
 * @example
 * import { Readable } from 'node:stream';
 * const head = await readPrefix(Readable.from([Buffer.from('{"errors":[]}')]), ERROR_BODY_BYTES);
 */
export async function readPrefix(stream: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
    total += (chunk as Buffer).length;
    if (total >= maxBytes) break; // leaving the loop destroys the stream
  }
  return Buffer.concat(chunks, total).subarray(0, maxBytes);
}

/** Reads a response body within `settings.maxResponseBytes`, or throws the StorageServerError naming it. */
async function readBody(
  request: ExchangeRequest,
  settings: TransportSettings,
  target: RequestTarget,
  statusCode: number,
  stream: Readable,
): Promise<Buffer> {
  const limit = settings.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  try {
    return await readAll(stream, limit);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    throw new StorageServerError(
      `${request.operation}() failed: the response body is larger than httpOptions.maxResponseBytes (${limit} bytes, counted after decompression); ask for less (a smaller find limit) or raise the limit [${target.method} ${target.displayUrl}]`,
      { statusCode, method: target.method, url: target.displayUrl },
    );
  }
}

/**
 * Performs the exchange with retries. Resolves with the final response whatever its status (a 429 that
 * outlasted the schedule included); rejects with StorageNetworkError when no response could be had.
 *
 * @example
 * declare const settings: Parameters<typeof exchange>[1];
 * const url = 'https://us-mt-01.api.incountry.io/healthcheck';
 * const res = await exchange(
 *   { operation: 'healthCheck', method: 'GET', url, displayUrl: url, headers: {}, idempotent: true, responseType: 'buffer' },
 *   settings,
 * );
 * res.statusCode;
 */
export async function exchange(
  request: ExchangeRequest & { responseType: 'buffer' },
  settings: TransportSettings,
): Promise<BufferedResponse>;
export async function exchange(
  request: ExchangeRequest & { responseType: 'stream' },
  settings: TransportSettings,
): Promise<StreamedResponse>;
export async function exchange(
  request: ExchangeRequest,
  settings: TransportSettings,
): Promise<BufferedResponse | StreamedResponse>;
export async function exchange(
  request: ExchangeRequest,
  settings: TransportSettings,
): Promise<BufferedResponse | StreamedResponse> {
  const target: RequestTarget = { method: request.method, displayUrl: request.displayUrl };
  let transientRetries = 0;
  for (let retry = 0; ; retry++) {
    if (request.signal?.aborted) throw abortedError(request, target, request.signal.reason);
    let retryAfter: number | undefined;
    let failure: unknown;
    try {
      const { head, stream } = await traceAttempt(request, retry + 1, () => sendOnce(request, settings));
      const status = head.statusCode;
      const mayRetry =
        status === 429 ||
        (request.idempotent && TRANSIENT_STATUSES.has(status) && transientRetries < MAX_TRANSIENT_RETRIES);
      if (!mayRetry || status < 400) {
        if (request.responseType === 'stream') return { ...head, retries: retry, body: stream };
        return { ...head, retries: retry, body: await readBody(request, settings, target, status, stream) };
      }
      retryAfter = parseRetryAfter(head.headers['retry-after'], settings.now());
      const delay = calculateRetryDelay(retry + 1, {
        baseDelay: settings.retryBaseDelay,
        maxDelay: settings.retryMaxDelay,
        retryAfter,
        random: settings.random,
      });
      const body = await readBody(request, settings, target, status, stream);
      if (delay === undefined) {
        return request.responseType === 'stream'
          ? { ...head, retries: retry, body: Readable.from([body]) }
          : { ...head, retries: retry, body };
      }
      if (status !== 429) transientRetries++;
      publishRetry(retry + 2, `http_${status}`, delay);
      await pause(delay, request, target, settings);
      continue;
    } catch (error) {
      if (error instanceof StorageError) throw error;
      failure = error;
    }
    // No response: the connection failed, timed out, or the caller aborted.
    if (request.signal?.aborted) throw abortedError(request, target, request.signal.reason);
    const delay = calculateRetryDelay(retry + 1, {
      baseDelay: settings.retryBaseDelay,
      maxDelay: settings.retryMaxDelay,
      random: settings.random,
    });
    if (!request.idempotent || transientRetries >= MAX_TRANSIENT_RETRIES || delay === undefined) {
      throw networkError(request.operation, failure, target, { timeoutMs: settings.timeoutMs });
    }
    transientRetries++;
    publishRetry(retry + 2, 'connection_error', delay);
    await pause(delay, request, target, settings);
  }
}

async function pause(
  seconds: number,
  request: ExchangeRequest,
  target: RequestTarget,
  settings: TransportSettings,
): Promise<void> {
  try {
    await settings.sleep(seconds * 1000, request.signal);
  } catch (error) {
    throw abortedError(request, target, error);
  }
}
