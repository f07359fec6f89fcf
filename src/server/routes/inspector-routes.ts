/**
 * The inspector's JSON routes under `/_pop/`: what the PoP is (`info`), which scopes hold data, a scope's
 * records page by page, one stored row, an attachment's bytes, and a scope's export as NDJSON. They are
 * admin routes: the admin token when one is set, the `Host`/`Origin` guard, and no CORS. All of them only
 * read; per-scope reset is `POST /_pop/reset` with a scope (admin-routes.ts), under the JSON-body rule.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { PopContext } from '../pop-context.js';
import { parseInput } from '../pop-error.js';
import type { InspectedRecord } from '../store/store-inspection.js';
import { encodeRfc5987 } from './attachment-routes.js';

/** The inspector's JSON paths. */
export const INSPECTOR_ROUTES = {
  info: '/_pop/info',
  scopes: '/_pop/scopes',
  records: '/_pop/records',
  record: '/_pop/record',
  attachment: '/_pop/attachment',
  export: '/_pop/export',
} as const;

/** Largest records page the inspector asks for. */
export const MAX_INSPECT_LIMIT = 500;
/** Values one search may try (a plain value and its hash, say). */
const MAX_SEARCH_KEYS = 4;

/** `env` and `country` of a scope, as every scoped inspector route takes them. */
export const inspectorScopeSchema = z.object({
  env: z.string().min(1, 'env must be an environment id').max(1024, 'env must be at most 1024 characters'),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'country must be a two-letter code such as us')
    .transform((c) => c.toLowerCase()),
});

const keyValue = z.string().min(1, 'key must not be empty').max(4096, 'key must be at most 4096 characters');

const recordsQuerySchema = inspectorScopeSchema.extend({
  limit: z.coerce
    .number()
    .int('limit must be an integer')
    .min(1, 'limit must be >= 1')
    .max(MAX_INSPECT_LIMIT, `limit must be <= ${MAX_INSPECT_LIMIT}`)
    .default(50),
  offset: z.coerce.number().int('offset must be an integer').min(0, 'offset must be >= 0').default(0),
  key: z
    .union([keyValue, z.array(keyValue).max(MAX_SEARCH_KEYS, `give key at most ${MAX_SEARCH_KEYS} times`)])
    .transform((k) => (typeof k === 'string' ? [k] : k))
    .optional(),
});

const recordQuerySchema = inspectorScopeSchema.extend({
  record_key: z.string().min(1, 'record_key must not be empty'),
});

const attachmentQuerySchema = recordQuerySchema.extend({
  file_id: z.string().min(1, 'file_id must not be empty'),
});

/** Inspector answers hold stored data: never cached, never sniffed into another type. */
async function privateAnswer(_request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  void reply.header('cache-control', 'no-store').header('x-content-type-options', 'nosniff');
  return payload;
}

const scopeOf = (query: { env: string; country: string }) => ({
  environmentId: query.env,
  country: query.country,
});

/** Registers the inspector's JSON routes (always: they are part of the admin API, like the log). */
export function registerInspectorRoutes(app: FastifyInstance, ctx: PopContext): void {
  const options = { config: { admin: true }, onSend: privateAnswer } as const;
  const { store } = ctx;

  app.get(INSPECTOR_ROUTES.info, options, async () => {
    const { about } = ctx;
    return {
      version: about.version,
      adminMode: ctx.admin.mode,
      strict: about.strict,
      inspector: about.inspector,
      databases: about.databases,
      countries: ctx.countries.map((c) => c.id.toLowerCase()),
      limits: {
        maxAttachmentBytes: ctx.maxAttachmentBytes,
        maxJsonBytes: ctx.maxJsonBytes,
        maxFindBytes: ctx.maxFindBytes,
        requestTimeoutMs: ctx.requestTimeoutMs,
        requestLogSize: about.requestLogSize,
      },
      uptimeSeconds: Math.round((Date.now() - about.startedAt) / 1000),
    };
  });

  app.get(INSPECTOR_ROUTES.scopes, options, async () => ({ scopes: await store.scopes(new Date()) }));

  app.get(INSPECTOR_ROUTES.records, options, async (request) => {
    const query = parseInput(recordsQuerySchema, request.query, 'query');
    const page = await store.inspectRecords(
      scopeOf(query),
      { limit: query.limit, offset: query.offset, keys: query.key },
      new Date(),
    );
    return { records: page.records, total: page.total, limit: query.limit, offset: query.offset };
  });

  app.get(INSPECTOR_ROUTES.record, options, async (request) => {
    const query = parseInput(recordQuerySchema, request.query, 'query');
    return { record: await store.inspectRecord(scopeOf(query), query.record_key, new Date()) };
  });

  app.get(INSPECTOR_ROUTES.attachment, options, async (request, reply) => {
    const query = parseInput(attachmentQuerySchema, request.query, 'query');
    const { meta, content } = await store.getAttachmentFile(
      scopeOf(query),
      query.record_key,
      query.file_id,
      new Date(),
    );
    // Bytes of any kind, saved and never rendered: a stored HTML file must not run as the PoP's origin.
    return reply
      .header('content-type', 'application/octet-stream')
      .header('content-length', String(meta.size))
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeRfc5987(meta.filename)}`)
      .send(content);
  });

  app.get(INSPECTOR_ROUTES.export, options, async (request, reply) => {
    const query = parseInput(inspectorScopeSchema, request.query, 'query');
    const rows = store.exportRecords(scopeOf(query), new Date());
    const name = `pop-${query.env}-${query.country}.ndjson`;
    return reply
      .header('content-type', 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeRfc5987(name)}`)
      .send(Readable.from(ndjson(rows)));
  });
}

async function* ndjson(rows: AsyncIterable<InspectedRecord>): AsyncGenerator<string> {
  for await (const row of rows) yield `${JSON.stringify(row)}\n`;
}
