/**
 * End-to-end throughput of the local PoP over HTTP: single-record writes/s and 100-record finds/s, with
 * keep-alive and 16 requests in flight, on SQLite (memory, file) and PostgreSQL (when
 * POP_TEST_POSTGRES_URL is set). The PoP runs as `incountry pop` in its own process, as people run it, so
 * client and server do not share one event loop. Prints medians over rounds and writes
 * bench/results/pop.json. Not run by tests.
 *
 *   npm run bench -- pop.bench      or      npx tsx bench/pop.bench.ts
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printTable, writeResults } from './support/measure.js';
import { withScratchSchema } from './support/scratch-schema.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const IN_FLIGHT = 16;
const ROUNDS = 5;
const WRITES_PER_ROUND = 1000;
const FINDS_PER_ROUND = 200;
const SEED_RECORDS = 1000;
/**
 * Untimed requests before each measured phase. Both processes start cold; with 300 warm-up writes the
 * write rounds still climbed 1869 → 5442/s across the five rounds (JIT of the HTTP stacks on both sides),
 * so the median measured warm-up, not throughput.
 */
const WARMUP_WRITES = 3000;
const WARMUP_FINDS = 100;
const WARMUP_HEALTHCHECKS = 1000;
const LATENCY_SAMPLES = 100;

interface RunningPop {
  readonly child: ChildProcess;
  readonly url: URL;
  readonly headers: Record<string, string>;
}

interface CaseResult {
  readonly backend: string;
  readonly writesPerSecond: number;
  readonly findsPerSecond: number;
  readonly findLatencyMs: number;
  readonly healthchecksPerSecond: number;
  readonly writeRounds: number[];
  readonly findRounds: number[];
}

const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });

function call(
  pop: RunningPop,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolveCall, reject) => {
    const req = request(
      {
        agent,
        host: pop.url.hostname,
        port: pop.url.port,
        method,
        path,
        headers: payload === undefined ? pop.headers : { ...pop.headers, 'content-type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolveCall({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function startPop(db: string): Promise<RunningPop> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'pop', '--port', '0', '--db', db],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolveLine, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const end = buffered.indexOf('\n');
      if (end >= 0) resolveLine(buffered.slice(0, end));
    });
    child.once('exit', (code) => reject(new Error(`incountry pop exited with ${code}`)));
  });
  const match = /listening on (\S+) env=(\S+) client_id=(\S+) client_secret=(\S+)/.exec(line);
  if (!match) throw new Error(`unexpected ready line: ${line}`);
  const [, url, env, clientId, clientSecret] = match as unknown as [string, string, string, string, string];
  const response = await fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: `grant_type=client_credentials&scope=${env}`,
  });
  const { access_token } = (await response.json()) as { access_token: string };
  return { child, url: new URL(url), headers: { authorization: `Bearer ${access_token}`, 'x-env-id': env } };
}

async function stopPop(pop: RunningPop): Promise<void> {
  const exited = new Promise((resolveExit) => pop.child.once('exit', resolveExit));
  pop.child.kill('SIGTERM');
  await exited;
}

