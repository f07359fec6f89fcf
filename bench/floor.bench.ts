/**
 * How far batchWrite(100) and find(100) are from the physical floor of their work, measured in one run,
 * round-robin with the floor's parts so machine noise hits both alike:
 * - end to end: the Storage client (LOCAL encryption, password) against the in-process local PoP on
 *   SQLite in memory, 100 records of 1 KB body + record_key + 5 keys + 2 range keys;
 * - the PoP alone: raw node:http requests with pre-encrypted bodies, response read as bytes;
 * - the floor parts: crypto (SHA-256 + AES-GCM of the same records, fixed key), a bare better-sqlite3
 *   transaction upserting the same 100 rows into the PoP's own schema and a bare SELECT reading them,
 *   JSON.stringify/parse of the same request and response bodies, and a bare node:http loopback round trip
 *   of the same bytes.
 * Floors (sums of the parts' medians): end to end = crypto + SQL + JSON both ways on both sides + HTTP; PoP alone = SQL + JSON parse of
 * the request + JSON stringify of the response + HTTP. With POP_TEST_POSTGRES_URL set, the same end-to-end
 * and PoP-alone cases run on PostgreSQL (a scratch schema) in the same rounds.
 * Run: `npm run bench -- floor` (or `npx tsx bench/floor.bench.ts`). Writes bench/results/floor.json.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { createRecordCodec } from '../src/crypto/record-codec.js';
import { createStorage, type RecordInput, SecretKeyAccessor, type Storage } from '../src/index.js';
import { createSqliteStore, startLocalPop } from '../src/server/index.js';
import { RECORD_DATA_COLUMNS } from '../src/server/store/record-row.js';
import { floorDecode, floorEncode, makeRecords } from './support/crypto-floor.js';
import {
  type Measurement,
  median,
  ms,
  printTable,
  sampleInterleaved,
  summariseSamples,
  writeResults,
} from './support/measure.js';
import { withScratchSchema } from './support/scratch-schema.js';
import { addSummary } from './support/summary.js';

const COUNT = 100;
const PASSWORD = 'benchmark password';
const FIND_SET = 'find-set';
const ITERATIONS = 40;

/** Raw HTTP on one keep-alive socket: the request bytes out, the response bytes back. */
function roundTrip(agent: Agent, url: URL, path: string, headers: Record<string, string>, body: Buffer) {
  return new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
    const req = httpRequest(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(body.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A bare node:http server answering every request, once its body is read, with `answers[path]`. */
async function bareServer(answers: Record<string, Buffer>): Promise<{ server: Server; url: URL }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      Buffer.concat(chunks);
      const answer = answers[req.url ?? ''] ?? Buffer.alloc(0);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': answer.length });
      res.end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: new URL(`http://127.0.0.1:${port}`) };
}

/** The PoP's schema, created by the store's own migrations, as DDL to replay in a bare database. */
async function popSchemaDdl(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'floor-bench-'));
  try {
    const file = join(dir, 'schema.db');
    const store = createSqliteStore({ filename: file });
    await store.init();
    await store.close();
    const db = new Database(file, { readonly: true });
    const ddl = db
      .prepare(
        "select sql from sqlite_master where sql is not null and name not like 'sqlite_%' order by rowid",
      )
      .pluck()
      .all() as string[];
    db.close();
    return ddl;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The bare-SQLite floor: one prepared upsert run 100 times in a transaction, one prepared SELECT. The
 * upsert writes every record column, as any store must for a write that replaces a record (absent fields
 * become null), so it touches the same indexes as the PoP's.
 */
async function sqlFloor(wires: readonly Record<string, unknown>[]) {
  const db = new Database(':memory:');
  for (const statement of await popSchemaDdl()) db.exec(statement);
  const written = [...RECORD_DATA_COLUMNS, 'expires_at'] as const;
  const columns = ['environment_id', 'country', ...written, 'created_at', 'updated_at'];
  const updated = [...written.filter((c) => c !== 'record_key'), 'updated_at'];
  const upsert = db.prepare(
    `insert into pop_records (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})
     on conflict (environment_id, country, record_key) do update set ${updated.map((c) => `${c} = excluded.${c}`).join(', ')}`,
  );
  const select = db.prepare(
    'select * from pop_records where environment_id = ? and country = ? and key3 = ? limit 100',
  );
  const insertAll = db.transaction((rows: readonly Record<string, unknown>[], country: string) => {
    const now = Date.now() * 1000;
    for (const w of rows) {
      const values: unknown[] = ['bench', country];
      for (const c of written) values.push(c === 'version' ? 0 : c === 'is_encrypted' ? 1 : (w[c] ?? null));
      values.push(now, now);
      upsert.run(values);
    }
  });
  insertAll(wires, 'de');
  const findKey3 = wires[0]!.key3;
  return {
    insert: () => insertAll(wires, 'us'),
    select: () => {
      const rows = select.all('bench', 'de', findKey3);
      if (rows.length !== COUNT) throw new Error(`bare select read ${rows.length} rows`);
    },
    close: () => db.close(),
  };
}

interface PopUnderTest {
  readonly storage: Storage;
  readonly url: URL;
  readonly headers: Record<string, string>;
  readonly close: () => Promise<void>;
}

async function popUnderTest(db: string | undefined, findRecords: RecordInput[]): Promise<PopUnderTest> {
  const pop = await startLocalPop(db === undefined ? {} : { db });
  const storage = (await createStorage({
    ...pop.storageOptions,
    secretKeyAccessor: new SecretKeyAccessor(() => PASSWORD),
  })) as Storage;
  if (findRecords.length > 0) await storage.batchWrite('de', findRecords);
  return {
    storage,
    url: new URL(pop.url),
    headers: {
      authorization: `Bearer ${pop.admin.issueToken()}`,
      'x-env-id': pop.storageOptions.environmentId,
    },
    close: () => pop.close(),
  };
}

function sum(...values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

async function measureAll(pgPop: PopUnderTest | undefined): Promise<void> {
  const loadBefore = loadavg();
  const records = makeRecords(COUNT, 'batch-set');
  const findRecords = makeRecords(COUNT, FIND_SET);
  const pop = await popUnderTest(undefined, findRecords);
  if (pgPop) await pgPop.storage.batchWrite('de', findRecords);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const bare = { server: undefined as Server | undefined };
  let sql: Awaited<ReturnType<typeof sqlFloor>> | undefined;
  try {
    // Pre-encrypted bodies for the PoP-alone cases, encoded as the client does.
    const codec = await createRecordCodec({
      mode: 'LOCAL',
      environmentId: pop.headers['x-env-id']!,
      secretKeyAccessor: new SecretKeyAccessor(() => PASSWORD),
    });
    const wires = await Promise.all(records.map((r) => codec.encode(r)));
    const writeRequest = { records: wires };
    const findRequest = {
      filter: codec.encodeFilter({ key3: FIND_SET }),
      options: { limit: COUNT, offset: 0 },
    };
    const writeRequestBytes = Buffer.from(JSON.stringify(writeRequest));
    const findRequestBytes = Buffer.from(JSON.stringify(findRequest));
    // A pre-encrypted request posted as bytes, checked for its success status; the answer's bytes back.
    const rawPost =
      (label: string, path: string, body: Buffer, expected: number) => async (target: PopUnderTest) => {
        const res = await roundTrip(agent, target.url, path, target.headers, body);
        if (res.status !== expected) throw new Error(`raw ${label}: ${res.status} ${res.body.toString()}`);
        return res.body;
      };
    const rawWrite = rawPost('batchWrite', '/v2/storage/records/us/batchWrite', writeRequestBytes, 201);
    const rawFind = rawPost('find', '/v2/storage/records/de/find', findRequestBytes, 200);
    const writeResponseBytes = await rawWrite(pop);
    const findResponseBytes = await rawFind(pop);
    const writeResponse = JSON.parse(writeResponseBytes.toString('utf8')) as unknown;
    const findResponse = JSON.parse(findResponseBytes.toString('utf8')) as unknown;
    const writeRequestText = writeRequestBytes.toString('utf8');
    const writeResponseText = writeResponseBytes.toString('utf8');
    const findRequestText = findRequestBytes.toString('utf8');
    const findResponseText = findResponseBytes.toString('utf8');

    const floorKey = randomBytes(32);
    const floorSalt = randomBytes(64);
    const floorWires = floorEncode(records, floorKey, floorSalt);
    sql = await sqlFloor(floorWires);
    const { server, url: bareUrl } = await bareServer({
      '/write': writeResponseBytes,
      '/find': findResponseBytes,
    });
    bare.server = server;
    const bareTrip = async (path: string, body: Buffer, expected: number) => {
      const res = await roundTrip(agent, bareUrl, path, {}, body);
      if (res.body.length !== expected) throw new Error('bare HTTP answered the wrong bytes');
    };

    const cases: Record<string, () => unknown> = {
      'e2e batchWrite': () => pop.storage.batchWrite('us', records),
      'e2e find': async () => {
        const found = await pop.storage.find('de', { key3: FIND_SET }, { limit: COUNT });
        if (found.data.length !== COUNT) throw new Error(`find returned ${found.data.length}`);
      },
      'pop batchWrite': () => rawWrite(pop),
      'pop find': () => rawFind(pop),
      'floor crypto encode': () => floorEncode(records, floorKey, floorSalt),
      'floor crypto decode': () => floorDecode(floorWires, floorKey),
      'floor sql insert': () => sql!.insert(),
      'floor sql select': () => sql!.select(),
      'floor json write request stringify': () => JSON.stringify(writeRequest),
      'floor json write request parse': () => JSON.parse(writeRequestText),
      'floor json write response stringify': () => JSON.stringify(writeResponse),
      'floor json write response parse': () => JSON.parse(writeResponseText),
      'floor json find request stringify': () => JSON.stringify(findRequest),
      'floor json find request parse': () => JSON.parse(findRequestText),
      'floor json find response stringify': () => JSON.stringify(findResponse),
      'floor json find response parse': () => JSON.parse(findResponseText),
      'floor http write': () => bareTrip('/write', writeRequestBytes, writeResponseBytes.length),
      'floor http find': () => bareTrip('/find', findRequestBytes, findResponseBytes.length),
    };
    if (pgPop) {
      cases['postgres e2e batchWrite'] = () => pgPop.storage.batchWrite('us', records);
      cases['postgres e2e find'] = async () => {
        const found = await pgPop.storage.find('de', { key3: FIND_SET }, { limit: COUNT });
        if (found.data.length !== COUNT) throw new Error(`postgres find returned ${found.data.length}`);
      };
      cases['postgres pop batchWrite'] = () => rawWrite(pgPop);
      cases['postgres pop find'] = () => rawFind(pgPop);
    }
    const samples = await sampleInterleaved(cases, { iterations: ITERATIONS, warmup: 5 });
    const m = Object.fromEntries(
      Object.entries(samples).map(([name, times]) => [name, summariseSamples(name, times)]),
    ) as Record<string, Measurement>;
    const med = (name: string) => m[name]!.medianMs;

    const JSON_PARTS = ['request stringify', 'request parse', 'response stringify', 'response parse'];
    const SERVER_JSON_PARTS = ['request parse', 'response stringify'];
    /** The floor cases each end-to-end case is compared with, grouped for display. */
    const floorParts: Record<string, Record<string, string[]>> = {
      'e2e batchWrite': {
        crypto: ['floor crypto encode', 'floor crypto decode'],
        sql: ['floor sql insert'],
        json: JSON_PARTS.map((p) => `floor json write ${p}`),
        http: ['floor http write'],
      },
      'e2e find': {
        crypto: ['floor crypto decode'],
        sql: ['floor sql select'],
        json: JSON_PARTS.map((p) => `floor json find ${p}`),
        http: ['floor http find'],
      },
      'pop batchWrite': {
        sql: ['floor sql insert'],
        json: SERVER_JSON_PARTS.map((p) => `floor json write ${p}`),
        http: ['floor http write'],
      },
      'pop find': {
        sql: ['floor sql select'],
        json: SERVER_JSON_PARTS.map((p) => `floor json find ${p}`),
        http: ['floor http find'],
      },
    };
    // The floor is the sum of its parts' medians: stricter than the median of per-round sums, which
    // collects every part's noise. The per-round ratio (each round's case over the parts measured moments
    // apart) is shown too, as a check less sensitive to the machine's load drifting during the run.
    const floors: Record<string, number> = {};
    const ratios: Record<string, number> = {};
    const perRoundRatios: Record<string, number> = {};
    const bestRatios: Record<string, number> = {};
    const parts: Record<string, Record<string, number>> = {};
    for (const [name, groups] of Object.entries(floorParts)) {
      const names = Object.values(groups).flat();
      floors[name] = sum(...names.map(med));
      ratios[name] = med(name) / floors[name]!;
      perRoundRatios[name] = median(
        samples[name]!.map((t, round) => t / sum(...names.map((c) => samples[c]![round]!))),
      );
      // Fastest run over the sum of the parts' fastest runs: the nearest this run gets to a quiet machine,
      // where a long asynchronous case is not preempted far more often than a short synchronous part.
      bestRatios[name] = m[name]!.minMs / sum(...names.map((c) => m[c]!.minMs));
      parts[name] = Object.fromEntries(Object.entries(groups).map(([k, list]) => [k, sum(...list.map(med))]));
    }
    const loadAfter = loadavg();

    const rows = Object.keys(floors).map((name) => ({
      case: `${name} ${COUNT}`,
      'median ms': ms(med(name)),
      'min–max': `${ms(m[name]!.minMs)}–${ms(m[name]!.maxMs)}`,
      'floor ms': ms(floors[name]!),
      'x floor': ratios[name]!.toFixed(2),
      'per-round x': perRoundRatios[name]!.toFixed(2),
      'min / floor min': bestRatios[name]!.toFixed(2),
      'floor parts (median ms)': Object.entries(parts[name]!)
        .map(([k, v]) => `${k} ${ms(v)}`)
        .join(', '),
    }));
    printTable(rows);
    if (pgPop) {
      console.log('');
      printTable(
        ['e2e batchWrite', 'e2e find', 'pop batchWrite', 'pop find'].map((name) => ({
          case: `${name} ${COUNT}`,
          'sqlite median ms': ms(med(name)),
          'postgres median ms': ms(med(`postgres ${name}`)),
          'postgres min–max': `${ms(m[`postgres ${name}`]!.minMs)}–${ms(m[`postgres ${name}`]!.maxMs)}`,
        })),
      );
    }
    console.log(
      `\nbytes: batchWrite request ${writeRequestBytes.length}, response ${writeResponseBytes.length}; ` +
        `find request ${findRequestBytes.length}, response ${findResponseBytes.length}`,
    );
    console.log(
      `load average (1/5/15 min): before ${loadBefore.map((l) => l.toFixed(2)).join('/')}, after ${loadAfter.map((l) => l.toFixed(2)).join('/')}`,
    );
    for (const name of Object.keys(floors))
      addSummary({
        case: `${name} ${COUNT} (sqlite)`,
        ours: m[name]!,
        floorMs: floors[name],
        maxRatio: name.startsWith('pop') ? 1.5 : 2,
        perRoundRatio: perRoundRatios[name],
      });
    if (pgPop)
      for (const name of ['e2e batchWrite', 'e2e find', 'pop batchWrite', 'pop find'])
        addSummary({ case: `${name} ${COUNT} (postgres)`, ours: m[`postgres ${name}`] as Measurement });
    const path = writeResults('floor', {
      loadAverage: { before: loadBefore, after: loadAfter },
      iterations: ITERATIONS,
      records: COUNT,
      bytes: {
        writeRequest: writeRequestBytes.length,
        writeResponse: writeResponseBytes.length,
        findRequest: findRequestBytes.length,
        findResponse: findResponseBytes.length,
      },
      floors,
      parts,
      ratios,
      perRoundRatios,
      bestRatios,
      measurements: m,
    });
    console.log(`wrote ${path}`);
  } finally {
    sql?.close();
    agent.destroy();
    bare.server?.close();
    await pop.close();
  }
}

/** Runs the floor benchmark (bench/run.ts entry point). */
export async function run(): Promise<void> {
  const pgUrl = process.env.POP_TEST_POSTGRES_URL;
  if (!pgUrl) {
    console.log('postgres: skipped (set POP_TEST_POSTGRES_URL)');
    await measureAll(undefined);
    return;
  }
  await withScratchSchema(pgUrl, 'bench_floor', async (schema) => {
    const url = new URL(pgUrl);
    url.searchParams.set('schema', schema);
    const pgPop = await popUnderTest(url.toString(), []);
    try {
      await measureAll(pgPop);
    } finally {
      await pgPop.close();
    }
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
