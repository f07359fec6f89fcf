/**
 * How the PoP store's finds grow with the data: N records in one country, and the same N spread over 20
 * countries, on SQLite (file) and PostgreSQL (a scratch schema, when POP_TEST_POSTGRES_URL is set). Store
 * level (no HTTP, no crypto): p50/p95 of an indexed equality find, equality + sort, a range find,
 * `$not` + sort, offset 100,000 and a full page of a large match (which pays for `meta.total`), beside the
 * last page of the same match (ends early: no count, but a long offset), and the bare count of that match
 * over a second connection, the old way and the store's way (what `meta.total` costs). Finds pass the PoP's default size
 * check, as the PoP's route does. Seeding is followed by one sweep, as a running PoP does within a minute
 * (it refreshes the SQLite planner statistics).
 * Seeding takes minutes, so this bench runs only when BENCH_SCALE_RECORDS is set:
 *   BENCH_SCALE_RECORDS=200000 npm run bench -- scale
 * Writes bench/results/scale.json.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { DEFAULT_MAX_FIND_BYTES } from '../src/server/local-pop.js';
import {
  createPostgresStore,
  createSqliteStore,
  type RecordStore,
  type Scope,
} from '../src/server/store/index.js';
import { type FindRequest, findRequestSchema, type WireWriteRecord } from '../src/wire/index.js';
import { ms, printTable, writeResults } from './support/measure.js';
import { withScratchSchema } from './support/scratch-schema.js';

const SAMPLES = 21;
const ENV = 'scale';

interface QueryCase {
  readonly name: string;
  readonly request: (i: number) => FindRequest;
}

function find(filter: unknown, options: Record<string, unknown> = {}): FindRequest {
  return findRequestSchema.parse({ filter, options: { limit: 100, offset: 0, ...options } });
}

/** The query cases; `perCountry` records per country decide the values that match. */
function queryCases(perCountry: number): QueryCase[] {
  const customers = Math.min(1000, perCountry);
  const offset = Math.min(100_000, perCountry - 100);
  return [
    // key2 takes 1,000 values: perCountry / 1,000 matches.
    { name: 'equality (key2)', request: (i) => find({ key2: `customer-${(i * 37) % customers}` }) },
    {
      name: 'equality + sort',
      request: (i) => find({ key2: `customer-${(i * 37) % customers}` }, { sort: [{ range_key1: 'desc' }] }),
    },
    {
      name: 'range (1,000 wide)',
      request: (i) => {
        const from = (i * 7919) % Math.max(1, perCountry - 1000);
        return find({ range_key1: { $gte: from, $lt: from + 1000 } });
      },
    },
    {
      name: '$not + sort',
      request: () => find({ key3: { $not: 'half-0' } }, { sort: [{ range_key2: 'asc' }] }),
    },
    {
      name: `offset ${offset.toLocaleString('en')} (sorted)`,
      request: () => find({ key4: 'all' }, { offset, sort: [{ range_key1: 'asc' }] }),
    },
    { name: 'large match, full page (counts total)', request: () => find({ key4: 'all' }) },
    {
      name: `large match, last page (offset ${(perCountry - 50).toLocaleString('en')}, no count)`,
      request: () => find({ key4: 'all' }, { offset: perCountry - 50 }),
    },
  ];
}

function record(i: number, body: string): WireWriteRecord {
  return {
    record_key: randomBytes(16).toString('hex'),
    key1: randomBytes(16).toString('hex'),
    key2: `customer-${i % 1000}`,
    key3: `half-${i % 2}`,
    key4: 'all',
    range_key1: i,
    range_key2: (i * 2_654_435_761) % 1_000_003,
    body,
    version: 0,
    is_encrypted: true,
  };
}

