/**
 * The PoP's fastify application: body parsers, the fault/auth/log hooks, every route, and the error and
 * not-found handlers that keep every failure in the PoP error format (never a 500 for bad input).
 */
import type { Duplex } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import multipart from '@fastify/multipart';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { InputValidationError } from '../errors.js';
import { hasUnsafeNumber, parseJsonExact, stringifyJson } from '../wire/json-codec.js';
import { malformedBody } from './fault-injector.js';
import { registerHostGuard } from './host-guard.js';
import { decodeUtf8Body, refusedCharset, refusedJsonValue } from './json-body.js';
import type { PopContext } from './pop-context.js';
import { errorBody, type PopErrorItem, PopHttpError, statusTitle } from './pop-error.js';
import { maskPath } from './request-log.js';
import { registerRequestOrder } from './request-order.js';
import { pathCountry } from './request-scope.js';
import { registerAdminRoutes } from './routes/admin-routes.js';
import { registerAttachmentRoutes } from './routes/attachment-routes.js';
import { registerInspectorPage } from './routes/inspector-page-routes.js';
import { registerInspectorRoutes } from './routes/inspector-routes.js';
import { OAuthError, registerOAuthRoutes } from './routes/oauth-routes.js';
import { registerRecordRoutes } from './routes/record-routes.js';
import { sameSecret } from './same-secret.js';
import {
  AttachmentTooLargeError,
  CountryNotRoutedError,
  FindTooLargeError,
  NotFoundError,
} from './store/index.js';

const FORM_BODY_LIMIT = 64 * 1024;
const MEDIA_TYPES = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
  multipart: 'multipart/form-data',
} as const;

/** Builds (but does not start) the PoP application over a shared context. */
export async function createPopApp(ctx: PopContext): Promise<FastifyInstance> {
  const app = Fastify({
    // stderr keeps stdout to the CLI's one ready line; paths are masked because SSE keys are plain data.
    logger: ctx.logger
      ? {
          level: 'info',
          stream: process.stderr,
          serializers: {
            req: (req: { method: string; url: string }) => ({ method: req.method, url: maskPath(req.url) }),
          },
        }
      : false,
    bodyLimit: ctx.maxJsonBytes,
    // A body trickled forever would otherwise hold its socket and buffers for good. Node checks the
    // deadline every connectionsCheckingInterval, so that is kept short.
    requestTimeout: ctx.requestTimeoutMs,
    // Node arms the deadline only when it is given to createServer (headersTimeout may not exceed it).
    http: {
      requestTimeout: ctx.requestTimeoutMs,
      headersTimeout: Math.min(60_000, ctx.requestTimeoutMs),
      connectionsCheckingInterval: Math.min(1000, ctx.requestTimeoutMs),
    },
    // SSE record keys are plain text up to 128 characters, percent-encoded in the path.
    routerOptions: { maxParamLength: 2048 },
    // Errors Node's HTTP parser raises before fastify has a request (an oversized URL or header block, a
    // request that took too long to arrive) get the PoP error format too.
    clientErrorHandler: (error, socket) => writeClientError(error, socket),
    frameworkErrors: (_error, _request, reply) => {
      void (reply as FastifyReply)
        .code(400)
        .send(errorBody(400, [{ source: 'path', detail: 'malformed URL' }]));
    },
  });

  app.decorateRequest('popEnvironmentId', '');
  registerParsers(app);
  // Range keys past 2^53 are bigints in memory and bare integers on the wire. The answer is encoded to
  // bytes once here: handed a string, fastify would scan it for its UTF-8 length and Node encode it again
  // on write (a find page is ~285 KB). HACK: fastify's type says string; its send path takes a Buffer.
  app.setReplySerializer((payload) => Buffer.from(stringifyJson(payload)) as unknown as string);
  await app.register(multipart);
  // Before any other hook: pipelined requests on one connection run one at a time, in order.
  registerRequestOrder(app);
  // First of the checks: a request from a foreign host or origin must not reach faults or authentication.
  registerHostGuard(app, ctx);
  registerHooks(app, ctx);
  app.setErrorHandler((error, request, reply) => sendError(ctx, error, request, reply));
  app.setNotFoundHandler((request, reply) => {
    void reply
      .code(404)
      .send(
        errorBody(404, [
          { source: 'path', detail: `no route for ${request.method} ${maskPath(request.url)}` },
        ]),
      );
  });

  registerRecordRoutes(app, ctx);
  registerAttachmentRoutes(app, ctx);
  registerOAuthRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  registerInspectorRoutes(app, ctx);
  registerInspectorPage(app, ctx);
  return app;
}

