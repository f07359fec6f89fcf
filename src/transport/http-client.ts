/**
 * The storage-facing HTTP client: resolves the country's endpoint, authenticates (with one forced token
 * refresh and retry after a 401), sets the protocol headers, validates responses with the wire schemas,
 * and maps every failure to the error hierarchy. It knows nothing about encryption: callers hand it wire
 * bodies and get wire bodies back.
 */
import type { Readable } from 'node:stream';
import { type StorageError, zodIssues } from '../errors.js';
import { currentOperation } from '../telemetry/operation-tracing.js';
import { serverOf } from '../telemetry/step-tracing.js';
import { stringifyJson } from '../wire/json-codec.js';
import type { SchemaParser } from '../wire/schema-parser.js';
import type { HttpDebugResponse } from './debug-response.js';
import { captureDebugResponse } from './debug-response.js';
import type { EndpointResolver } from './endpoint-resolver.js';
import {
  abortable,
  abortError,
  parseJsonBody,
  type RequestTarget,
  responseValidationError,
  statusError,
} from './error-mapping.js';
import {
  type BufferedResponse,
  ERROR_BODY_BYTES,
  exchange,
  type HttpMethod,
  type RequestBody,
  readPrefix,
  type StreamedResponse,
} from './http-exchange.js';
import { checkHttpHeaders } from './request-headers.js';
import type { TokenSource } from './token-source.js';
import type { TransportSettings } from './transport-settings.js';
import { USER_AGENT } from './user-agent.js';

/**
 * Per-call options every public method accepts (docs/architecture.md#public-surface).
 *
 * @example
 * await storage.read('us', 'user-1', { httpHeaders: { 'request-id': 'req-42' }, signal: AbortSignal.timeout(5000) });
 * @category Storage
 */
export interface RequestOptions {
  /** Extra headers; the protected ones (authorization, x-env-id, user-agent, content-type, x-encrypted-storage) cannot be set. */
  readonly httpHeaders?: Readonly<Record<string, string>> | undefined;
  /** Cancels the call, including any back-off wait; the call then fails with StorageNetworkError. */
  readonly signal?: AbortSignal | undefined;
}

/** One storage API call. */
export interface ApiRequest {
  readonly operation: string;
  /** Lower-case two-letter country: selects the endpoint. */
  readonly country: string;
  readonly method: HttpMethod;
  /** Path below the host, already percent-encoded: `/v2/storage/records/us/<hash>`. */
  readonly path: string;
  /** The same path with placeholders, shown in errors in SSE mode: `/v2/storage/records/us/{key}`. */
  readonly route: string;
  readonly json?: unknown;
  /** A multipart (or other streamed) body, produced afresh for each attempt. */
  readonly body?: (() => RequestBody | Promise<RequestBody>) | undefined;
  readonly idempotent: boolean;
  readonly requestOptions?: RequestOptions | undefined;
  /**
   * The statuses the route documents as success (default 200). Any other answer, a redirect included,
   * is an error: a proxy's 3xx used to be taken for a stored write or a done delete.
   */
  readonly successStatuses?: readonly number[] | undefined;
}

/** Inputs of {@link createHttpClient}. */
export interface HttpClientConfig {
  readonly environmentId: string;
  /** SSE mode: sends `X-Encrypted-Storage: true`, and keeps plain keys out of error messages. */
  readonly sse: boolean;
  readonly resolver: EndpointResolver;
  readonly tokens: TokenSource;
  readonly settings: TransportSettings;
}

/** A response read to the end, with its debug view. */
export interface ApiResponse extends BufferedResponse {
  readonly debug: HttpDebugResponse;
  readonly target: RequestTarget;
}

/** A streamed response (attachment download), with its debug view (body omitted). */
export interface ApiStreamResponse extends StreamedResponse {
  readonly debug: HttpDebugResponse;
  readonly target: RequestTarget;
}

/** The client. */
export interface HttpClient {
  /** Sends and reads the whole response; any status is returned except a second 401, which throws. */
  send(request: ApiRequest): Promise<ApiResponse>;
  /** Like `json`, but the body of a successful response is returned as a stream; other statuses throw. */
  sendStream(request: ApiRequest): Promise<ApiStreamResponse>;
  /**
   * Sends, throws the mapped error for a status other than `request.successStatuses`, and validates the
   * JSON body with `schema`. An empty body is validated as `''`.
   */
  json<T>(request: ApiRequest, schema: SchemaParser<T>): Promise<{ data: T; debug: HttpDebugResponse }>;
}

/**
 * Creates the client for one Storage.
 *
 * @example
 * declare const config: HttpClientConfig;
 * const http = createHttpClient(config);
 * const route = '/v2/storage/records/us/{key}';
 * const { data } = await http.json(
 *   { operation: 'read', country: 'us', method: 'GET', path: route.replace('{key}', 'a1b2'), route, idempotent: true },
 *   z.object({ record_key: z.string() }),
 * );
 */
