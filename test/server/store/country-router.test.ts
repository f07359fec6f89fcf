/**
 * Per-country databases (docs/architecture.md#the-local-pop): each country's records land in, and are served from, its own database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StorageConfigValidationError } from '../../../src/errors.js';
import {
  CountryNotRoutedError,
  createCountryRouter,
  createSqliteStore,
  NotFoundError,
  type RecordStore,
} from '../../../src/server/store/index.js';
import { findRequestSchema } from '../../../src/wire/index.js';
import { dropSchema, postgresUrl, testSchemaName } from './store-targets.js';

const NOW = new Date('2030-01-01T00:00:00Z');
const LATER = new Date('2030-01-02T00:00:00Z');
const de = { environmentId: 'env', country: 'de' };
const us = { environmentId: 'env', country: 'us' };

async function keysIn(store: RecordStore, scope: typeof de): Promise<string[]> {
  return (await store.find(scope, findRequestSchema.parse({}), NOW)).records.map((r) => r.record_key);
}

describe('createCountryRouter', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pop-router-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends each country to its own database and everything else to *', async () => {
    const deFile = join(dir, 'de.db');
    const restFile = join(dir, 'rest.db');
    const router = createCountryRouter({ DE: `sqlite:${deFile}`, '*': `sqlite:${restFile}` });
    await router.init();
    await router.write(de, { record_key: 'berlin', expires_at: '2030-01-01T12:00:00Z' }, NOW);
    await router.batchWrite(de, [{ record_key: 'munich' }], NOW);
    await router.write(us, { record_key: 'boston', expires_at: '2030-01-01T12:00:00Z' }, NOW);
    const meta = await router.addAttachment(
      de,
      'munich',
      { filename: 'a', mimeType: 'text/plain', content: Readable.from([Buffer.from('x')]), maxBytes: 10 },
      false,
      NOW,
    );
    expect((await router.getAttachmentMeta(de, 'munich', meta.file_id, NOW)).size).toBe(1);
    expect(await router.ping()).toBe(true);
    await router.close();

    const deOnly = createSqliteStore({ filename: deFile });
    const restOnly = createSqliteStore({ filename: restFile });
    await Promise.all([deOnly.init(), restOnly.init()]);
    expect(await keysIn(deOnly, de)).toEqual(['berlin', 'munich']);
    expect(await keysIn(deOnly, us)).toEqual([]);
    expect(await keysIn(restOnly, us)).toEqual(['boston']);
    expect(await keysIn(restOnly, de)).toEqual([]);
    await Promise.all([deOnly.close(), restOnly.close()]);

    // Fan-out operations reach both databases.
    const again = createCountryRouter({ de: `sqlite:${deFile}`, '*': `sqlite:${restFile}` });
    await again.init();
    expect(await again.sweepExpired(LATER)).toBe(2);
    await again.reset();
    expect(await keysIn(again, de)).toEqual([]);
    await again.close();
  });

  it('answers CountryNotRoutedError (a NotFoundError) for a country without a route', async () => {
    const router = createCountryRouter({ de: 'sqlite::memory:' });
    await router.init();
    const error = await router.read(us, 'x', NOW).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CountryNotRoutedError);
    expect(error).toBeInstanceOf(NotFoundError);
    await router.close();
  });

  it('shares one database between routes with the same URL', async () => {
    const router = createCountryRouter({ de: 'sqlite::memory:', fr: 'sqlite::memory:' });
    await router.init();
    await router.write(de, { record_key: 'a', expires_at: '2030-01-01T12:00:00Z' }, NOW);
    await router.write(
      { ...de, country: 'fr' },
      { record_key: 'a', expires_at: '2030-01-01T12:00:00Z' },
      NOW,
    );
    // Swept once, not twice through two routes.
    expect(await router.sweepExpired(LATER)).toBe(2);
    await router.close();
  });

  it.each([
    [{}],
    [{ deu: 'sqlite::memory:' }],
    [{ de: '' }],
    [{ de: 'mysql://x' }],
    [{ de: 'sqlite::memory:', DE: 'sqlite::memory:' }],
  ])('rejects invalid routes %j', (routes) => {
    expect(() => createCountryRouter(routes)).toThrow(StorageConfigValidationError);
  });

  describe.runIf(postgresUrl)('with PostgreSQL', () => {
    it('routes one country to PostgreSQL and the rest to SQLite', async () => {
      const url = postgresUrl!;
      const schema = testSchemaName();
      const router = createCountryRouter({ de: `${url}?schema=${schema}`, '*': 'sqlite::memory:' });
      try {
        await router.init();
        await router.write(de, { record_key: 'berlin' }, NOW);
        await router.write(us, { record_key: 'boston' }, NOW);
        expect(await keysIn(router, de)).toEqual(['berlin']);
        const { createPostgresStore } = await import('../../../src/server/store/index.js');
        const pgOnly = createPostgresStore({ url, schema });
        expect(await keysIn(pgOnly, de)).toEqual(['berlin']);
        expect(await keysIn(pgOnly, us)).toEqual([]);
        await pgOnly.close();
      } finally {
        await router.close();
        await dropSchema(url, schema);
      }
    });
  });
});
