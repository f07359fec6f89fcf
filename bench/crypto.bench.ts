/**
 * Crypto codec speed (docs/architecture.md#performance-design): encode/decode 100 and 1000 records (1 KB body, record_key + 5 keys + 2
 * range keys) with a password and with a raw key, against two references on the same data:
 * - naive: a fresh salt and a fresh PBKDF2 derivation per record, as the official SDKs do;
 * - floor: bare AES-256-GCM with a fixed key + SHA-256 of the same key values (no KDF at all).
 * Run: `npm run bench -- crypto` (or `npx tsx bench/crypto.bench.ts`). Writes bench/results/crypto.json.
 */
import { pbkdf2, randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { createRecordCodec, type RecordCodec } from '../src/crypto/record-codec.js';
import { SecretKeyAccessor } from '../src/crypto/secret-key-accessor.js';
import type { RecordInput } from '../src/record.js';
import type { WireRecord } from '../src/wire/record.js';
import {
  floorDecode,
  floorEncode,
  gcmDecrypt,
  gcmEncrypt,
  hashedFields,
  makeRecords,
} from './support/crypto-floor.js';
import {
  type Measurement,
  measure,
  measureInterleaved,
  ms,
  printTable,
  writeResults,
} from './support/measure.js';
import { addSummary } from './support/summary.js';

const pbkdf2Async = promisify(pbkdf2);
const ENV = 'bench-env';

/** The official SDK behaviour: a new salt and a new PBKDF2 run for every record, on write and on read. */
function naiveEncode(records: RecordInput[], password: string): Promise<Record<string, unknown>[]> {
  return Promise.all(
    records.map(async (record) => {
      const { out, meta } = hashedFields(record);
      const salt = randomBytes(64);
      const key = await pbkdf2Async(password, salt, 10_000, 32, 'sha512');
      out.body = gcmEncrypt(key, salt, JSON.stringify({ meta, payload: record.body }));
      return out;
    }),
  );
}

function naiveDecode(wires: Record<string, unknown>[], password: string): Promise<unknown[]> {
  return Promise.all(
    wires.map(async (wire) => {
      const salt = Buffer.from((wire.body as string).slice(2), 'base64').subarray(0, 64);
      const key = await pbkdf2Async(password, salt, 10_000, 32, 'sha512');
      const envelope = JSON.parse(gcmDecrypt(key, wire.body as string)) as {
        meta: Record<string, string>;
        payload: string;
      };
      return { ...wire, ...envelope.meta, body: envelope.payload };
    }),
  );
}

interface Row {
  case: string;
  records: number;
  secret: string;
  median: number;
  floor: number;
  naive: number | undefined;
}

/** Runs the crypto benchmark and prints a table of medians and ratios. */
export async function run(): Promise<void> {
  const password = 'bench password';
  const rawKey = randomBytes(32).toString('base64');
  const accessors = {
    password: new SecretKeyAccessor(() => password),
    rawKey: new SecretKeyAccessor(() => ({
      currentVersion: 1,
      secrets: [{ secret: rawKey, version: 1, isKey: true }],
    })),
  };
  const floorKey = randomBytes(32);
  const floorSalt = randomBytes(64);
  const measurements: Measurement[] = [];
  const rows: Row[] = [];

  for (const count of [100, 1000]) {
    const records = makeRecords(count);
    const iterations = count === 100 ? 80 : 20;

    let naiveEnc: Measurement | undefined;
    let naiveDec: Measurement | undefined;
    if (count === 100) {
      naiveEnc = await measure(`naive encode ${count}`, () => naiveEncode(records, password), {
        iterations: 5,
        warmup: 1,
      });
      const naiveWires = await naiveEncode(records, password);
      naiveDec = await measure(`naive decode ${count}`, () => naiveDecode(naiveWires, password), {
        iterations: 5,
        warmup: 1,
      });
      measurements.push(naiveEnc, naiveDec);
    }

    const codec = (accessor: SecretKeyAccessor): Promise<RecordCodec> =>
      createRecordCodec({ mode: 'LOCAL', environmentId: ENV, secretKeyAccessor: accessor });
    const writers = { password: await codec(accessors.password), rawKey: await codec(accessors.rawKey) };
    // Fresh readers: decoding our own records costs one derivation for the writer's salt, paid in warm-up,
    // as the targets say "after first derivation".
    const readers = { password: await codec(accessors.password), rawKey: await codec(accessors.rawKey) };
    const encodeAll = (c: RecordCodec) => Promise.all(records.map((r) => c.encode(r)));
    const wires = {
      password: (await encodeAll(writers.password)) as WireRecord[],
      rawKey: (await encodeAll(writers.rawKey)) as WireRecord[],
    };
    const floorWires = floorEncode(records, floorKey, floorSalt);
    const decodeAll = (c: RecordCodec, list: WireRecord[]) => Promise.all(list.map((w) => c.decode(w)));

    // Round-robin, so machine noise hits ours and the floor alike.
    const m = await measureInterleaved(
      {
        [`floor encode ${count}`]: () => floorEncode(records, floorKey, floorSalt),
        [`encode ${count} (password)`]: () => encodeAll(writers.password),
        [`encode ${count} (raw key)`]: () => encodeAll(writers.rawKey),
        [`floor decode ${count}`]: () => floorDecode(floorWires, floorKey),
        [`decode ${count} (password)`]: () => decodeAll(readers.password, wires.password),
        [`decode ${count} (raw key)`]: () => decodeAll(readers.rawKey, wires.rawKey),
      },
      { iterations },
    );
    measurements.push(...Object.values(m));
    for (const op of ['encode', 'decode'] as const) {
      const floor = m[`floor ${op} ${count}`]!.medianMs;
      const naive = op === 'encode' ? naiveEnc?.medianMs : naiveDec?.medianMs;
      rows.push(
        {
          case: op,
          records: count,
          secret: 'password',
          median: m[`${op} ${count} (password)`]!.medianMs,
          floor,
          naive,
        },
        {
          case: op,
          records: count,
          secret: 'raw key',
          median: m[`${op} ${count} (raw key)`]!.medianMs,
          floor,
          naive: undefined,
        },
      );
    }
  }

  printTable(
    rows.map((r) => ({
      case: `${r.case} ${r.records} (${r.secret})`,
      'median ms': ms(r.median),
      'floor ms': ms(r.floor),
      'x floor': (r.median / r.floor).toFixed(2),
      'naive ms': r.naive === undefined ? '' : ms(r.naive),
      'naive / ours': r.naive === undefined ? '' : `${(r.naive / r.median).toFixed(0)}x`,
    })),
  );
  for (const op of ['encode', 'decode'] as const) {
    const naive = measurements.find((m) => m.name === `naive ${op} 100`);
    const ours = measurements.find((m) => m.name === `${op} 100 (password)`);
    const floor = measurements.find((m) => m.name === `floor ${op} 100`);
    if (ours)
      addSummary({
        case: `crypto ${op} 100 (password)`,
        ours,
        floorMs: floor?.medianMs,
        naiveMs: naive?.medianMs,
      });
  }
  const path = writeResults('crypto', { rows, measurements, loadAverage: loadavg() });
  console.log(`\nwrote ${path}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