/** Answers an HTTP parser error on the raw socket, in the PoP error format, and closes it. */
function writeClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'the request line and headers exceed the 16 KiB limit; shorten the URL or the headers']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'the request was not received in time; send the whole request at once']
        : [400, 'malformed HTTP request'];
  const body = JSON.stringify(errorBody(status, [{ source: 'request', detail }]));
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${statusTitle(status)}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy();
}

function registerParsers(app: FastifyInstance): void {
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  // The Node SDK sends Content-Type: application/json on bodiless DELETEs too; an empty body is no body.
  // Read as bytes: a string would already have turned invalid UTF-8 into U+FFFD (see json-body.ts).
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, raw, done) => {
    const bytes = raw as Buffer;
    if (bytes.length === 0) return done(null, undefined);
    const charset = refusedCharset(request.headers['content-type']);
    if (charset) return done(charset, undefined);
    const body = decodeUtf8Body(bytes);
    if (typeof body !== 'string') return done(body, undefined);
    // The default parser keeps its prototype-poisoning checks; range keys are 64-bit, so a body whose
    // numbers a double may have rounded is parsed again, exactly.
    json(request, body, (error, parsed: unknown) => {
      if (error) return done(error, undefined);
      const refused = refusedJsonValue(parsed, body);
      if (refused) return done(refused, undefined);
      done(null, hasUnsafeNumber(parsed) ? parseJsonExact(body) : parsed);
    });
  });
  // URLSearchParams reads `+` and `%20` as a space and keeps a literal space (Java sends it unencoded).
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );
}

function registerHooks(app: FastifyInstance, ctx: PopContext): void {
  // Faults first: they must fire before authentication, as a flaky network or gateway would.
  app.addHook('onRequest', async (request, reply) => {
    const route = request.routeOptions.config.popRoute;
    if (route === undefined) return;
    const decision = ctx.faults.decide(route, request.method, pathCountry(request));
    if (decision.latencyMs > 0 || decision.action !== undefined) request.popFaulted = true;
    if (decision.latencyMs > 0) {
      request.popInjectedLatencyMs = decision.latencyMs;
      await delay(decision.latencyMs);
    }
    const action = decision.action;
    if (action === undefined) return;
    if (action.kind === 'reset') {
      logRequest(ctx, request, 0);
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }
    if (action.kind === 'malformed')
      return reply.code(200).type('application/json; charset=utf-8').send(malformedBody(route));
    if (action.retryAfter !== undefined) void reply.header('retry-after', String(action.retryAfter));
    if (action.location !== undefined) void reply.header('location', action.location);
    if (action.status >= 300 && action.status < 400) return reply.code(action.status).send('');
    const detail = action.detail ?? 'injected by a /_pop/faults rule';
    return reply.code(action.status).send(errorBody(action.status, [{ source: 'fault', detail }]));
  });

  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    if (config.admin === true) authorizeAdmin(ctx, request);
    if (config.auth === true) request.popEnvironmentId = authorize(ctx, request);
  });

  app.addHook('preValidation', async (request) => {
    const expected = request.routeOptions.config.body;
    const type = request.headers['content-type'];
    if (expected === undefined || type === undefined) return;
    const ok = expected === 'multipart' ? request.isMultipart() : mediaType(type) === MEDIA_TYPES[expected];
    if (!ok)
      throw new PopHttpError(415, {
        source: 'header.content-type',
        detail: `this route accepts ${MEDIA_TYPES[expected]}`,
      });
  });

  app.addHook('onResponse', async (request, reply) => {
    const config = request.routeOptions.config;
    if (config.admin === true || config.inspector === true) return;
    logRequest(ctx, request, reply.statusCode, reply.elapsedTime);
  });
}

function logRequest(ctx: PopContext, request: FastifyRequest, status: number, elapsed?: number): void {
  const config = request.routeOptions.config;
  const latencyMs = elapsed ?? 0;
  ctx.requestLog.push({
    method: request.method,
    path: maskPath(request.url),
    route: config.popRoute ?? null,
    status,
    latencyMs: Math.round(latencyMs * 100) / 100,
    injectedLatencyMs: request.popInjectedLatencyMs ?? 0,
    fault: request.popFaulted === true,
    country: pathCountry(request) ?? null,
    time: new Date(Date.now() - latencyMs).toISOString(),
  });
}

