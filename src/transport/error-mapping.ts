/**
 * Turns transport failures into the documented hierarchy (docs/protocol.md#error-classes). Messages start with the public
 * method (`write() failed: …`), say what happened and where (method and URL; in SSE mode the URL is the
 * route template, because plain record keys would be in the path), and never include request or response
 * bodies: the raw body is kept on the error's hidden `responseBody`.
 */
import { type IncomingHttpHeaders, STATUS_CODES } from 'node:http';
import {
  formatIssues,
  StorageAuthenticationError,
  StorageError,
  StorageNetworkError,
  StorageServerError,
  StorageServerResponseValidationError,
  type ValidationIssue,
} from '../errors.js';
import { escapeControlCharacters } from '../text/control-characters.js';
import { errorBodySchema, oauthErrorSchema } from '../wire/index.js';
import { parseJson } from '../wire/json-codec.js';

/** Where a request went, as shown in errors. */
export interface RequestTarget {
  readonly method: string;
  /** The URL safe to show: hashed keys only, or the route template. */
  readonly displayUrl: string;
}

const MAX_DETAIL_LENGTH = 300;

/**
 * Parses a body as JSON, or returns undefined. Integers past ±(2^53 − 1) (64-bit range keys) come back as
 * exact bigints: this is the one place responses are parsed, so every read sees them unrounded.
 */
export function parseJsonBody(body: Buffer | string): unknown {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return parseJson(text);
  } catch {
    return undefined;
  }
}

/**
 * A short summary of a PoP or OAuth error body (`title: detail; …` or `error: description`), or an empty
 * string. The PoP and the OAuth server describe what was wrong, never echo record values; what they say
 * is escaped (control characters, bidi overrides), since it goes into messages and logs.
 */
export function summariseErrorBody(body: Buffer | string): string {
  const json = parseJsonBody(body);
  const pop = errorBodySchema.safeParse(json);
  let text = '';
  if (pop.success) {
    text = pop.data.errors
      .map((e) => {
        const what = e.detail.trim() !== '' ? e.detail : e.title;
        return e.source.trim() !== '' ? `${e.source}: ${what}` : what;
      })
      .join('; ');
  } else {
    const oauth = oauthErrorSchema.safeParse(json);
    if (oauth.success) {
      text = [oauth.data.error, oauth.data.error_description].filter((p) => p !== undefined).join(': ');
    }
  }
  return escapeControlCharacters(
    text.length > MAX_DETAIL_LENGTH ? `${text.slice(0, MAX_DETAIL_LENGTH)}…` : text,
  );
}

/**
 * For a 3xx answer: that redirects are not followed, and the host of its `Location` (escaped; never its
 * path or query, which may carry tokens). An empty string for other statuses.
 *
 * @example
 * redirectNote(308, { location: 'https://other.example/v2?sig=x' }, 'http://pop'); // ' (a redirect, not followed; location host: other.example)'
 */
export function redirectNote(
  statusCode: number,
  headers: IncomingHttpHeaders | undefined,
  requestUrl: string,
): string {
  if (statusCode < 300 || statusCode > 399) return '';
  const location = headers?.location;
  let host = 'none';
  if (typeof location === 'string' && location !== '') {
    try {
      host = escapeControlCharacters(new URL(location, requestUrl).host) || 'none';
    } catch {
      host = 'unparsable';
    }
  }
  return ` (a redirect, not followed; location host: ${host})`;
}

function statusText(statusCode: number): string {
  return `${statusCode} ${STATUS_CODES[statusCode] ?? 'Unknown Status'}`;
}

/**
 * The error for a response whose status is not the request's success: StorageAuthenticationError for
 * 401, StorageServerError otherwise (a 429 arrives here once retries are exhausted; a 3xx names the
 * host it points to, see {@link redirectNote}; a 2xx the request does not expect names what it expects).
 *
 * @example
 * declare const body: Buffer;
 * throw statusError('read', { statusCode: 404, body }, { method: 'GET', displayUrl: 'https://host/v2/storage/records/us/{key}' });
 */