async function seed(store: RecordStore, countries: readonly string[], perCountry: number): Promise<number> {
  const body = randomBytes(700).toString('base64');
  const started = performance.now();
  for (const country of countries) {
    const scope: Scope = { environmentId: ENV, country };
    for (let i = 0; i < perCountry; i += 100) {
      const batch = Array.from({ length: Math.min(100, perCountry - i) }, (_, j) => record(i + j, body));
      await store.batchWrite(scope, batch, new Date());
    }
  }
  return performance.now() - started;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Row {
  backend: string;
  layout: string;
  query: string;
  p50: number;
  p95: number;
  matched: number;
}

/**
 * The large match (`key4 = 'all'`, live, in scope) counted bare, two ways: testing expiry on every row
 * (what meta.total cost before: the filter's index does not hold expires_at) and as every match minus the
 * expired ones (what the store does now: the filter's index answers alone).
 */
type CountMatches = (country: string, way: CountWay) => Promise<number>;
type CountWay = keyof typeof COUNT_SQL;

type Slot = 'env' | 'country' | 'value' | 'now';
const COUNT_SQL = {
  'count(*) testing expiry on every row (meta.total before)': (p: (slot: Slot) => string) =>
    `select count(*) as n from pop_records where environment_id = ${p('env')} and country = ${p('country')} and key4 = ${p('value')} and (expires_at is null or expires_at > ${p('now')})`,
  'count(*) of all minus expired (meta.total now)': (p: (slot: Slot) => string) => {
    const where = `environment_id = ${p('env')} and country = ${p('country')} and key4 = ${p('value')}`;
    return `select count(*) - (select count(*) from pop_records where ${where} and expires_at <= ${p('now')}) as n from pop_records where ${where}`;
  },
};
const SLOTS: readonly Slot[] = ['env', 'country', 'value', 'now'];

function sqliteCounter(filename: string): { count: CountMatches; close: () => Promise<void> } {
  const db = new Database(filename, { readonly: true });
  const statements = new Map(
    Object.entries(COUNT_SQL).map(([way, text]) => [
      way,
      db.prepare<unknown[], { n: number }>(text((slot) => `@${slot}`)),
    ]),
  );
  return {
    count: async (country, way) =>
      statements.get(way)!.get({ env: ENV, country, value: 'all', now: Date.now() * 1000 })!.n,
    close: async () => void db.close(),
  };
}

async function postgresCounter(
  url: string,
  schema: string,
): Promise<{ count: CountMatches; close: () => Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`set search_path to "${schema}"`);
  // Autovacuum analyses a table this size within a minute of the load; the bench measures right away.
  await client.query('analyze pop_records');
  return {
    count: async (country, way) => {
      const text = COUNT_SQL[way]((slot) => `$${SLOTS.indexOf(slot) + 1}`);
      const { rows } = await client.query(text, [ENV, country, 'all', Date.now() * 1000]);
      return Number(rows[0].n);
    },
    close: () => client.end(),
  };
}

async function measureLayout(
  backend: string,
  open: () => RecordStore,
  layout: string,
  countries: readonly string[],
  perCountry: number,
  counter: () => Promise<{ count: CountMatches; close: () => Promise<void> }>,
): Promise<{ rows: Row[]; seedMs: number; loadAverage: number[] }> {
  const store = open();
  await store.init();
  try {
    const seedMs = await seed(store, countries, perCountry);
    // A running PoP's sweeper does this within a minute; it refreshes SQLite's planner statistics.
    await store.sweepExpired(new Date());
    console.log(
      `${backend} ${layout}: seeded ${countries.length * perCountry} records in ${(seedMs / 1000).toFixed(0)} s`,
    );
    const { count, close } = await counter();
    const loadAverage = loadavg();
    const rows: Row[] = [];
    for (const q of queryCases(perCountry)) {
      const times: number[] = [];
      let matched = 0;
      for (let i = 0; i < SAMPLES + 2; i++) {
        const scope: Scope = { environmentId: ENV, country: countries[i % countries.length]! };
        const started = performance.now();
        const result = await store.find(scope, q.request(i), new Date(), {
          maxBytes: DEFAULT_MAX_FIND_BYTES,
        });
        if (i >= 2) times.push(performance.now() - started); // two warm-up runs
        matched = result.total;
      }
      times.sort((a, b) => a - b);
      rows.push({
        backend,
        layout,
        query: q.name,
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        matched,
      });
    }
    try {
      for (const way of Object.keys(COUNT_SQL) as CountWay[]) {
        const times: number[] = [];
        let matched = 0;
        for (let i = 0; i < SAMPLES + 2; i++) {
          const started = performance.now();
          matched = await count(countries[i % countries.length]!, way);
          if (i >= 2) times.push(performance.now() - started);
        }
        times.sort((a, b) => a - b);
        rows.push({
          backend,
          layout,
          query: way,
          p50: percentile(times, 50),
          p95: percentile(times, 95),
          matched,
        });
      }
    } finally {
      await close();
    }
    return { rows, seedMs, loadAverage };
  } finally {
    await store.close();
  }
}

