/**
 * Failure handling end to end, with faults injected into the real local PoP (429 with and without
 * Retry-After, 503, a one-shot 401, latency for timeouts, malformed bodies) and a closed port for refused
 * connections. Back-off is tiny (5 ms doubling to 20 ms), so nothing waits for long.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  EncryptionType,
  StorageAuthenticationError,
  StorageCountryNotSupportedError,
  StorageNetworkError,
  StorageServerError,
  StorageServerResponseValidationError,
} from '../../src/index.js';
import { storageFor } from './support/storages.js';
import { storageCalls, useLocalPop } from './support/test-pop.js';

const ctx = useLocalPop();

describe('429', () => {
  it('without Retry-After: retried on the back-off schedule, then StorageServerError(429) once retryMaxDelay is passed', async () => {
    ctx.pop.admin.addFault({ route: 'write', status: 429 });
    const storage = await storageFor(ctx.pop, EncryptionType.LOCAL);
    const error = await storage.write('us', { record_key: 'k' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageServerError);
    expect(error).toMatchObject({ statusCode: 429 });
    expect((error as Error).message).toMatch(
      /^write\(\) failed: the server answered 429 Too Many Requests after 3 retries/,
    );
    // 5 ms, 10 ms, 20 ms; the next (40 ms) would pass retryMaxDelay (20 ms).
    expect(storageCalls(ctx.pop)).toEqual(Array(4).fill('POST write 429'));
  });

  it('with Retry-After: honoured, and the call succeeds once the server lets it', async () => {
    ctx.pop.admin.addFault({ route: 'write', status: 429, retryAfter: 0, times: 2 });
    const storage = await storageFor(ctx.pop, EncryptionType.LOCAL);
    expect((await storage.write('us', { record_key: 'k' })).record.record_key).toBe('k');
    expect(storageCalls(ctx.pop)).toEqual(['POST write 429', 'POST write 429', 'POST write 201']);
  });

  it('with a Retry-After beyond retryMaxDelay: gives up at once', async () => {
    ctx.pop.admin.addFault({ route: 'find', status: 429, retryAfter: 5 });
    const storage = await storageFor(ctx.pop, EncryptionType.LOCAL);
    await expect(storage.find('us')).rejects.toMatchObject({ statusCode: 429 });
    expect(storageCalls(ctx.pop)).toEqual(['POST find 429']);
  });
});

describe('5xx', () => {
  it('a 503 on find is retried', async () => {
    await (await storageFor(ctx.pop, EncryptionType.LOCAL)).write('us', { record_key: 'k' });
    ctx.pop.admin.clearRequests();
    ctx.pop.admin.addFault({ route: 'find', status: 503, times: 2 });
    const storage = await storageFor(ctx.pop, EncryptionType.LOCAL);
    expect((await storage.find('us')).data.map((r) => r.record_key)).toEqual(['k']);
    expect(storageCalls(ctx.pop)).toEqual(['POST find 503', 'POST find 503', 'POST find 200']);
  });

  it('a persistent 500 ends in StorageServerError(500) after two retries', async () => {
    ctx.pop.admin.addFault({ route: 'read', status: 500 });
    const storage = await storageFor(ctx.pop, EncryptionType.LOCAL);
    await expect(storage.read('us', 'k')).rejects.toMatchObject({
      statusCode: 500,
      name: 'StorageServerError',
    });
    expect(storageCalls(ctx.pop)).toHaveLength(3);
  });
});

describe('401', () => {
  it('a one-shot 401 refreshes the token once and retries', async () => {
    const storage = await storageFor(ctx.pop, EncryptionType.LOCAL);
    await storage.healthCheck('us');
    ctx.pop.admin.clearRequests();
    ctx.pop.admin.addFault({ route: 'read', unauthorizedOnce: true });
    await expect(storage.read('us', 'missing')).rejects.toMatchObject({ statusCode: 404 });
    expect(ctx.pop.admin.requests().map((r) => `${r.route} ${r.status}`)).toEqual([
      'read 401',
      'token 200',
      'read 404',
    ]);
  });

  it('a second 401 is StorageAuthenticationError', async () => {
    ctx.pop.admin.addFault({ route: 'read', status: 401 });
    const storage = await storageFor(ctx.pop, EncryptionType.LOCAL);
    await expect(storage.read('us', 'k')).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof StorageAuthenticationError &&
        /^read\(\) failed: the server answered 401 Unauthorized after a token refresh/.test(
          (e as Error).message,
        ),
    );
    expect(ctx.pop.admin.requests().map((r) => `${r.route} ${r.status}`)).toEqual([
      'token 200',
      'read 401',
      'token 200',
      'read 401',
    ]);
  });

  it('a static oauthToken is retried once as-is, then StorageAuthenticationError', async () => {
    const storage = await storageFor(ctx.pop, EncryptionType.OFF, {
      oauthToken: 'not-a-valid-token-for-this-pop',
      clientId: undefined,
      clientSecret: undefined,
    });
    await expect(storage.read('us', 'k')).rejects.toBeInstanceOf(StorageAuthenticationError);
    expect(storageCalls(ctx.pop)).toEqual(['GET read 401', 'GET read 401']);
  });

  it('a static oauthToken issued by the PoP works', async () => {
    const storage = await storageFor(ctx.pop, EncryptionType.OFF, {
      oauthToken: ctx.pop.admin.issueToken(),
      clientId: undefined,
      clientSecret: undefined,
    });
    expect((await storage.write('us', { record_key: 'k' })).record.record_key).toBe('k');
  });
});

describe('network', () => {
  it('a slow server is a StorageNetworkError naming the timeout', async () => {
    ctx.pop.admin.addFault({ route: 'read', latencyMs: 400 });
    const storage = await storageFor(
      ctx.pop,
      EncryptionType.LOCAL,
      {},
      { httpOptions: { timeout: 0.05, retryBaseDelay: 0.001, retryMaxDelay: 0.002 } },
    );
    await expect(storage.read('us', 'k')).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof StorageNetworkError &&
        /^read\(\) failed: no response within 0\.05 s/.test((e as Error).message),
    );
  });

  it('a refused connection is a StorageNetworkError', async () => {
    const port = await closedPort();
    const storage = await storageFor(ctx.pop, EncryptionType.LOCAL, { endpoint: `http://127.0.0.1:${port}` });
    await expect(storage.read('us', 'k')).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof StorageNetworkError && /connection refused: ECONNREFUSED/.test((e as Error).message),
    );
  });

  it('a reset connection on a write is retried (writes are upserts)', async () => {
    ctx.pop.admin.addFault({ route: 'write', reset: true, times: 1 });
    const storage = await storageFor(ctx.pop, EncryptionType.LOCAL);
    expect((await storage.write('us', { record_key: 'k' })).record.record_key).toBe('k');
  });

  it('requestOptions.signal aborts a slow call; a late abort after a finished call is harmless', async () => {
    const storage = await storageFor(ctx.pop, EncryptionType.LOCAL);
    await storage.healthCheck('us');
    ctx.pop.admin.addFault({ route: 'read', latencyMs: 300, times: 1 });
    const controller = new AbortController();
    const pending = storage.read('us', 'k', { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof StorageNetworkError && /aborted by requestOptions\.signal/.test((e as Error).message),
    );
    const late = new AbortController();
    await storage.write('us', { record_key: 'k' }, { signal: late.signal });
    late.abort();
    await new Promise((resolve) => setTimeout(resolve, 10));
  });
});

describe('malformed responses', () => {
  it.each([
    ['find', (s: Awaited<ReturnType<typeof storageFor>>) => s.find('us')],
    ['read', (s: Awaited<ReturnType<typeof storageFor>>) => s.read('us', 'k')],
    ['write', (s: Awaited<ReturnType<typeof storageFor>>) => s.write('us', { record_key: 'k' })],
  ] as const)('%s: StorageServerResponseValidationError', async (route, call) => {
    ctx.pop.admin.addFault({ route, malformed: true });
    const storage = await storageFor(ctx.pop, EncryptionType.LOCAL);
    await expect(call(storage)).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof StorageServerResponseValidationError &&
        (e as Error).message.startsWith(
          `${route}() failed: the server's response does not have the documented shape`,
        ),
    );
  });
});

describe('countries', () => {
  it('without a custom endpoint, an unknown country is StorageCountryNotSupportedError', async () => {
    const storage = await storageFor(ctx.pop, EncryptionType.LOCAL, { endpoint: undefined });
    await expect(storage.read('zz', 'k')).rejects.toBeInstanceOf(StorageCountryNotSupportedError);
    expect(ctx.pop.admin.requests().map((r) => r.route)).toEqual(['countries']);
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
