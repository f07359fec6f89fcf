import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashValue, KeyHasher } from '../../src/crypto/key-hasher.js';
import { ALWAYS_HASHED_KEYS, SEARCH_KEYS } from '../../src/fields.js';

describe('hashValue', () => {
  it('is sha256 hex of value:environmentId (docs/protocol.md#hashing)', () => {
    expect(hashValue('InCountryKey', 'InCountry')).toBe(
      '976143aa1fd12b9ad7449fd9d3a6d25347d71b890b49d4fb5c738e798238865f',
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (value, env) => {
        expect(hashValue(value, env)).toBe(createHash('sha256').update(`${value}:${env}`).digest('hex'));
      }),
    );
  });
});

describe('KeyHasher', () => {
  it('hashes always-hashed keys, and key1..key20 only with hashSearchKeys', () => {
    const hashed = new KeyHasher({ environmentId: 'e', normalizeKeys: false, hashSearchKeys: true });
    const plain = new KeyHasher({ environmentId: 'e', normalizeKeys: false, hashSearchKeys: false });
    for (const field of ALWAYS_HASHED_KEYS) {
      expect(hashed.isHashed(field)).toBe(true);
      expect(plain.isHashed(field)).toBe(true);
      expect(plain.encode(field, 'V')).toBe(hashValue('V', 'e'));
    }
    for (const field of SEARCH_KEYS) {
      expect(hashed.isHashed(field)).toBe(true);
      expect(plain.isHashed(field)).toBe(false);
      expect(plain.encode(field, 'V')).toBe('V');
    }
  });

  it('normalizes only the value, and only values that get hashed (docs/protocol.md#normalisation)', () => {
    const hasher = new KeyHasher({ environmentId: 'EnvID', normalizeKeys: true, hashSearchKeys: false });
    expect(hasher.encode('record_key', 'ABC')).toBe(hashValue('abc', 'EnvID'));
    expect(hasher.encode('key1', 'ABC')).toBe('ABC');
  });
});
