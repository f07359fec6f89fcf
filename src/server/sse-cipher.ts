/**
 * Server-side encryption at rest for SSE records (`X-Encrypted-Storage: true`, docs/protocol.md#encryption-modes, docs/protocol.md#sse-at-rest):
 * `body` and `precommit_body` are sealed with AES-256-GCM under a server key before they reach the store,
 * and opened on the way out, so clients always read plain values. Uses node:crypto directly: the server
 * never imports the client's crypto/.
 *
 * The key is either given (`sseKey`) or kept in the database that holds the records (drawn on first use),
 * so sealed values stay readable after a restart. A sealed value that does not open is an error: answering
 * the ciphertext as if it were the value would be silent corruption.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { BODY_FIELDS } from '../fields.js';
import type { WireWriteRecord } from '../wire/index.js';
import { PopHttpError } from './pop-error.js';
import type { Scope, StoredRecord } from './store/record-store.js';

/** Marks a sealed value; what follows is base64(iv ‖ ciphertext ‖ tag). */
export const SSE_MARKER = 'pop-sse:1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Where the key of a scope's database comes from, when no fixed key is configured. */
export type SseKeySource = (scope: Scope) => Promise<Uint8Array>;

/** Seals and opens SSE record bodies. */
export class SseCipher {
  readonly #fixed: Buffer | undefined;
  readonly #source: SseKeySource | undefined;
  // One lookup per country: the key never changes while the database is open.
  readonly #keys = new Map<string, Promise<Buffer>>();

  /** @param key 32 bytes, or where to find the key of each scope's database. */
  constructor(key: Uint8Array | SseKeySource) {
    if (typeof key === 'function') {
      this.#source = key;
    } else {
      if (key.length !== 32) throw new RangeError('the SSE key must be exactly 32 bytes');
      this.#fixed = Buffer.from(key);
    }
  }

  async #keyFor(scope: Scope): Promise<Buffer> {
    if (this.#fixed) return this.#fixed;
    const country = scope.country.toLowerCase();
    let key = this.#keys.get(country);
    if (!key) {
      key = this.#source!(scope).then((k) => {
        if (k.length !== 32) throw new RangeError('the stored SSE key is not 32 bytes');
        return Buffer.from(k);
      });
      key.catch(() => this.#keys.delete(country));
      this.#keys.set(country, key);
    }
    return key;
  }

  /**
   * Seals `body` and `precommit_body` of a record about to be written: all of them for an SSE write, and
   * for any write those that start with the marker, so a plain value that merely looks sealed reads back
   * exactly instead of failing to open.
   */
  async sealRecord(scope: Scope, record: WireWriteRecord, sse: boolean): Promise<WireWriteRecord> {
    const fields = BODY_FIELDS.filter((field) => {
      const value = record[field];
      return typeof value === 'string' && (sse || value.startsWith(SSE_MARKER));
    });
    if (fields.length === 0) return record;
    const key = await this.#keyFor(scope);
    const sealed: WireWriteRecord = { ...record };
    for (const field of fields)
      sealed[field] = seal(key, record[field] as string, aad(scope, record.record_key, field));
    return sealed;
  }

  /**
   * Opens the sealed fields of stored records; values without the marker pass through. A sealed value that
   * does not authenticate (another key, or damaged data) fails the request with a 500 saying so.
   */
  async openRecords(scope: Scope, records: readonly StoredRecord[]): Promise<StoredRecord[]> {
    const sealed = (r: StoredRecord) =>
      BODY_FIELDS.some((f) => typeof r[f] === 'string' && (r[f] as string).startsWith(SSE_MARKER));
    if (!records.some(sealed)) return [...records];
    const key = await this.#keyFor(scope);
    return records.map((record) => {
      if (!sealed(record)) return record;
      const opened: StoredRecord = { ...record };
      for (const field of BODY_FIELDS) {
        const value = record[field];
        if (typeof value !== 'string' || !value.startsWith(SSE_MARKER)) continue;
        const plain = open(key, value, aad(scope, record.record_key, field));
        if (plain === undefined)
          throw new PopHttpError(500, {
            source: field,
            detail:
              "a stored SSE value cannot be decrypted with this PoP's SSE key: the database was written under another key (start the PoP with the sseKey it was written with)",
          });
        opened[field] = plain;
      }
      return opened;
    });
  }
}

function seal(key: Buffer, plain: string, additional: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(additional);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return SSE_MARKER + Buffer.concat([iv, data, cipher.getAuthTag()]).toString('base64');
}

function open(key: Buffer, sealed: string, additional: Buffer): string | undefined {
  const bytes = Buffer.from(sealed.slice(SSE_MARKER.length), 'base64');
  if (bytes.length < IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(additional);
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    const data = bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

// Binding the ciphertext to where it lives stops a sealed body being replayed into another record.
function aad(scope: Scope, recordKey: string, field: string): Buffer {
  return Buffer.from(JSON.stringify([scope.environmentId, scope.country, recordKey, field]), 'utf8');
}
