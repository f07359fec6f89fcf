/**
 * Hooks for `@opentelemetry/instrumentation-http`: its client spans record the request URL, which for
 * this SDK holds the record key's hash (or, in SSE mode, the key itself). These replace the path with its
 * route template before the span starts, so samplers and exporters never see it.
 */
import type { Attributes } from '@opentelemetry/api';

/** Our routes, most specific first: the country stays, keys and file ids become placeholders. */
const ROUTES: readonly [RegExp, (country: string) => string][] = [
  [
    /^\/v2\/storage\/records\/([a-z]{2})\/[^/?#]+\/attachments\/[^/?#]+\/meta$/i,
    (c) => `/v2/storage/records/${c}/{key}/attachments/{file_id}/meta`,
  ],
  [
    /^\/v2\/storage\/records\/([a-z]{2})\/[^/?#]+\/attachments\/[^/?#]+$/i,
    (c) => `/v2/storage/records/${c}/{key}/attachments/{file_id}`,
  ],
  [
    /^\/v2\/storage\/records\/([a-z]{2})\/[^/?#]+\/attachments$/i,
    (c) => `/v2/storage/records/${c}/{key}/attachments`,
  ],
  [
    /^\/v2\/storage\/records\/([a-z]{2})\/(find|batchWrite|batchDelete|batchwrite|batchdelete)$/i,
    (c) => `/v2/storage/records/${c}/$2`,
  ],
  [/^\/v2\/storage\/records\/([a-z]{2})\/[^/?#]+$/i, (c) => `/v2/storage/records/${c}/{key}`],
];

/**
 * The route template of an SDK path (query string dropped), or undefined for any other path.
 *
 * @example
 * templatePath('/v2/storage/records/us/5e1d…'); // '/v2/storage/records/us/{key}'
 * @category Telemetry
 */
export function templatePath(path: string): string | undefined {
  const bare = path.split(/[?#]/, 1)[0] ?? '';
  for (const [pattern, template] of ROUTES) {
    const match = pattern.exec(bare);
    if (match) return template(match[1] ?? '').replace('$2', match[2] ?? '');
  }
  return undefined;
}

/**
 * The parts of node:http's RequestOptions the hooks read.
 * @hidden
 */
export interface OutgoingRequest {
  readonly path?: string | null | undefined;
  readonly protocol?: string | null | undefined;
  readonly host?: string | null | undefined;
  readonly hostname?: string | null | undefined;
  readonly port?: number | string | null | undefined;
}

function templatedAttributes(request: OutgoingRequest): Attributes | undefined {
  const path = typeof request.path === 'string' ? templatePath(request.path) : undefined;
  if (path === undefined) return undefined;
  const host = request.hostname ?? request.host ?? 'localhost';
  const protocol = request.protocol ?? 'http:';
  const port =
    request.port !== undefined && request.port !== null && request.port !== '' ? `:${request.port}` : '';
  return { 'url.full': `${protocol}//${host}${port}${path}`, 'url.path': path };
}

/**
 * The part of `HttpInstrumentationConfig` the hooks fill.
 * @category Telemetry
 */
export interface IncountryHttpSpanHooks {
  /**
   * Replaces `url.full` (and sets `url.path`) of the SDK's requests when the span starts: the
   * instrumentation merges these over its own, so samplers and exporters never see the real path.
   */
  readonly startOutgoingSpanHook: (request: OutgoingRequest) => Attributes;
}

/**
 * Hooks for `new HttpInstrumentation({ ...incountryHttpSpanHooks() })`: `url.full` and `url.path` of the
 * SDK's requests become route templates (`/v2/storage/records/us/{key}`); other requests are left as
 * they are. Merge them with hooks of your own if you have any.
 *
 * @example
 * import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
 * const http = new HttpInstrumentation({ ...incountryHttpSpanHooks() });
 * @category Telemetry
 */
export function incountryHttpSpanHooks(): IncountryHttpSpanHooks {
  return { startOutgoingSpanHook: (request) => templatedAttributes(request) ?? {} };
}
