/**
 * The official protocol vectors of test/fixtures/vectors: ciphertexts, whole records in
 * both directions, and every hash.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CipherSuite } from '../../src/crypto/cipher-suite.js';
import { hashValue, KeyHasher } from '../../src/crypto/key-hasher.js';
import { createRecordCodec } from '../../src/crypto/record-codec.js';
import { SecretKeyAccessor } from '../../src/crypto/secret-key-accessor.js';
import { type SecretsData, validateSecrets } from '../../src/crypto/secrets-data.js';
import { StorageCryptoError } from '../../src/errors.js';
import type { StringKey } from '../../src/fields.js';
import type { RecordInput } from '../../src/record.js';
import type { WireRecord } from '../../src/wire/record.js';
import { loadVectors } from '../support/vectors.js';

interface CiphertextVector {
  id: string;
  secrets_data: SecretsData | null;
  key_version: number | null;
  ciphertext: string;
  plaintext: string | null;
  expected_error?: 'invalid-ciphertext' | 'unknown-version';
}

interface RecordVector {
  id: string;
  environment_id: string;
  secrets_data: SecretsData;
  options: { normalize_keys: boolean; hash_search_keys: boolean };
  api_record: Record<string, unknown>;
  decrypted_record: Record<string, unknown>;
  body_plaintext: string;
  precommit_body_plaintext?: string;
}

interface HashVector {
  id: string;
  input: string;
  environment_id: string | null;
  normalization: 'none' | 'lowercase-value' | 'java-lowercase-whole-string';
  hashed_string: string;
  expected_sha256_hex: string;
}

const load = <T>(name: 'ciphertexts' | 'records' | 'hashes'): T[] =>
  loadVectors<{ vectors: T[] }>(name).vectors;

const EXPECTED_MESSAGE = {
  'invalid-ciphertext': /Invalid ciphertext/,
  'unknown-version': /Unknown decryptor version requested/,
} as const;

describe('vectors/ciphertexts.json', () => {
  const vectors = load<CiphertextVector>('ciphertexts');
  it('has the 9 documented vectors', () => expect(vectors).toHaveLength(9));

  for (const v of vectors) {
    it(v.id, async () => {
      const suite = new CipherSuite();
      const secrets = v.secrets_data === null ? undefined : validateSecrets(v.secrets_data);
      const version = v.key_version ?? secrets?.currentVersion ?? 0;
      const result = suite.decrypt(v.ciphertext, version, secrets);
      if (v.expected_error !== undefined) {
        await expect(result).rejects.toBeInstanceOf(StorageCryptoError);
        await expect(result).rejects.toThrow(EXPECTED_MESSAGE[v.expected_error]);
      } else {
        await expect(result).resolves.toBe(v.plaintext);
      }
    });
  }
});

async function codecFor(v: RecordVector) {
  return createRecordCodec({
    mode: 'LOCAL',
    environmentId: v.environment_id,
    normalizeKeys: v.options.normalize_keys,
    hashSearchKeys: v.options.hash_search_keys,
    secretKeyAccessor: new SecretKeyAccessor(() => v.secrets_data),
  });
}

describe('vectors/records.json', () => {
  const vectors = load<RecordVector>('records');
  it('has the 11 documented vectors', () => expect(vectors).toHaveLength(11));

  for (const v of vectors) {
    it(`${v.id}: read path`, async () => {
      const codec = await codecFor(v);
      const record = await codec.decode(v.api_record as WireRecord);
      const { version: _v, is_encrypted: _e, ...rest } = record;
      const expected: Record<string, unknown> = { ...v.decrypted_record };
      for (const [field, value] of Object.entries(rest)) {
        if (field in expected) continue;
        // Fields the vector leaves out must read back empty.
        expect(value, field).toEqual(field === 'attachments' ? [] : null);
      }
      for (const [field, value] of Object.entries(expected))
        expect((rest as Record<string, unknown>)[field], field).toEqual(value);
    });

    it(`${v.id}: write path`, async () => {
      const codec = await codecFor(v);
      const wire = await codec.encode(v.decrypted_record as unknown as RecordInput);
      for (const [field, value] of Object.entries(v.api_record)) {
        if (field === 'body' || field === 'precommit_body') continue;
        expect((wire as Record<string, unknown>)[field], field).toEqual(value);
      }
      expect(wire.is_encrypted).toBe(true);
      expect(wire.body).toMatch(/^2:/);
      const back = await codec.decode(wire as WireRecord);
      for (const [field, value] of Object.entries(v.decrypted_record))
        expect((back as unknown as Record<string, unknown>)[field], field).toEqual(value);
      if (typeof v.decrypted_record.precommit_body === 'string') expect(wire.precommit_body).toMatch(/^2:/);
    });
  }
});

describe('vectors/hashes.json', () => {
  const vectors = load<HashVector>('hashes');
  it('has the 99 documented vectors', () => expect(vectors).toHaveLength(99));

  for (const v of vectors) {
    it(v.id, () => {
      if (v.environment_id === null) {
        // The raw SHA-256 primitive: hashValue appends ":env", so compare through node directly.
        return expect(sha256Hex(v.hashed_string)).toBe(v.expected_sha256_hex);
      }
      if (v.normalization === 'java-lowercase-whole-string') {
        // Java's quirk: only the primitive is checked, on the exact string Java hashes.
        const colon = v.hashed_string.lastIndexOf(':');
        const hash = hashValue(v.hashed_string.slice(0, colon), v.hashed_string.slice(colon + 1));
        return expect(hash).toBe(v.expected_sha256_hex);
      }
      const hasher = new KeyHasher({
        environmentId: v.environment_id,
        normalizeKeys: v.normalization === 'lowercase-value',
        hashSearchKeys: true,
      });
      for (const field of ['record_key', 'key1', 'service_key3'] satisfies StringKey[])
        expect(hasher.encode(field, v.input), field).toBe(v.expected_sha256_hex);
      expect(
        `${v.normalization === 'lowercase-value' ? v.input.toLowerCase() : v.input}:${v.environment_id}`,
      ).toBe(v.hashed_string);
    });
  }
});

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
