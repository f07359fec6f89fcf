import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore, createSqliteStore, type RecordStore } from '../../src/server/index.js';
import { dropSchema, postgresUrl, testSchemaName } from './store/store-targets.js';
import { startTestPop, type TestPop } from './support/test-pop.js';

const SSE = { 'x-encrypted-storage': 'true' };
const scope = { environmentId: 'local-dev', country: 'us' };

describe('SSE records are encrypted at rest', () => {
  let store: RecordStore;
  let t: TestPop;

  beforeAll(async () => {
    store = createSqliteStore({ filename: ':memory:' });
    t = await startTestPop({ store });
  });
  afterAll(async () => {
    await t.close();
    await store.close();
  });

  it('stores ciphertext and answers plain text on write, read and find', async () => {
    const written = await t.call('POST', '/v2/storage/records/us', {
      body: { record_key: 'sse-1', key1: 'visible', body: 'SSE-PLAIN-BODY', precommit_body: 'SSE-PLAIN-PRE' },
      headers: SSE,
    });
    expect(written.status).toBe(201);
    expect(written.json).toMatchObject({ body: 'SSE-PLAIN-BODY', precommit_body: 'SSE-PLAIN-PRE' });

    const atRest = await store.read(scope, 'sse-1', new Date());
    expect(atRest.body).toMatch(/^pop-sse:1:/);
    expect(atRest.precommit_body).toMatch(/^pop-sse:1:/);
    expect(JSON.stringify(atRest)).not.toContain('SSE-PLAIN');
    expect(atRest.key1).toBe('visible');

    for (const headers of [SSE, {}]) {
      expect((await t.call('GET', '/v2/storage/records/us/sse-1', { headers })).json.body).toBe(
        'SSE-PLAIN-BODY',
      );
    }
    const found = await t.call('POST', '/v2/storage/records/us/find', {
      body: { filter: { key1: 'visible' } },
      headers: SSE,
    });
    expect(found.json.data[0]).toMatchObject({ body: 'SSE-PLAIN-BODY', precommit_body: 'SSE-PLAIN-PRE' });
  });

  it('encrypts batch writes too', async () => {
    const response = await t.call('POST', '/v2/storage/records/us/batchWrite', {
      body: {
        records: [
          { record_key: 'sse-b1', body: 'one' },
          { record_key: 'sse-b2', body: 'two' },
        ],
      },
      headers: SSE,
    });
    expect(response.json.records.map((r: { body: string }) => r.body)).toEqual(['one', 'two']);
    expect((await store.read(scope, 'sse-b2', new Date())).body).toMatch(/^pop-sse:1:/);
  });

  it('leaves non-SSE records untouched at rest', async () => {
    await t.call('POST', '/v2/storage/records/us', {
      body: { record_key: 'plain', body: '2:clientciphertext' },
    });
    expect((await store.read(scope, 'plain', new Date())).body).toBe('2:clientciphertext');
  });

  it('returns a body that only looks sealed as it was written', async () => {
    const fake = `pop-sse:1:${randomBytes(40).toString('base64')}`;
    await t.call('POST', '/v2/storage/records/us', { body: { record_key: 'fake', body: fake } });
    expect((await t.call('GET', '/v2/storage/records/us/fake')).json.body).toBe(fake);
  });

  it('binds a sealed body to its record: moved into another record it is an error, never the ciphertext', async () => {
    const sealed = (await store.read(scope, 'sse-1', new Date())).body!;
    await store.write(scope, { record_key: 'moved', body: sealed }, new Date());
    const response = await t.call('GET', '/v2/storage/records/us/moved');
    expect(response.status).toBe(500);
    expect(response.json.errors[0].detail).toMatch(/cannot be decrypted with this PoP's SSE key/);
    expect(response.text).not.toContain(sealed.slice(10, 40));
  });
});

describe('SSE key', () => {
  it('reads records back after a restart when the same sseKey is given', async () => {
    const store = createSqliteStore({ filename: ':memory:' });
    const sseKey = randomBytes(32).toString('base64');
    try {
      const first = await startTestPop({ store, sseKey });
      await first.call('POST', '/v2/storage/records/us', {
        body: { record_key: 'k', body: 'kept' },
        headers: SSE,
      });
      await first.close();
      const second = await startTestPop({ store, sseKey });
      expect((await second.call('GET', '/v2/storage/records/us/k')).json.body).toBe('kept');
      await second.close();
    } finally {
      await store.close();
    }
  });

  it.each(persistentTargets())(
    'without sseKey, %s keeps its key with the data: SSE records read back after a restart',
    async (_name, target) => {
      const { open, dispose } = await target();
      try {
        const first = await startTestPop({ store: await open() });
        await first.call('POST', '/v2/storage/records/us', {
          body: { record_key: 'k', body: 'kept', precommit_body: 'pre' },
          headers: SSE,
        });
        await first.close();
        const second = await startTestPop({ store: await open() });
        const read = await second.call('GET', '/v2/storage/records/us/k', { headers: SSE });
        expect(read.json).toMatchObject({ body: 'kept', precommit_body: 'pre' });
        await second.close();
      } finally {
        await dispose();
      }
    },
  );

  it('records sealed under another key answer an error on read and find, never the ciphertext', async () => {
    const store = createSqliteStore({ filename: ':memory:' });
    try {
      const first = await startTestPop({ store, sseKey: randomBytes(32) });
      await first.call('POST', '/v2/storage/records/us', {
        body: { record_key: 'k', body: 'secret-body' },
        headers: SSE,
      });
      await first.close();
      const second = await startTestPop({ store, sseKey: randomBytes(32) });
      for (const response of [
        await second.call('GET', '/v2/storage/records/us/k', { headers: SSE }),
        await second.call('POST', '/v2/storage/records/us/find', { body: { filter: {} }, headers: SSE }),
      ]) {
        expect(response.status).toBe(500);
        expect(response.text).not.toContain('pop-sse:1:');
        expect(response.json.errors[0]).toMatchObject({ source: 'body' });
      }
      await second.close();
    } finally {
      await store.close();
    }
  });

  it('rejects a key that is not 32 bytes', async () => {
    await expect(startTestPop({ sseKey: Buffer.alloc(16).toString('base64') })).rejects.toThrow(/sseKey/);
  });
});

type Persistent = () => Promise<{ open(): Promise<RecordStore>; dispose(): Promise<void> }>;

/** A SQLite file, and PostgreSQL when POP_TEST_POSTGRES_URL is set: each open() is a new connection. */
function persistentTargets(): [string, Persistent][] {
  const opened: RecordStore[] = [];
  const closeAll = async () => {
    for (const s of opened.splice(0)) await s.close();
  };
  const sqlite: Persistent = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pop-sse-key-'));
    return {
      async open() {
        const store = createSqliteStore({ filename: join(dir, 'pop.db') });
        opened.push(store);
        return store;
      },
      async dispose() {
        await closeAll();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  };
  const targets: [string, Persistent][] = [['a SQLite file', sqlite]];
  const url = postgresUrl;
  if (url !== undefined) {
    targets.push([
      'PostgreSQL',
      async () => {
        const schema = testSchemaName();
        return {
          async open() {
            const store = createPostgresStore({ url, schema, maxConnections: 2 });
            opened.push(store);
            return store;
          },
          async dispose() {
            await closeAll();
            await dropSchema(url, schema);
          },
        };
      },
    ]);
  }
  return targets;
}
