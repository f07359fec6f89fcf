import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/server/index.js';
import { fetchToken, startTestPop, type TestPop } from './support/test-pop.js';

describe('environments never see each other', () => {
  let t: TestPop;
  let tokenB: string;

  beforeAll(async () => {
    t = await startTestPop({
      credentials: [
        { environmentId: 'env-a', clientId: 'client-a', clientSecret: 'secret-a' },
        { environmentId: 'env-b', clientId: 'client-b', clientSecret: 'secret-b' },
      ],
    });
    tokenB = await fetchToken(t.url, 'client-b', 'secret-b', 'env-b');
  });
  afterAll(() => t.close());

  const asB = { token: () => tokenB, env: 'env-b' };

  it('keeps the same record key apart per environment', async () => {
    await t.call('POST', '/v2/storage/records/us', { body: { record_key: 'shared', body: 'from a' } });
    await t.call('POST', '/v2/storage/records/us', {
      body: { record_key: 'shared', body: 'from b' },
      token: asB.token(),
      env: asB.env,
    });
    expect((await t.call('GET', '/v2/storage/records/us/shared')).json.body).toBe('from a');
    expect(
      (await t.call('GET', '/v2/storage/records/us/shared', { token: asB.token(), env: asB.env })).json.body,
    ).toBe('from b');
  });

  it('finds, deletes and batch-deletes only within the environment', async () => {
    await t.call('POST', '/v2/storage/records/us', { body: { record_key: 'only-a', key1: 'mark' } });
    const found = await t.call('POST', '/v2/storage/records/us/find', {
      body: { filter: { key1: 'mark' } },
      token: asB.token(),
      env: asB.env,
    });
    expect(found.json.meta.total).toBe(0);
    expect(
      (await t.call('DELETE', '/v2/storage/records/us/only-a', { token: asB.token(), env: asB.env })).status,
    ).toBe(404);
    const batch = await t.call('POST', '/v2/storage/records/us/batchDelete', {
      body: { filter: { record_key: ['only-a'] } },
      token: asB.token(),
      env: asB.env,
    });
    expect(batch.status).toBe(404);
    expect((await t.call('GET', '/v2/storage/records/us/only-a')).status).toBe(200);
  });

  it('keeps countries apart within one environment', async () => {
    await t.call('POST', '/v2/storage/records/us', { body: { record_key: 'us-only', key2: 'x' } });
    expect((await t.call('GET', '/v2/storage/records/de/us-only')).status).toBe(404);
    const found = await t.call('POST', '/v2/storage/records/de/find', { body: { filter: { key2: 'x' } } });
    expect(found.json.meta.total).toBe(0);
  });
});

describe('per-country databases', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pop-route-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("stores a routed country's records in its own database", async () => {
    const deFile = join(dir, 'de.db');
    const t = await startTestPop({ db: { de: `sqlite:${deFile}`, '*': 'sqlite::memory:' } });
    try {
      expect((await t.call('POST', '/v2/storage/records/de', { body: { record_key: 'in-de' } })).status).toBe(
        201,
      );
      expect((await t.call('POST', '/v2/storage/records/us', { body: { record_key: 'in-us' } })).status).toBe(
        201,
      );
    } finally {
      await t.close();
    }
    const de = createSqliteStore({ filename: deFile });
    await de.init();
    try {
      const now = new Date();
      const environmentId = 'local-dev';
      expect((await de.read({ environmentId, country: 'de' }, 'in-de', now)).record_key).toBe('in-de');
      await expect(de.read({ environmentId, country: 'us' }, 'in-us', now)).rejects.toThrow();
    } finally {
      await de.close();
    }
  });

  it('answers 404 for a country without a route when there is no "*"', async () => {
    const t = await startTestPop({ db: { de: 'sqlite::memory:' } });
    try {
      const response = await t.call('POST', '/v2/storage/records/us', { body: { record_key: 'k' } });
      expect(response.status).toBe(404);
      expect(response.json.errors[0].source).toBe('path.country');
    } finally {
      await t.close();
    }
  });
});
