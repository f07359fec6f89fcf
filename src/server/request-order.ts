/**
 * Pipelined requests (several sent on one connection before the first answer) run one after another.
 * Node parses them all at once and fastify starts each handler as soon as it is parsed, so a write, a
 * read and a delete sent together ran concurrently: the read and the delete ran before the write had
 * committed (201, 404, 404 and the record survived). RFC 9112 §9.3.2 asks for answers in order, which
 * Node guarantees, and for non-safe requests to take effect in order, which this hook does: a request
 * starts only once the previous request on its connection has been answered.
 */
import type { FastifyInstance } from 'fastify';

/**
 * Registers the hook. Call it before every other `onRequest` hook, so faults, authentication and the
 * request log also see requests in order.
 *
 * @example
 * declare const app: import('fastify').FastifyInstance;
 * registerRequestOrder(app);
 */
export function registerRequestOrder(app: FastifyInstance): void {
  // The promise that settles when the last request started on a connection has been answered.
  const lastAnswered = new WeakMap<object, Promise<void>>();
  app.addHook('onRequest', async (request, reply) => {
    const connection = request.raw.socket;
    const previous = lastAnswered.get(connection);
    const answered = new Promise<void>((resolve) => {
      // 'close' also comes when the client goes away before the answer is written.
      reply.raw.once('finish', resolve);
      reply.raw.once('close', resolve);
    });
    lastAnswered.set(connection, answered);
    if (previous !== undefined) await previous;
  });
}
