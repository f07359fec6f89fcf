/**
 * Store-level throughput of the local PoP database layer: single durable writes and 100-row finds, on
 * SQLite (memory, file) and PostgreSQL (when POP_BENCH_POSTGRES_URL or POP_TEST_POSTGRES_URL is set).
 * Medians of per-operation times from performance.now(). Not run by tests.
 *
 *   npx tsx bench/pop-store.bench.ts
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createPostgresStore,
  createSqliteStore,
  type RecordStore,
  type Scope,
} from '../src/server/store/index.js';
import { findRequestSchema, type WireWriteRecord } from '../src/wire/index.js';
import { withScratchSchema } from './support/scratch-schema.js';

const WRITES = 2000;
/** Concurrent callers for the concurrent-write case (the HTTP benchmark keeps 16 requests in flight). */
const CONCURRENCY = 16;
const FINDS = 300;
const SCOPE: Scope = { environmentId: 'bench', country: 'us' };

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** A record shaped like one our client writes: hashed keys, one plain search key, an encrypted body. */
function benchRecord(i: number, body: string): WireWriteRecord {
  return {
    record_key: randomBytes(32).toString('hex'),
    key1: `k${i % 10}`,
    key2: randomBytes(32).toString('hex'),
    range_key1: i,
    body,
    version: 0,
    is_encrypted: true,
  };
}

async function measure(name: string, store: RecordStore): Promise<void> {
  await store.init();
  const body = randomBytes(700).toString('base64'); // ~1 KB, like an encrypted envelope
  const writeTimes: number[] = [];
  for (let i = 0; i < WRITES; i += 1) {
    const started = performance.now();
    await store.write(SCOPE, benchRecord(i, body), new Date());
    writeTimes.push(performance.now() - started);
  }
  const request = findRequestSchema.parse({
    filter: { key1: ['k1', 'k2', 'k3'], range_key1: { $gte: 0 } },
    options: { limit: 100, offset: 0, sort: [{ range_key1: 'desc' }] },
  });
  const findTimes: number[] = [];
  for (let i = 0; i < FINDS; i += 1) {
    const started = performance.now();
    const { records } = await store.find(SCOPE, request, new Date());
    findTimes.push(performance.now() - started);
    if (records.length !== 100) throw new Error('expected 100 records');
  }
  // Then concurrent single writes, after the finds so that they search the same data as ever. On SQLite,
  // writes queued behind a running transaction share the next commit.
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < WRITES) {
        const i = next++;
        await store.write(SCOPE, benchRecord(i, body), new Date());
      }
    }),
  );
  const concurrentPerSecond = WRITES / ((performance.now() - started) / 1000);
  const w = median(writeTimes);
  const f = median(findTimes);
  console.log(
    `${name.padEnd(16)} write median ${w.toFixed(3)} ms (${Math.round(1000 / w)}/s)   ` +
      `${CONCURRENCY} concurrent writers ${Math.round(concurrentPerSecond)}/s   ` +
      `100-row find median ${f.toFixed(3)} ms (${Math.round(1000 / f)}/s)`,
  );
  await store.close();
}

const dir = mkdtempSync(join(tmpdir(), 'pop-bench-'));
try {
  await measure('sqlite :memory:', createSqliteStore({ filename: ':memory:' }));
  await measure('sqlite file', createSqliteStore({ filename: join(dir, 'pop.db') }));
  const url = process.env.POP_BENCH_POSTGRES_URL ?? process.env.POP_TEST_POSTGRES_URL;
  if (url) {
    await withScratchSchema(url, 'bench', (schema) =>
      measure('postgres', createPostgresStore({ url, schema })),
    );
  } else {
    console.log('postgres         skipped (set POP_BENCH_POSTGRES_URL)');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
