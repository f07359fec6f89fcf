/**
 * The codec's verified decode (docs/protocol.md#verified-keys) on its own: SSE compares plain keys,
 * legacy `meta.key` verifies, an envelope that names no record key cannot be verified, and every official
 * vector record verifies against its own key.
 */
import { describe, expect, it } from 'vitest';
import { hashValue } from '../../src/crypto/key-hasher.js';
import { encodePlaintext } from '../../src/crypto/plaintext-cipher.js';
import { createRecordCodec } from '../../src/crypto/record-codec.js';
import { SecretKeyAccessor } from '../../src/crypto/secret-key-accessor.js';
import { StorageCryptoError } from '../../src/errors.js';
import type { WireRecord } from '../../src/wire/record.js';
import { loadVectors } from '../support/vectors.js';

const ENV = 'env';
const h = (value: string) => hashValue(value, ENV);

describe('decodeVerified', () => {
  it('SSE: the plain record_key must be one asked for', async () => {
    const codec = await createRecordCodec({ mode: 'SSE', environmentId: ENV });
    const wire: WireRecord = { record_key: 'bob', body: 'b' };
    await expect(codec.decodeVerified(wire, { recordKeys: ['alice'] })).rejects.toThrow(
      /record_key is not one the request asked for/,
    );
    expect((await codec.decodeVerified(wire, { recordKeys: ['bob'] })).body).toBe('b');
    expect((await codec.decodeVerified(wire, {})).record_key).toBe('bob');
  });

  it('OFF: legacy meta.key verifies; an envelope without a record key, or without a body, does not', async () => {
    const codec = await createRecordCodec({ mode: 'OFF', environmentId: ENV });
    const legacy = { record_key: h('k'), body: encodePlaintext('{"meta":{"key":"k"},"payload":"p"}') };
    expect((await codec.decodeVerified(legacy, { recordKeys: [h('k')] })).record_key).toBe('k');
    const nameless = {
      record_key: h('k'),
      body: encodePlaintext('{"meta":"{\\"key\\":\\"k\\"}","payload":"p"}'),
    };
    await expect(codec.decodeVerified(nameless, {})).rejects.toThrow(/envelope names no record key/);
    await expect(codec.decodeVerified({ record_key: h('k'), body: null }, {})).rejects.toBeInstanceOf(
      StorageCryptoError,
    );
    // The lenient decode (write answers) is unchanged.
    expect((await codec.decode(nameless)).record_key).toBe(h('k'));
  });

  it('hashes remembered for one answer do not let a later record with an altered key through', async () => {
    const codec = await createRecordCodec({
      mode: 'LOCAL',
      environmentId: ENV,
      secretKeyAccessor: new SecretKeyAccessor(() => 'pw'),
    });
    const [first, second] = await Promise.all(
      ['a', 'b'].map((k) => codec.encode({ record_key: k, key3: 'shared', key5: 'Shared', body: 'x' })),
    );
    const expected = { hashes: new Map<string, string>() };
    expect((await codec.decodeVerified(first as WireRecord, expected)).key3).toBe('shared');
    expect(expected.hashes.get('shared')).toBe(h('shared'));
    // The second record's envelope says key3 is 'shared' too, but its wire key3 was swapped for another's.
    const swapped = { ...(second as WireRecord), key3: h('other') };
    await expect(codec.decodeVerified(swapped, expected)).rejects.toThrow(
      /Record keys do not match: key3 does not match the encrypted envelope/,
    );
    expect((await codec.decodeVerified(second as WireRecord, expected)).key5).toBe('Shared');
    // Record keys are unique within an answer, so they are not remembered.
    expect([...expected.hashes.keys()].sort()).toEqual(['Shared', 'shared']);
  });

  it('every official vector record verifies against its own record key', async () => {
    interface RecordVector {
      id: string;
      environment_id: string;
      options: { normalize_keys: boolean; hash_search_keys: boolean };
      secrets_data: never;
      api_record: Record<string, unknown>;
      decrypted_record: { record_key: string };
    }
    const { vectors } = loadVectors<{ vectors: RecordVector[] }>('records');
    expect(vectors.length).toBeGreaterThan(10);
    for (const vector of vectors) {
      const codec = await createRecordCodec({
        mode: 'LOCAL',
        environmentId: vector.environment_id,
        normalizeKeys: vector.options.normalize_keys,
        hashSearchKeys: vector.options.hash_search_keys,
        secretKeyAccessor: new SecretKeyAccessor(() => vector.secrets_data),
      });
      const wire = vector.api_record as unknown as WireRecord;
      const record = await codec.decodeVerified(wire, { recordKeys: [wire.record_key] });
      expect(record.record_key, vector.id).toBe(vector.decrypted_record.record_key);
    }
  });
});
