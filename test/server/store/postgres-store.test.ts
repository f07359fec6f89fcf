/**
 * PostgreSQL specifics: option validation, and concurrent callers on the pool (row locks, ON CONFLICT).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageConfigValidationError } from '../../../src/errors.js';
import { createPostgresStore, type RecordStore, type Scope } from '../../../src/server/store/index.js';
import { findRequestSchema, type WireWriteRecord } from '../../../src/wire/index.js';
import { dropSchema, postgresUrl, testSchemaName } from './store-targets.js';

const SCOPE: Scope = { environmentId: 'env', country: 'us' };
const NOW = new Date('2030-01-01T00:00:00Z');

describe('createPostgresStore options', () => {
  it.each([
    [{ url: 'mysql://localhost/db' }],
    [{ url: 'postgres://user:canary-pw@host/db', schema: 'Upper' }],
    [{ url: 'postgres://user:canary-pw@host/db', schema: 'x; drop table y' }],
    [{ url: 'postgres://host/db', maxConnections: 0 }],
  ])('rejects %j without echoing secrets', (options) => {
    let error: unknown;
    try {
      createPostgresStore(options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StorageConfigValidationError);
    expect(JSON.stringify(error)).not.toContain('canary-pw');
    expect((error as Error).message).not.toContain('canary-pw');
  });
});

describe.runIf(postgresUrl)('postgres store under concurrency', () => {
  const schema = testSchemaName();
  let store: RecordStore;
  beforeAll(async () => {
    store = createPostgresStore({ url: postgresUrl!, schema, maxConnections: 8 });
    await Promise.all([store.init(), store.init()]);
  });
  afterAll(async () => {
    await store.close();
    await dropSchema(postgresUrl!, schema);
  });

  async function total(filter: Record<string, unknown> = {}): Promise<number> {
    return (await store.find(SCOPE, findRequestSchema.parse({ filter, options: { limit: 1 } }), NOW)).total;
  }

  it('keeps totals exact with 8 parallel writers and batches that share keys in opposite orders', async () => {
    const shared: WireWriteRecord[] = Array.from({ length: 50 }, (_, i) => ({
      record_key: `shared-${i}`,
      key1: 'shared',
    }));
    const writers = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; i < 100; i += 1)
        await store.write(SCOPE, { record_key: `w${w}-${i}`, key1: 'single' }, NOW);
    });
    const batches = Array.from({ length: 8 }, (_, b) =>
      store.batchWrite(SCOPE, b % 2 === 0 ? shared : [...shared].reverse(), NOW),
    );
    await Promise.all([...writers, ...batches]);
    expect(await total({ key1: 'single' })).toBe(800);
    expect(await total({ key1: 'shared' })).toBe(50);
    const first = await store.read(SCOPE, 'shared-0', NOW);
    expect(first.created_at).toBe('2030-01-01T00:00:00.000000+00:00');
  });
});
