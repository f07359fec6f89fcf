/**
 * Crypto codec speed (DESIGN §5): encode/decode 100 and 1000 records (1 KB body, record_key + 5 keys + 2
 * range keys) with a password and with a raw key, against two references on the same data:
 * - naive: a fresh salt and a fresh PBKDF2 derivation per record, as the official SDKs do;
 * - floor: bare AES-256-GCM with a fixed key + SHA-256 of the same key values (no KDF at all).
 * Run: `npm run bench -- crypto` (or `npx tsx bench/crypto.bench.ts`). Writes bench/results/crypto.json.
 */
import { createCipheriv, createDecipheriv, createHash, pbkdf2, randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { createRecordCodec, type RecordCodec } from '../src/crypto/record-codec.js';
import { SecretKeyAccessor } from '../src/crypto/secret-key-accessor.js';
import type { RecordInput } from '../src/record.js';
import type { WireRecord } from '../src/wire/record.js';
import {
  type Measurement,
  measure,
  measureInterleaved,
  ms,
  printTable,
  writeResults,
} from './support/measure.js';

const pbkdf2Async = promisify(pbkdf2);
const ENV = 'bench-env';
const KEY_FIELDS = ['record_key', 'key1', 'key2', 'key3', 'key4', 'key5'] as const;

function makeRecords(count: number): RecordInput[] {
  const body = JSON.stringify({ text: 'x'.repeat(1000) }).slice(0, 1024);
  return Array.from({ length: count }, (_, i) => ({
    record_key: `record-${i}`,
    key1: `email-${i}@example.com`,
    key2: `customer-${i % 50}`,
    key3: 'english',
    key4: `order-${i * 7}`,
    key5: `region-${i % 5}`,
    range_key1: i,
    range_key2: 1_700_000_000 + i,
    body,
  }));
}

function sha256(value: string): string {
  return createHash('sha256').update(`${value}:${ENV}`, 'utf8').digest('hex');
}

function gcmEncrypt(key: Buffer, salt: Buffer, text: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const head = cipher.update(text, 'utf8');
  return `2:${Buffer.concat([salt, iv, head, cipher.final(), cipher.getAuthTag()]).toString('base64')}`;
}

function gcmDecrypt(key: Buffer, ciphertext: string): string {
  const bytes = Buffer.from(ciphertext.slice(2), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(64, 76));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([decipher.update(bytes.subarray(76, bytes.length - 16)), decipher.final()]).toString(
    'utf8',
  );
}

function hashedFields(record: RecordInput): { out: Record<string, unknown>; meta: Record<string, string> } {
  const out: Record<string, unknown> = {};
  const meta: Record<string, string> = {};
  for (const field of KEY_FIELDS) {
    const value = record[field]!;
    out[field] = sha256(value);
    meta[field] = value;
  }
  out.range_key1 = record.range_key1;
  out.range_key2 = record.range_key2;
  return { out, meta };
}

/** The floor: SHA-256 of the keys + AES-256-GCM of the envelope with a fixed key. */
function floorEncode(records: RecordInput[], key: Buffer, salt: Buffer): Record<string, unknown>[] {
  return records.map((record) => {
    const { out, meta } = hashedFields(record);
    out.body = gcmEncrypt(key, salt, JSON.stringify({ meta, payload: record.body }));
    return out;
  });
}

function floorDecode(wires: Record<string, unknown>[], key: Buffer): unknown[] {
  return wires.map((wire) => {
    const envelope = JSON.parse(gcmDecrypt(key, wire.body as string)) as {
      meta: Record<string, string>;
      payload: string;
    };
    return { ...wire, ...envelope.meta, body: envelope.payload };
  });
}

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
  const path = writeResults('crypto', { rows, measurements });
  console.log(`\nwrote ${path}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
