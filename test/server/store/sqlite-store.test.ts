/**
 * SQLite specifics: file persistence, durability of acknowledged writes across SIGKILL, schema versioning,
 * and serialisation of concurrent callers on the single connection.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StorageConfigValidationError } from '../../../src/errors.js';
import {
  AttachmentTooLargeError,
  createSqliteStore,
  MIGRATIONS,
  type RecordStore,
  type Scope,
} from '../../../src/server/store/index.js';
import { findRequestSchema, type WireWriteRecord } from '../../../src/wire/index.js';

const SCOPE: Scope = { environmentId: 'env', country: 'us' };
const NOW = new Date('2030-01-01T00:00:00Z');
const here = fileURLToPath(new URL('.', import.meta.url));
/**
 * The concurrency tests are about serialisation, not fsync: on tmpfs the same WAL file code runs without
 * 4000 disk flushes (which take ~5-20 s on a busy CI disk). Durability tests use the real temp dir.
 */
const FAST_DIR = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

async function total(store: RecordStore, filter: Record<string, unknown> = {}): Promise<number> {
  return (await store.find(SCOPE, findRequestSchema.parse({ filter, options: { limit: 1 } }), NOW)).total;
}

describe('sqlite file store', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pop-store-'));
    file = join(dir, 'pop.db');
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('persists across close and reopen, in WAL mode, with the schema version recorded', async () => {
    const first = createSqliteStore({ filename: file });
    await first.init();
    await first.write(SCOPE, { record_key: 'a', key1: 'kept' }, NOW);
    await first.close();
    await first.close();

    const second = createSqliteStore({ filename: file });
    await second.init();
    expect((await second.read(SCOPE, 'a', NOW)).key1).toBe('kept');
    await second.close();

    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.prepare('select version, name from pop_schema_version').all()).toEqual(
        MIGRATIONS.map((m) => ({ version: m.version, name: m.name })),
      );
    } finally {
      raw.close();
    }
  });

  it('keeps an acknowledged write when the process is SIGKILLed right after', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', resolve(here, 'fixtures/write-and-hang.ts'), file],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise<void>((resolvePromise, reject) => {
      child.on('error', reject);
      child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
      child.stdout.on('data', (data: Buffer) => {
        if (data.toString().includes('acknowledged')) resolvePromise();
      });
    });
    child.removeAllListeners('exit');
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGKILL');
    await exited;

    const store = createSqliteStore({ filename: file });
    await store.init();
    expect((await store.read({ environmentId: 'env', country: 'us' }, 'durable', NOW)).key1).toBe('acked');
    await store.close();
  });

  it('serialises 8 concurrent writers x 500 records exactly', async () => {
    const fastDir = mkdtempSync(join(FAST_DIR, 'pop-store-'));
    const store = createSqliteStore({ filename: join(fastDir, 'pop.db') });
    await store.init();
    await Promise.all(
      Array.from({ length: 8 }, async (_, writer) => {
        for (let i = 0; i < 500; i += 1)
          await store.write(SCOPE, { record_key: `w${writer}-${i}`, key1: `w${writer}`, range_key1: i }, NOW);
      }),
    );
    expect(await total(store)).toBe(4000);
    for (let writer = 0; writer < 8; writer += 1)
      expect(await total(store, { key1: `w${writer}` })).toBe(500);
    await store.close();
    rmSync(fastDir, { recursive: true, force: true });
  }, 60_000);

  it('commits concurrent writes together, yet fails only the write with bad input', async () => {
    const store = createSqliteStore({ filename: ':memory:' });
    await store.init();
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        store
          .write(SCOPE, { record_key: `g${i}`, key1: 'group', range_key1: i === 5 ? 2 ** 64 : i }, NOW)
          .then(
            (stored) => stored.range_key1,
            (error: unknown) => (error as Error).name,
          ),
      ),
    );
    expect(outcomes).toEqual([0, 1, 2, 3, 4, 'InputValidationError', 6, 7, 8, 9, 10, 11]);
    expect(await total(store, { key1: 'group' })).toBe(11);
    await store.close();
  });

  it('never lets a concurrent caller slip into another caller’s transaction', async () => {
    const store = createSqliteStore({ filename: file });
    await store.init();
    // Half of the batches fail inside their transaction; single writes run beside them. If a single write
    // were executed inside a failing transaction, its rollback would take the write with it.
    const batches = Array.from({ length: 8 }, (_, b) => {
      const records: WireWriteRecord[] = Array.from({ length: 50 }, (_, i) => ({
        record_key: `b${b}-${i}`,
        key1: `b${b}`,
      }));
      if (b % 2 === 1) records.push({ record_key: null as unknown as string });
      return store.batchWrite(SCOPE, records, NOW).then(
        () => 'ok',
        () => 'failed',
      );
    });
    const singles = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; i < 25; i += 1)
        await store.write(SCOPE, { record_key: `s${w}-${i}`, key1: 'single' }, NOW);
    });
    const outcomes = await Promise.all(batches);
    await Promise.all(singles);
    expect(outcomes).toEqual(['ok', 'failed', 'ok', 'failed', 'ok', 'failed', 'ok', 'failed']);
    expect(await total(store, { key1: 'single' })).toBe(200);
    expect(await total(store)).toBe(200 + 4 * 50);
    for (const b of [1, 3, 5, 7]) expect(await total(store, { key1: `b${b}` })).toBe(0);
    await store.close();
  });

  it('leaves no attachment rows or chunks behind: rejected uploads, deleted records, swept records', async () => {
    const store = createSqliteStore({ filename: file });
    await store.init();
    const big = Buffer.alloc(700 * 1024, 7);
    const upload = (maxBytes: number) => ({
      filename: 'f.bin',
      mimeType: 'application/octet-stream',
      content: Readable.from([big]),
      maxBytes,
    });
    const counts = () => {
      const raw = new Database(file, { readonly: true });
      try {
        return {
          attachments: raw.prepare('select count(*) as n from pop_attachments').pluck().get(),
          chunks: raw.prepare('select count(*) as n from pop_attachment_chunks').pluck().get(),
        };
      } finally {
        raw.close();
      }
    };
    await store.write(SCOPE, { record_key: 'a' }, NOW);
    await expect(store.addAttachment(SCOPE, 'a', upload(500 * 1024), false, NOW)).rejects.toBeInstanceOf(
      AttachmentTooLargeError,
    );
    expect(counts()).toEqual({ attachments: 0, chunks: 0 });
    await store.addAttachment(SCOPE, 'a', upload(1024 * 1024), false, NOW);
    expect(counts()).toEqual({ attachments: 1, chunks: 3 });
    await store.addAttachment(SCOPE, 'a', upload(1024 * 1024), true, NOW);
    expect(counts()).toEqual({ attachments: 1, chunks: 3 });
    await store.delete(SCOPE, 'a', NOW);
    expect(counts()).toEqual({ attachments: 0, chunks: 0 });
    await store.write(SCOPE, { record_key: 'b', expires_at: '2030-01-02T00:00:00Z' }, NOW);
    await store.addAttachment(SCOPE, 'b', upload(1024 * 1024), false, NOW);
    expect(await store.sweepExpired(new Date('2030-01-03T00:00:00Z'))).toBe(1);
    expect(counts()).toEqual({ attachments: 0, chunks: 0 });
    await store.close();
  });

  it('reports an unusable path from init() as a configuration error', async () => {
    const store = createSqliteStore({ filename: join(dir, 'missing-dir', 'pop.db') });
    await expect(store.init()).rejects.toBeInstanceOf(StorageConfigValidationError);
    expect(await store.ping()).toBe(false);
  });

  it('validates its options', () => {
    expect(() => createSqliteStore({ filename: '' })).toThrow(StorageConfigValidationError);
    expect(() => createSqliteStore({ filename: 1 } as never)).toThrow(StorageConfigValidationError);
  });
});