export function createHttpClient(config: HttpClientConfig): HttpClient {
  async function perform(
    request: ApiRequest,
    responseType: 'buffer' | 'stream',
  ): Promise<ApiResponse | ApiStreamResponse> {
    const { operation, requestOptions } = request;
    const signal = requestOptions?.signal;
    // Checked before anything leaves the process: a bad header must not cost a countries or token call.
    const extraHeaders = requestOptions?.httpHeaders
      ? checkHttpHeaders(operation, requestOptions.httpHeaders)
      : {};
    if (signal?.aborted) throw abortError(operation, signal.reason);
    const endpoint = await abortable(
      config.resolver.resolve(request.country, operation, signal),
      operation,
      signal,
    );
    const url = `${endpoint.host}${request.path}`;
    const target: RequestTarget = {
      method: request.method,
      displayUrl: config.sse ? `${endpoint.host}${request.route}` : url,
    };
    // Range keys may be bigints: they go out as plain JSON integers.
    const json = request.json === undefined ? undefined : stringifyJson(request.json);

    const attempt = async (token: string) => {
      const headers: Record<string, string> = {
        ...extraHeaders,
        authorization: `Bearer ${token}`,
        'x-env-id': config.environmentId,
        'user-agent': USER_AGENT,
        accept: 'application/json',
      };
      if (json !== undefined) headers['content-type'] = 'application/json';
      if (config.sse) headers['x-encrypted-storage'] = 'true';
      const body = json !== undefined ? () => ({ body: json }) : request.body;
      return exchange(
        {
          operation,
          method: request.method,
          url,
          displayUrl: target.displayUrl,
          headers,
          body,
          idempotent: request.idempotent,
          signal,
          responseType,
        },
        config.settings,
      );
    };

    let token = await config.tokens.token({ endpoint, operation, signal });
    let response = await attempt(token);
    if (response.statusCode === 401) {
      await drain(response);
      token = await config.tokens.token({ endpoint, operation, signal, staleToken: token });
      response = await attempt(token);
      if (response.statusCode === 401) {
        const body =
          responseType === 'stream'
            ? await readPrefix(response.body as Readable, ERROR_BODY_BYTES)
            : (response.body as Buffer);
        throw statusError(
          operation,
          { statusCode: 401, body },
          target,
          'after a token refresh; check the credentials and environmentId',
        );
      }
    }
    noteResponse(endpoint.host, response);
    if (responseType === 'stream' && succeeded(request, response.statusCode)) {
      return {
        ...(response as StreamedResponse),
        target,
        debug: captureDebugResponse(request.method, url, response, undefined),
      };
    }
    const body = Buffer.isBuffer(response.body)
      ? response.body
      : await readPrefix(response.body, ERROR_BODY_BYTES);
    return {
      ...response,
      body,
      target,
      debug: captureDebugResponse(request.method, url, response, body),
    } as ApiResponse;
  }

  return {
    send: (request) => perform(request, 'buffer') as Promise<ApiResponse>,
    async sendStream(request) {
      const response = await perform(request, 'stream');
      if (!succeeded(request, response.statusCode)) throw httpError(request, response as ApiResponse);
      return response as ApiStreamResponse;
    },
    async json(request, schema) {
      const response = (await perform(request, 'buffer')) as ApiResponse;
      if (!succeeded(request, response.statusCode)) throw httpError(request, response);
      const text = response.body.toString('utf8');
      const body = text.trim() === '' ? '' : (parseJsonBody(text) ?? text);
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        throw responseValidationError(
          request.operation,
          zodIssues(parsed.error),
          response.target,
          response.statusCode,
          body,
        );
      }
      return { data: parsed.data, debug: response.debug };
    },
  };
}

const DEFAULT_SUCCESS: readonly number[] = [200];

function succeeded(request: ApiRequest, statusCode: number): boolean {
  return (request.successStatuses ?? DEFAULT_SUCCESS).includes(statusCode);
}

function httpError(request: ApiRequest, response: ApiResponse): StorageError {
  const note =
    response.statusCode === 429 && response.retries > 0 ? `after ${response.retries} retries` : undefined;
  return statusError(
    request.operation,
    response,
    response.target,
    note,
    request.successStatuses ?? DEFAULT_SUCCESS,
  );
}

/** Tells the observed call (if any) where its last response came from and how it ended. */
function noteResponse(host: string, response: { statusCode: number; retries: number }): void {
  const operation = currentOperation();
  if (operation === undefined) return;
  Object.assign(operation, serverOf(host));
  operation.statusCode = response.statusCode;
  operation.retries = (operation.retries ?? 0) + response.retries;
}

async function drain(response: BufferedResponse | StreamedResponse): Promise<void> {
  if (!Buffer.isBuffer(response.body)) await readPrefix(response.body, ERROR_BODY_BYTES);
}