/** Runs the scale benchmark (bench/run.ts entry point); skipped unless BENCH_SCALE_RECORDS is set. */
export async function run(): Promise<void> {
  const total = Number(process.env.BENCH_SCALE_RECORDS ?? 0);
  if (!Number.isInteger(total) || total < 2000) {
    console.log('scale: skipped (set BENCH_SCALE_RECORDS, e.g. 200000; seeding takes minutes)');
    return;
  }
  const loadBefore = loadavg();
  const layouts = [
    { layout: `1 country x ${total}`, countries: ['us'], perCountry: total },
    {
      layout: `20 countries x ${total / 20}`,
      countries: Array.from({ length: 20 }, (_, i) => `c${String.fromCharCode(97 + i)}`),
      perCountry: Math.floor(total / 20),
    },
  ];
  const rows: Row[] = [];
  const seeding: Record<string, number> = {};
  const loadAtMeasurement: Record<string, number[]> = {};
  const dir = mkdtempSync(join(tmpdir(), 'scale-bench-'));
  try {
    for (const [i, l] of layouts.entries()) {
      const file = join(dir, `scale-${i}.db`);
      const r = await measureLayout(
        'sqlite file',
        () => createSqliteStore({ filename: file }),
        l.layout,
        l.countries,
        l.perCountry,
        async () => sqliteCounter(file),
      );
      rows.push(...r.rows);
      seeding[`sqlite file, ${l.layout}`] = r.seedMs;
      loadAtMeasurement[`sqlite file, ${l.layout}`] = r.loadAverage;
    }
    const pgUrl = process.env.POP_TEST_POSTGRES_URL;
    if (pgUrl) {
      for (const l of layouts)
        await withScratchSchema(pgUrl, 'bench_scale', async (schema) => {
          const r = await measureLayout(
            'postgres',
            () => createPostgresStore({ url: pgUrl, schema }),
            l.layout,
            l.countries,
            l.perCountry,
            () => postgresCounter(pgUrl, schema),
          );
          rows.push(...r.rows);
          seeding[`postgres, ${l.layout}`] = r.seedMs;
          loadAtMeasurement[`postgres, ${l.layout}`] = r.loadAverage;
        });
    } else {
      console.log('postgres: skipped (set POP_TEST_POSTGRES_URL)');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printTable(
    rows.map((r) => ({
      backend: r.backend,
      layout: r.layout,
      query: r.query,
      'p50 ms': ms(r.p50),
      'p95 ms': ms(r.p95),
      'meta.total': r.matched,
    })),
  );
  const loadAfter = loadavg();
  console.log(
    `load average (1/5/15 min): before ${loadBefore.map((l) => l.toFixed(2)).join('/')}, after ${loadAfter.map((l) => l.toFixed(2)).join('/')}`,
  );
  console.log(
    `wrote ${writeResults('scale', { records: total, samples: SAMPLES, loadAverage: { before: loadBefore, atMeasurement: loadAtMeasurement, after: loadAfter }, seedingMs: seeding, rows })}`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
