/**
 * The bench data set and the crypto floor shared by the crypto and floor benches: records of 1 KB body,
 * record_key + 5 keys + 2 range keys, and the least work any client must do to write or read them (SHA-256
 * of the keys, AES-256-GCM of the envelope with a fixed key; no KDF at all).
 */
import { createCipheriv, createDecipheriv, hash, randomFillSync } from 'node:crypto';
import type { RecordInput } from '../../src/record.js';

/** The hashed keys of a bench record. */
export const KEY_FIELDS = ['record_key', 'key1', 'key2', 'key3', 'key4', 'key5'] as const;

const FLOOR_ENV = 'bench-env';

/** `count` records of 1 KB body + record_key + 5 keys + 2 range keys; `prefix` keeps sets apart. */
export function makeRecords(count: number, prefix = 'record'): RecordInput[] {
  const body = JSON.stringify({ text: 'x'.repeat(1000) }).slice(0, 1024);
  return Array.from({ length: count }, (_, i) => ({
    record_key: `${prefix}-${i}`,
    key1: `email-${i}@example.com`,
    key2: `customer-${i % 50}`,
    key3: prefix,
    key4: `order-${i * 7}`,
    key5: `region-${i % 5}`,
    range_key1: i,
    range_key2: 1_700_000_000 + i,
    body,
  }));
}

// The one-shot hash, as the SDK uses: the floor is the least work, so it gets the fastest primitive too.
function sha256(value: string): string {
  return hash('sha256', `${value}:${FLOOR_ENV}`, 'hex');
}

// IVs drawn 1,024 at a time: one CSPRNG call per IV would cost a third of a 1 KB encryption, and the
// floor is the least work, not the most naive.
const IV_POOL = Buffer.alloc(12 * 1024);
let ivOffset = IV_POOL.length;

function nextIv(): Buffer {
  if (ivOffset === IV_POOL.length) {
    randomFillSync(IV_POOL);
    ivOffset = 0;
  }
  ivOffset += 12;
  return IV_POOL.subarray(ivOffset - 12, ivOffset);
}

/** AES-256-GCM of `text` in the `2:` envelope (salt, iv, ciphertext, tag; base64). */
export function gcmEncrypt(key: Buffer, salt: Buffer, text: string): string {
  const iv = nextIv();
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const head = cipher.update(text, 'utf8');
  return `2:${Buffer.concat([salt, iv, head, cipher.final(), cipher.getAuthTag()]).toString('base64')}`;
}

/** Inverse of {@link gcmEncrypt}. */
export function gcmDecrypt(key: Buffer, ciphertext: string): string {
  const bytes = Buffer.from(ciphertext.slice(2), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(64, 76));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([decipher.update(bytes.subarray(76, bytes.length - 16)), decipher.final()]).toString(
    'utf8',
  );
}

/** The hashed key fields of a record, and their plain values for the envelope. */
export function hashedFields(record: RecordInput): {
  out: Record<string, unknown>;
  meta: Record<string, string>;
} {
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

/** The floor of encoding: SHA-256 of the keys + AES-256-GCM of the envelope with a fixed key. */
export function floorEncode(
  records: readonly RecordInput[],
  key: Buffer,
  salt: Buffer,
): Record<string, unknown>[] {
  return records.map((record) => {
    const { out, meta } = hashedFields(record);
    out.body = gcmEncrypt(key, salt, JSON.stringify({ meta, payload: record.body }));
    return out;
  });
}

/** The floor of decoding what {@link floorEncode} produced. */
export function floorDecode(wires: readonly Record<string, unknown>[], key: Buffer): unknown[] {
  return wires.map((wire) => {
    const envelope = JSON.parse(gcmDecrypt(key, wire.body as string)) as {
      meta: Record<string, string>;
      payload: string;
    };
    return { ...wire, ...envelope.meta, body: envelope.payload };
  });
}
