import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { StorageConfigValidationError } from '../../src/errors.js';
import { createSqliteStore, type LocalPopOptions, startLocalPop } from '../../src/server/index.js';
import { dropSchema } from './store/store-targets.js';
import { fetchToken, startTestPop } from './support/test-pop.js';

describe('startLocalPop', () => {
  it('starts with zero config on 127.0.0.1 and returns ready-to-spread storage options', async () => {
    const pop = await startLocalPop();
    try {
      expect(pop.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(pop.storageOptions).toEqual({
        environmentId: 'local-dev',
        clientId: 'local-client',
        clientSecret: 'local-secret',
        endpoint: pop.url,
        options: {
          countriesEndpoint: `${pop.url}/countries`,
          authEndpoints: { default: `${pop.url}/oauth2/token` },
          httpOptions: { retryBaseDelay: 0.01 },
        },
      });
      const { clientId, clientSecret, environmentId } = pop.storageOptions;
      const token = await fetchToken(pop.url, clientId, clientSecret, environmentId);
      const response = await fetch(`${pop.storageOptions.endpoint}/v2/storage/records/us`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'x-env-id': environmentId,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ record_key: 'zero-config' }),
      });
      expect(response.status).toBe(201);
    } finally {
      await pop.close();
    }
  });

  it('close() is idempotent and stops listening', async () => {
    const pop = await startLocalPop();
    await Promise.all([pop.close(), pop.close()]);
    await expect(fetch(`${pop.url}/countries`)).rejects.toThrow();
  });

  it.each<[string, LocalPopOptions, RegExp]>([
    ['a bad port', { port: 70_000 }, /port/],
    ['empty credentials', { credentials: [] }, /credentials/],
    ['a short admin token', { adminToken: 'short' }, /adminToken/],
    ['an unknown option', { colour: 'blue' } as LocalPopOptions, /colour/],
    [
      'a bad countries list',
      { countries: [{ id: 'USA', name: 'x', direct: true, region: 'AMER' }] },
      /countries/,
    ],
    [
      'db and store together',
      { db: 'sqlite::memory:', store: createSqliteStore({ filename: ':memory:' }) },
      /either db or store/,
    ],
    ['a bad database URL', { db: 'mysql://x' }, /database URL/],
  ])('rejects %s with StorageConfigValidationError', async (_name, options, message) => {
    const error = await startLocalPop(options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageConfigValidationError);
    expect((error as Error).message).toMatch(message);
  });

  it('never puts secrets from the options into its errors', async () => {
    const error = await startLocalPop({
      credentials: [{ environmentId: 'e', clientId: 'c', clientSecret: 'TOP-SECRET-VALUE' }],
      tokenTtlSeconds: -1,
    }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(StorageConfigValidationError);
    expect(`${(error as Error).message} ${(error as Error).stack} ${JSON.stringify(error)}`).not.toContain(
      'TOP-SECRET',
    );
  });

  describe('strict mode', () => {
    it('refuses to start without explicit credentials, or with the well-known dev secret', async () => {
      await expect(startLocalPop({ strict: true })).rejects.toThrow(/explicit credentials/);
      const dev = [{ environmentId: 'e', clientId: 'c', clientSecret: 'local-secret' }];
      await expect(startLocalPop({ strict: true, credentials: dev })).rejects.toThrow(/well-known/);
    });

    it('accepts only the configured credentials', async () => {
      const pop = await startLocalPop({
        strict: true,
        credentials: [{ environmentId: 'prod', clientId: 'svc', clientSecret: 'real-secret' }],
      });
      try {
        await expect(fetchToken(pop.url, 'local-client', 'local-secret', 'local-dev')).rejects.toThrow(/401/);
        await expect(fetchToken(pop.url, 'svc', 'real-secret', 'prod')).resolves.toEqual(expect.any(String));
        expect(pop.storageOptions).toMatchObject({ environmentId: 'prod', clientId: 'svc' });
      } finally {
        await pop.close();
      }
    });
  });

  it('fails with EADDRINUSE when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startLocalPop({ port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      blocker.close();
    }
  });

  it('sweeps expired records on its interval', async () => {
    const store = createSqliteStore({ filename: ':memory:' });
    const sweep = vi.spyOn(store, 'sweepExpired');
    const pop = await startLocalPop({ store, sweepIntervalMs: 5 });
    try {
      await vi.waitFor(() => expect(sweep).toHaveBeenCalled(), { timeout: 2000, interval: 5 });
      expect(sweep.mock.calls[0]![0]).toBeInstanceOf(Date);
    } finally {
      await pop.close();
      await store.close();
    }
  });

  const postgresUrl = process.env.POP_TEST_POSTGRES_URL;
  if (postgresUrl === undefined) console.warn('[skipped] PoP over PostgreSQL: set POP_TEST_POSTGRES_URL');
  it.skipIf(postgresUrl === undefined)('serves records from PostgreSQL', async () => {
    const url = new URL(postgresUrl!);
    url.searchParams.set('schema', `pop_http_${randomBytes(4).toString('hex')}`);
    const t = await startTestPop({ db: url.toString() });
    try {
      expect(
        (
          await t.call('POST', '/v2/storage/records/us', {
            body: { record_key: 'pg', range_key1: 6275438399 },
          })
        ).status,
      ).toBe(201);
      expect((await t.call('GET', '/v2/storage/records/us/pg')).json.range_key1).toBe(6275438399);
      const found = await t.call('POST', '/v2/storage/records/us/find', {
        body: { filter: { record_key: 'pg' } },
      });
      expect(found.json.meta.total).toBe(1);
    } finally {
      await t.close();
      await dropSchema(postgresUrl!, url.searchParams.get('schema')!);
    }
  });

  it('does not close a store it was given', async () => {
    const store = createSqliteStore({ filename: ':memory:' });
    const pop = await startLocalPop({ store });
    await pop.close();
    await expect(store.ping()).resolves.toBe(true);
    await store.close();
  });
});
