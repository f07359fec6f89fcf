/**
 * Record routes of docs/protocol.md#routes and the health check of docs/protocol.md#health-check.
 */
import type { FastifyInstance } from 'fastify';
import { API_ROUTES } from '../../wire/api-routes.js';
import {
  batchDeleteBodySchema,
  batchWriteBodySchema,
  findRequestSchema,
  type WireWriteRecord,
  wireWriteRecordSchema,
} from '../../wire/index.js';
import type { PopContext } from '../pop-context.js';
import { parseInput } from '../pop-error.js';
import { presentRecord, renderedFindAnswer, renderedToRecord } from '../record-presenter.js';
import { pathParam, requestBaseUrl, requestScope, wantsSse } from '../request-scope.js';

/** What fastify declares for a JSON answer it serialises; a pre-rendered answer declares the same. */
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** Registers write, batch write, read, find, delete, batch delete and the health check. */
export function registerRecordRoutes(app: FastifyInstance, ctx: PopContext): void {
  const { store, sse } = ctx;

  app.post(
    API_ROUTES.records,
    { config: { popRoute: 'write', auth: true, body: 'json' } },
    async (request, reply) => {
      const scope = requestScope(request);
      const record: WireWriteRecord = parseInput(wireWriteRecordSchema, request.body, 'body');
      const stored = await store.write(
        scope,
        await sse.sealRecord(scope, record, wantsSse(request)),
        new Date(),
      );
      const [opened] = await sse.openRecords(scope, [stored]);
      return reply.code(201).send(presentRecord(requestBaseUrl(request), scope, opened!));
    },
  );

  app.post(
    API_ROUTES.batchWrite,
    { config: { popRoute: 'batchWrite', auth: true, body: 'json' } },
    async (request, reply) => {
      const scope = requestScope(request);
      const { records } = parseInput(batchWriteBodySchema, request.body, 'body');
      const sealed = wantsSse(request);
      const toStore = await Promise.all(records.map((r) => sse.sealRecord(scope, r, sealed)));
      const stored = await sse.openRecords(scope, await store.batchWrite(scope, toStore, new Date()));
      const base = requestBaseUrl(request);
      return reply.code(201).send({ records: stored.map((r) => presentRecord(base, scope, r)) });
    },
  );

  app.post(
    API_ROUTES.find,
    { config: { popRoute: 'find', auth: true, body: 'json' } },
    async (request, reply) => {
      const scope = requestScope(request);
      const query = parseInput(findRequestSchema, request.body, 'body');
      const now = new Date();
      const options = { maxBytes: ctx.maxFindBytes };
      const meta = (count: number, total: number) => ({
        count,
        limit: query.options.limit,
        offset: query.options.offset,
        total,
      });
      // Records the database wrote as JSON pass through as text, unless one needs opening or links.
      const rendered = await store.findRendered?.(scope, query, now, options);
      if (rendered?.records.every((r) => r.attachments.length === 0 && !r.sealed))
        return reply
          .type(JSON_CONTENT_TYPE)
          .send(renderedFindAnswer(rendered.records, meta(rendered.records.length, rendered.total)));
      const found = rendered
        ? { records: rendered.records.map(renderedToRecord), total: rendered.total }
        : await store.find(scope, query, now, options);
      const records = await sse.openRecords(scope, found.records);
      const base = requestBaseUrl(request);
      return {
        data: records.map((r) => presentRecord(base, scope, r)),
        meta: meta(records.length, found.total),
      };
    },
  );

  app.post(
    API_ROUTES.batchDelete,
    { config: { popRoute: 'batchDelete', auth: true, body: 'json' } },
    async (request) => {
      const scope = requestScope(request);
      const { filter } = parseInput(batchDeleteBodySchema, request.body, 'body');
      await store.batchDelete(scope, filter.record_key, new Date());
      return {};
    },
  );

  app.get(API_ROUTES.record, { config: { popRoute: 'read', auth: true } }, async (request) => {
    const scope = requestScope(request);
    const stored = await store.read(scope, pathParam(request, 'key'), new Date());
    const [opened] = await sse.openRecords(scope, [stored]);
    return presentRecord(requestBaseUrl(request), scope, opened!);
  });

  app.delete(API_ROUTES.record, { config: { popRoute: 'delete', auth: true } }, async (request) => {
    const scope = requestScope(request);
    await store.delete(scope, pathParam(request, 'key'), new Date());
    return {};
  });

  app.get(
    API_ROUTES.healthcheck,
    { config: { popRoute: 'healthcheck', auth: true } },
    async (_request, reply) => {
      const healthy = await store.ping().catch(() => false);
      return reply.code(healthy ? 200 : 503).send({ result: healthy });
    },
  );
}
