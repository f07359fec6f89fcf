/**
 * Logging a failed call leaks nothing (STYLE "Errors"): for every failure path over real HTTP (network
 * reset and timeout, token request refused or cut, server 4xx/5xx/401, malformed answers, abort, crypto),
 * no view of the error (message, stack, JSON, util.inspect deep with hidden properties) carries the client
 * secret, the bearer token, an Authorization header or the record values that were sent.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { EncryptionType, StorageError, StorageServerError } from '../../src/index.js';
import { CREDENTIAL_MARKERS, leakViews } from '../support/leak-views.js';
import { storageFor } from './support/storages.js';
import { passwordAccessor, useLocalPop } from './support/test-pop.js';

const CANARY_SECRET = 'canary-client-secret-6c21f0';
const CANARY_KEY = 'Plain-Record-Key-canary-91ab';
const CANARY_BODY = 'Plain-Body-Value-canary-77de';
const credentials = [{ environmentId: 'canary-env', clientId: 'canary-client', clientSecret: CANARY_SECRET }];
const ctx = useLocalPop({ credentials });

const BASIC = Buffer.from(`canary-client:${CANARY_SECRET}`).toString('base64');
const CANARIES = [CANARY_SECRET, CANARY_KEY, CANARY_BODY, BASIC];

function expectNoLeak(error: unknown, extra: readonly string[] = []): void {
  expect(error).toBeInstanceOf(StorageError);
  for (const view of leakViews(error)) {
    for (const canary of [...CANARIES, ...extra]) expect(view).not.toContain(canary);
    for (const marker of CREDENTIAL_MARKERS) expect(view).not.toMatch(marker);
  }
}

const WRITE_MODES = [EncryptionType.SSE, EncryptionType.OFF] as const;
const record = { record_key: CANARY_KEY, body: CANARY_BODY, key1: CANARY_BODY };

async function failure(action: () => Promise<unknown>): Promise<unknown> {
  return action().then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

describe('no secret, token or value in an inspected error', () => {
  it.each(WRITE_MODES)(
    'network reset during a %s write (non-idempotent, not retried forever)',
    async (mode) => {
      ctx.pop.admin.addFault({ route: 'write', reset: true });
      const storage = await storageFor(ctx.pop, mode);
      expectNoLeak(await failure(() => storage.write('us', record)));
    },
  );

  it('timeout on a read', async () => {
    ctx.pop.admin.addFault({ route: 'read', latencyMs: 300 });
    const storage = await storageFor(
      ctx.pop,
      EncryptionType.SSE,
      {},
      { httpOptions: { timeout: 0.05, retryBaseDelay: 0.001, retryMaxDelay: 0.002 } },
    );
    expectNoLeak(await failure(() => storage.read('us', CANARY_KEY)));
  });

  it('a static bearer token: 401 twice, and a reset', async () => {
    const token = ctx.pop.admin.issueToken();
    const storage = await storageFor(ctx.pop, EncryptionType.SSE, {
      oauthToken: token,
      clientId: undefined,
      clientSecret: undefined,
    });
    ctx.pop.admin.addFault({ route: 'write', status: 401 });
    expectNoLeak(await failure(() => storage.write('us', record)), [token]);
    ctx.pop.admin.clearFaults();
    ctx.pop.admin.addFault({ route: 'write', reset: true });
    expectNoLeak(await failure(() => storage.write('us', record)), [token]);
  });

  it('token request cut off, refused, or answered with a malformed body', async () => {
    for (const fault of [{ reset: true }, { status: 401 }, { status: 500 }, { malformed: true }]) {
      ctx.pop.admin.clearFaults();
      ctx.pop.admin.addFault({ route: 'token', ...fault });
      const storage = await storageFor(ctx.pop, EncryptionType.SSE);
      expectNoLeak(await failure(() => storage.write('us', record)));
    }
  });

  it('a wrong client secret', async () => {
    const storage = await storageFor(ctx.pop, EncryptionType.SSE, { clientSecret: `${CANARY_SECRET}-wrong` });
    expectNoLeak(await failure(() => storage.write('us', record)));
  });

  it('server errors and malformed answers', async () => {
    const storage = await storageFor(ctx.pop, EncryptionType.SSE);
    await storage.write('us', record);
    for (const [route, fault] of [
      ['read', { status: 500 }],
      ['find', { status: 503 }],
      ['write', { status: 400 }],
      ['read', { malformed: true }],
      ['find', { malformed: true }],
    ] as const) {
      ctx.pop.admin.clearFaults();
      ctx.pop.admin.addFault({ route, ...fault });
      const call =
        route === 'read'
          ? () => storage.read('us', CANARY_KEY)
          : route === 'find'
            ? () => storage.find('us', { key1: CANARY_BODY })
            : () => storage.write('us', record);
      expectNoLeak(await failure(call));
    }
  });

  it('a refused connection and an abort', async () => {
    const port = await closedPort();
    const refused = await storageFor(ctx.pop, EncryptionType.SSE, { endpoint: `http://127.0.0.1:${port}` });
    expectNoLeak(await failure(() => refused.write('us', record)));
    const storage = await storageFor(ctx.pop, EncryptionType.SSE);
    ctx.pop.admin.addFault({ route: 'read', latencyMs: 300, times: 1 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error(`abort ${CANARY_SECRET}`)), 20);
    expectNoLeak(await failure(() => storage.read('us', CANARY_KEY, { signal: controller.signal })));
  });

  it('crypto: a record written with another secret', async () => {
    const writer = await storageFor(ctx.pop, EncryptionType.LOCAL, {
      secretKeyAccessor: passwordAccessor(CANARY_SECRET),
    });
    await writer.write('us', record);
    const reader = await storageFor(ctx.pop, EncryptionType.LOCAL, {
      secretKeyAccessor: passwordAccessor('other'),
    });
    expectNoLeak(await failure(() => reader.read('us', CANARY_KEY)), [CANARY_SECRET]);
  });

  it('the raw response body stays readable on purpose but out of every inspected view', () => {
    const error = new StorageServerError('read() failed', {
      statusCode: 200,
      responseBody: { body: CANARY_BODY },
    });
    expect(error.readResponseBody()).toEqual({ body: CANARY_BODY });
    expectNoLeak(error);
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