function bearerToken(request: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

const unauthorized = (source: string, detail: string) =>
  new PopHttpError(401, { source, detail }, { 'www-authenticate': 'Bearer realm="incountry-pop"' });

/** Verifies the bearer token and `x-env-id`; returns the token's environment. */
function authorize(ctx: PopContext, request: FastifyRequest): string {
  const token = bearerToken(request);
  if (token === undefined)
    throw unauthorized('header.authorization', 'send Authorization: Bearer <token> from /oauth2/token');
  const environmentId = ctx.tokens.verify(token);
  if (environmentId === undefined)
    throw unauthorized('header.authorization', 'the bearer token is unknown or expired; obtain a new one');
  const envHeader = request.headers['x-env-id'];
  if (typeof envHeader !== 'string' || envHeader.length === 0)
    throw unauthorized('header.x-env-id', 'send x-env-id with the environment id');
  if (envHeader !== environmentId)
    throw unauthorized('header.x-env-id', "x-env-id does not match the token's environment");
  return environmentId;
}

function authorizeAdmin(ctx: PopContext, request: FastifyRequest): void {
  const { admin } = ctx;
  if (admin.mode === 'open') return;
  if (admin.mode === 'closed')
    throw unauthorized(
      'header.authorization',
      'admin endpoints are disabled: start the PoP with an admin token',
    );
  if (!sameSecret(admin.token, bearerToken(request)))
    throw unauthorized('header.authorization', 'send Authorization: Bearer <admin token>');
}

function mediaType(contentType: string): string {
  return (contentType.split(';', 1)[0] ?? '').trim().toLowerCase();
}

function sendError(ctx: PopContext, error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof OAuthError) {
    if (error.statusCode === 401) void reply.header('www-authenticate', 'Basic realm="incountry-pop"');
    void reply.code(error.statusCode).send({ error: error.error, error_description: error.message });
    return;
  }
  const { status, items, headers } = classify(ctx, error, request);
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  void reply.code(status).headers(headers).send(errorBody(status, items));
}

function classify(
  ctx: PopContext,
  error: unknown,
  request: FastifyRequest,
): { status: number; items: readonly PopErrorItem[]; headers: Readonly<Record<string, string>> } {
  if (error instanceof PopHttpError)
    return { status: error.statusCode, items: error.items, headers: error.headers };
  if (error instanceof CountryNotRoutedError)
    return {
      status: 404,
      items: [{ source: 'path.country', detail: 'this PoP has no database configured for the country' }],
      headers: {},
    };
  if (error instanceof NotFoundError) return { status: 404, items: [notFoundItem(request)], headers: {} };
  // The store re-checks values it cannot hold (dates, integers); those are the caller's fault, not ours.
  if (error instanceof InputValidationError)
    return {
      status: 400,
      items: error.issues.map((issue) => ({ source: `body.${issue.path.join('.')}`, detail: issue.message })),
      headers: {},
    };
  if (error instanceof FindTooLargeError) {
    const fit = Math.max(1, Math.floor((error.records * error.maxBytes) / error.pageBytes));
    return {
      status: 400,
      items: [
        {
          source: 'body.options.limit',
          detail: `the ${error.records} records of this page hold ${error.pageBytes} bytes of body, more than the ${error.maxBytes} bytes one find answers with; ask for fewer records with options.limit (about ${fit} fit at this size) and page with options.offset`,
        },
      ],
      headers: {},
    };
  }
  if (error instanceof AttachmentTooLargeError)
    return {
      status: 413,
      items: [{ source: 'body.file', detail: `attachments are limited to ${ctx.maxAttachmentBytes} bytes` }],
      headers: {},
    };
  const fastifyError = error as Partial<FastifyError>;
  const item = (source: string, detail: string) => [{ source, detail }];
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, items: item('body', 'the body is not valid JSON'), headers: {} };
    case 'FST_ERR_CTP_BODY_TOO_LARGE': {
      const form = mediaType(request.headers['content-type'] ?? '') === MEDIA_TYPES.form;
      return {
        status: 413,
        items: item(
          'body',
          form
            ? `form bodies are limited to ${FORM_BODY_LIMIT} bytes`
            : `request bodies are limited to ${ctx.maxJsonBytes} bytes`,
        ),
        headers: {},
      };
    }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        items: item('header.content-type', 'unsupported Content-Type; send application/json'),
        headers: {},
      };
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500)
    return { status, items: item('request', fastifyError.message ?? 'bad request'), headers: {} };
  return { status: 500, items: item('server', 'internal error; see the PoP log'), headers: {} };
}

function notFoundItem(request: FastifyRequest): PopErrorItem {
  switch (request.routeOptions.config.popRoute) {
    case 'attachments':
      return { source: 'path', detail: 'no such record or attachment in this environment and country' };
    case 'batchDelete':
      return {
        source: 'body.filter.record_key',
        detail: 'some record keys do not exist; nothing was deleted',
      };
    default:
      return { source: 'path.key', detail: 'no such record in this environment and country' };
  }
}