/** Runs `total` operations with IN_FLIGHT concurrent callers; returns operations per second. */
async function throughput(total: number, operation: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < total) await operation(next++);
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function record(i: number, body: string) {
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

async function benchBackend(backend: string, db: string): Promise<CaseResult> {
  const pop = await startPop(db);
  try {
    const body = randomBytes(700).toString('base64'); // ~1 KB, like an encrypted envelope
    const expect = (status: number, wanted: number) => {
      if (status !== wanted) throw new Error(`${backend}: expected ${wanted}, got ${status}`);
    };

    // Warm-up (JIT, statement caches, connections), then seed a known set for the finds.
    await throughput(WARMUP_WRITES, async (i) =>
      expect((await call(pop, 'POST', '/v2/storage/records/us', record(i, body))).status, 201),
    );
    for (let i = 0; i < SEED_RECORDS; i += 100) {
      const records = Array.from({ length: 100 }, (_, j) => ({ ...record(i + j, body), key3: 'find-me' }));
      expect((await call(pop, 'POST', '/v2/storage/records/de/batchWrite', { records })).status, 201);
    }

    const writeRounds: number[] = [];
    for (let round = 0; round < ROUNDS; round++)
      writeRounds.push(
        await throughput(WRITES_PER_ROUND, async (i) =>
          expect((await call(pop, 'POST', '/v2/storage/records/us', record(i, body))).status, 201),
        ),
      );

    const find = {
      filter: { key3: 'find-me' },
      options: { limit: 100, offset: 0, sort: [{ range_key1: 'desc' }] },
    };
    const findOnce = async () => {
      const response = await call(pop, 'POST', '/v2/storage/records/de/find', find);
      expect(response.status, 200);
      if ((JSON.parse(response.text) as { meta: { count: number } }).meta.count !== 100)
        throw new Error(`${backend}: expected 100 records per find`);
    };
    await throughput(WARMUP_FINDS, findOnce);
    const findRounds: number[] = [];
    for (let round = 0; round < ROUNDS; round++) findRounds.push(await throughput(FINDS_PER_ROUND, findOnce));

    // The HTTP layer's ceiling on this machine: auth, hooks and a store ping, no record work.
    await throughput(WARMUP_HEALTHCHECKS, async () =>
      expect((await call(pop, 'GET', '/healthcheck')).status, 200),
    );
    const healthRounds: number[] = [];
    for (let round = 0; round < ROUNDS; round++)
      healthRounds.push(
        await throughput(WRITES_PER_ROUND, async () =>
          expect((await call(pop, 'GET', '/healthcheck')).status, 200),
        ),
      );

    // Unloaded latency of one 100-record find (docs/architecture.md#performance-design target: < 20 ms end to end).
    const latencies: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const started = performance.now();
      await findOnce();
      latencies.push(performance.now() - started);
    }

    return {
      backend,
      writesPerSecond: median(writeRounds),
      findsPerSecond: median(findRounds),
      findLatencyMs: median(latencies),
      healthchecksPerSecond: median(healthRounds),
      writeRounds,
      findRounds,
    };
  } finally {
    await stopPop(pop);
  }
}

function fmtLoad(load: number[]): string {
  return load.map((l) => l.toFixed(2)).join('/');
}

/** Runs the benchmark (bench/run.ts entry point). */
export async function run(): Promise<void> {
  // Other work on the machine moves these numbers a lot on 2 cores; the load goes into the results.
  const loadBefore = loadavg();
  const dir = mkdtempSync(join(tmpdir(), 'pop-http-bench-'));
  const results: CaseResult[] = [];
  try {
    results.push(await benchBackend('sqlite :memory:', 'sqlite::memory:'));
    results.push(await benchBackend('sqlite file', `sqlite:${join(dir, 'pop.db')}`));
    const pgUrl = process.env.POP_TEST_POSTGRES_URL;
    if (pgUrl) {
      results.push(
        await withScratchSchema(pgUrl, 'bench_http', (schema) => {
          const url = new URL(pgUrl);
          url.searchParams.set('schema', schema);
          return benchBackend('postgres', url.toString());
        }),
      );
    } else {
      console.log('postgres: skipped (set POP_TEST_POSTGRES_URL)');
    }
  } finally {
    agent.destroy();
    rmSync(dir, { recursive: true, force: true });
  }

  printTable(
    results.map((r) => ({
      backend: r.backend,
      'writes/s (median)': Math.round(r.writesPerSecond),
      '100-rec finds/s (median)': Math.round(r.findsPerSecond),
      'find latency ms (median, 1 in flight)': r.findLatencyMs.toFixed(2),
      'healthchecks/s (HTTP ceiling)': Math.round(r.healthchecksPerSecond),
    })),
  );
  const loadAfter = loadavg();
  console.log(`load average (1/5/15 min): before ${fmtLoad(loadBefore)}, after ${fmtLoad(loadAfter)}`);
  const path = writeResults('pop', {
    loadAverage: { before: loadBefore, after: loadAfter },
    inFlight: IN_FLIGHT,
    rounds: ROUNDS,
    writesPerRound: WRITES_PER_ROUND,
    findsPerRound: FINDS_PER_ROUND,
    warmup: { writes: WARMUP_WRITES, finds: WARMUP_FINDS, healthchecks: WARMUP_HEALTHCHECKS },
    targets: { sqliteMemoryWritesPerSecond: 3000, sqliteMemoryFindsPerSecond: 500, findLatencyMs: 20 },
    results,
  });
  console.log(`results: ${path}`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await run();
