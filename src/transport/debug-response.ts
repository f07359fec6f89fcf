import type { IncomingHttpHeaders } from 'node:http';
import { type InspectOptions, inspect } from 'node:util';
import { parseJsonBody } from './error-mapping.js';

/**
 * A raw HTTP response as captured in debug mode (`debug: true`): what the server sent, before any
 * decryption. Response headers that could carry credentials are dropped.
 *
 * @example
 * // storage created with debug: true
 * const debug: HttpDebugResponse | undefined = (await storage.read('us', 'k'))[Storage.HTTP_DEBUG_KEY];
 * debug?.statusCode; // 200
 * @category Storage
 */
export interface HttpDebugResponse {
  readonly method: string;
  readonly url: string;
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Parsed JSON, the text when not JSON, or undefined for streamed (attachment) bodies. */
  readonly body: unknown;
  /** Retries made before this response (429, 5xx, connection failures). */
  readonly retries: number;
}

const HIDDEN_HEADERS = new Set(['authorization', 'proxy-authorization', 'set-cookie', 'www-authenticate']);

/**
 * Builds the debug view of a response.
 *
 * @example
 * declare const response: Parameters<typeof captureDebugResponse>[2] & { body: Buffer };
 * const debug = captureDebugResponse('GET', 'https://us-mt-01.api.incountry.io/healthcheck', response, response.body);
 */
export function captureDebugResponse(
  method: string,
  url: string,
  response: { readonly statusCode: number; readonly headers: IncomingHttpHeaders; readonly retries: number },
  body: Buffer | undefined,
): HttpDebugResponse {
  const headers: Record<string, string | string[] | undefined> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (!HIDDEN_HEADERS.has(name.toLowerCase())) headers[name] = value;
  }
  // Parsed on first read: every response gets a debug view, but only a storage created with debug: true
  // hands it out, and parsing a 100-record body a second time cost as much as the first parse.
  let parsed: unknown;
  let pending = body !== undefined;
  const view = {
    method,
    url,
    statusCode: response.statusCode,
    headers: Object.freeze(headers),
    get body(): unknown {
      if (pending && body !== undefined) {
        parsed = body.length === 0 ? '' : (parseJsonBody(body) ?? body.toString('utf8'));
        pending = false;
      }
      return parsed;
    },
    retries: response.retries,
  };
  // util.inspect shows the body, not `[Getter]`.
  Object.defineProperty(view, inspect.custom, {
    value: (_depth: number, options: InspectOptions) => inspect({ ...view }, options),
  });
  return Object.freeze(view);
}
