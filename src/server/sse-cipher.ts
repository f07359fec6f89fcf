/**
 * Server-side encryption at rest for SSE records (`X-Encrypted-Storage: true`, PROTOCOL §c.7, §i.3):
 * `body` and `precommit_body` are sealed with AES-256-GCM under a server key before they reach the store,
 * and opened on the way out, so clients always read plain values. Uses node:crypto directly: the server
 * never imports the client's crypto/.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { BODY_FIELDS } from '../fields.js';
import type { WireWriteRecord } from '../wire/index.js';
import type { Scope, StoredRecord } from './store/record-store.js';

/** Marks a sealed value; what follows is base64(iv ‖ ciphertext ‖ tag). */
export const SSE_MARKER = 'pop-sse:1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Seals and opens SSE record bodies with one server key. */
export class SseCipher {
  readonly #key: Buffer;

  /** @param key 32 bytes; a random key is generated when absent (then data only lives as long as the process). */
  constructor(key?: Uint8Array) {
    if (key !== undefined && key.length !== 32) throw new RangeError('the SSE key must be exactly 32 bytes');
    this.#key = key === undefined ? randomBytes(32) : Buffer.from(key);
  }

  /** Seals `body` and `precommit_body` of a record about to be written. */
  sealRecord(scope: Scope, record: WireWriteRecord): WireWriteRecord {
    const sealed: WireWriteRecord = { ...record };
    for (const field of BODY_FIELDS) {
      const value = record[field];
      if (typeof value === 'string') sealed[field] = this.#seal(value, aad(scope, record.record_key, field));
    }
    return sealed;
  }

  /**
   * Opens sealed fields of a stored record. Values without the marker (non-SSE writes) pass through, and so
   * does a marked value that does not authenticate under this key (a client body that merely looks sealed,
   * or data sealed by another process's key), rather than failing the whole read.
   */
  openRecord(scope: Scope, record: StoredRecord): StoredRecord {
    let opened: StoredRecord | undefined;
    for (const field of BODY_FIELDS) {
      const value = record[field];
      if (typeof value !== 'string' || !value.startsWith(SSE_MARKER)) continue;
      const plain = this.#open(value, aad(scope, record.record_key, field));
      if (plain === undefined) continue;
      opened ??= { ...record };
      opened[field] = plain;
    }
    return opened ?? record;
  }

  #seal(plain: string, additional: Buffer): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(additional);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return SSE_MARKER + Buffer.concat([iv, data, cipher.getAuthTag()]).toString('base64');
  }

  #open(sealed: string, additional: Buffer): string | undefined {
    const bytes = Buffer.from(sealed.slice(SSE_MARKER.length), 'base64');
    if (bytes.length < IV_BYTES + TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(additional);
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      const data = bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES);
      return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

// Binding the ciphertext to where it lives stops a sealed body being replayed into another record.
function aad(scope: Scope, recordKey: string, field: string): Buffer {
  return Buffer.from(JSON.stringify([scope.environmentId, scope.country, recordKey, field]), 'utf8');
}