export function statusError(
  operation: string,
  response: {
    readonly statusCode: number;
    readonly body: Buffer | string;
    readonly headers?: IncomingHttpHeaders | undefined;
  },
  target: RequestTarget,
  note?: string,
  expected?: readonly number[],
): StorageServerError {
  const status = response.statusCode;
  const detail = summariseErrorBody(response.body);
  const unexpected =
    status < 300 && expected !== undefined
      ? `, which is not a success for ${operation}() (it expects ${expected.join(' or ')})`
      : redirectNote(status, response.headers, target.displayUrl);
  const message =
    `${operation}() failed: the server answered ${statusText(status)}${unexpected}` +
    `${note ? ` ${note}` : ''}${detail ? ` (${detail})` : ''} [${target.method} ${target.displayUrl}]`;
  const options = {
    statusCode: response.statusCode,
    method: target.method,
    url: target.displayUrl,
    responseBody: parseJsonBody(response.body) ?? response.body.toString(),
  };
  return response.statusCode === 401
    ? new StorageAuthenticationError(message, options)
    : new StorageServerError(message, options);
}

/** Readable names for the socket error codes people meet most. */
const NETWORK_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'timed out',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed while sending',
  ERR_ABORTED: 'aborted',
};

/** What every abort error says: the caller's signal, not the network, ended the call. */
const ABORTED = 'the request was aborted by requestOptions.signal';

/**
 * The error for a call the caller's `requestOptions.signal` cancelled before a request was on the wire
 * (while resolving the endpoint or waiting for a token).
 *
 * @example
 * throw abortError('read', new DOMException('aborted', 'AbortError'));
 */
export function abortError(operation: string, cause: unknown): StorageNetworkError {
  return new StorageNetworkError(`${operation}() failed: ${ABORTED}`, { cause });
}

/**
 * Settles like `promise`; when it fails because `signal` aborted (and not with one of our errors), fails
 * with {@link abortError} instead.
 *
 * @example
 * declare const lookup: Promise<string>;
 * const url = await abortable(lookup, 'read', AbortSignal.timeout(5000));
 */
export async function abortable<T>(
  promise: Promise<T>,
  operation: string,
  signal: AbortSignal | undefined,
): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof StorageError || !signal?.aborted) throw error;
    throw abortError(operation, error);
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The error for a request that got no usable response: timeout, refused or reset connection, DNS failure,
 * or the caller's abort signal.
 *
 * @example
 * declare const gotError: Error;
 * declare const target: RequestTarget;
 * throw networkError('find', gotError, target, { timeoutMs: 30_000 });
 */
export function networkError(
  operation: string,
  cause: unknown,
  target: RequestTarget,
  context: { readonly aborted?: boolean; readonly timeoutMs?: number } = {},
): StorageNetworkError {
  const code = errorCode(cause);
  let what: string;
  if (context.aborted) what = ABORTED;
  else if (code === 'ETIMEDOUT' || (cause as Error | undefined)?.name === 'TimeoutError')
    what = `no response within ${(context.timeoutMs ?? 0) / 1000} s (raise httpOptions.timeout if the server is slow)`;
  else if (code !== undefined)
    what = `could not reach the server (${NETWORK_CODES[code] ?? 'network error'}: ${code})`;
  else what = 'could not reach the server (network error)';
  return new StorageNetworkError(`${operation}() failed: ${what} [${target.method} ${target.displayUrl}]`, {
    cause,
    method: target.method,
    url: target.displayUrl,
  });
}

/**
 * The error for a response whose body does not have the documented shape.
 *
 * @example
 * declare const target: RequestTarget;
 * throw responseValidationError('find', [{ path: ['data', 0, 'record_key'], message: 'expected a string' }], target, 200);
 */
export function responseValidationError(
  operation: string,
  issues: readonly ValidationIssue[],
  target: RequestTarget,
  statusCode: number,
  responseBody?: unknown,
): StorageServerResponseValidationError {
  return new StorageServerResponseValidationError(
    // Issue paths and messages may quote the response (unknown keys, record keys of a map): escaped.
    `${operation}() failed: the server's response does not have the documented shape: ${escapeControlCharacters(formatIssues(issues.slice(0, 5)))} [${target.method} ${target.displayUrl}]`,
    { issues, statusCode, method: target.method, url: target.displayUrl, responseBody },
  );
}
