/**
 * Admin endpoints under `/_pop/`: health, data reset (all, or one scope), the request log (whole, or
 * polled `?after=<seq>`) and fault injection. Open in
 * development; guarded by an admin token (or closed) in strict mode — see the auth hook.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { faultRuleSchema } from '../fault-injector.js';
import type { PopContext } from '../pop-context.js';
import { parseInput } from '../pop-error.js';
import { inspectorScopeSchema } from './inspector-routes.js';

const requestsQuerySchema = z.object({
  limit: z.coerce.number().int('limit must be an integer').min(1, 'limit must be >= 1').optional(),
  after: z.coerce.number().int('after must be an integer seq').min(0, 'after must be >= 0').optional(),
});

/** `{}` resets everything; `{ env, country }` one scope. Other members are ignored, as before scopes. */
const resetBodySchema = z
  .object({
    env: inspectorScopeSchema.shape.env.optional(),
    country: inspectorScopeSchema.shape.country.optional(),
  })
  .refine(
    (body) => (body.env === undefined) === (body.country === undefined),
    'give both env and country to reset one scope, or neither to reset everything',
  );

/** The admin endpoints' paths (request-log masking keeps their words). */
export const ADMIN_ROUTES = {
  health: '/_pop/health',
  reset: '/_pop/reset',
  requests: '/_pop/requests',
  faults: '/_pop/faults',
} as const;

/** Registers the `/_pop/` endpoints. */
export function registerAdminRoutes(app: FastifyInstance, ctx: PopContext): void {
  const config = { admin: true } as const;
  const startedAt = Date.now();

  app.get(ADMIN_ROUTES.health, { config }, async (_request, reply) => {
    const store = await ctx.store.ping().catch(() => false);
    return reply.code(store ? 200 : 503).send({
      status: store ? 'ok' : 'store unavailable',
      store,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    });
  });

  app.post(ADMIN_ROUTES.reset, { config: { ...config, body: 'json' } }, async (request) => {
    const { env, country } = parseInput(resetBodySchema, request.body, 'body');
    if (env === undefined || country === undefined) {
      await ctx.store.reset();
      return {};
    }
    return { deleted: await ctx.store.resetScope({ environmentId: env, country }) };
  });

  app.get(ADMIN_ROUTES.requests, { config }, async (request) => {
    const { limit, after } = parseInput(requestsQuerySchema, request.query, 'query');
    return {
      requests: after === undefined ? ctx.requestLog.list(limit) : ctx.requestLog.after(after, limit),
    };
  });

  app.delete(ADMIN_ROUTES.requests, { config }, async () => {
    ctx.requestLog.clear();
    return {};
  });

  app.post(ADMIN_ROUTES.faults, { config: { ...config, body: 'json' } }, async (request, reply) => {
    const rule = parseInput(faultRuleSchema, request.body, 'body');
    return reply.code(201).send({ fault: ctx.faults.add(rule) });
  });

  app.get(ADMIN_ROUTES.faults, { config }, async () => ({ faults: ctx.faults.list() }));

  app.delete(ADMIN_ROUTES.faults, { config }, async () => {
    ctx.faults.clear();
    return {};
  });
}
