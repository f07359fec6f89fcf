/**
 * Property tests of the cipher round trips, plus the key-cache behaviour docs/architecture.md#performance-design relies on: salt reuse
 * and rotation, single-flight derivation, decrypt-side caching and LRU eviction.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SALT_LENGTH } from '../../src/crypto/aes-gcm-cipher.js';
import { CipherSuite } from '../../src/crypto/cipher-suite.js';
import { DerivedKeyCache } from '../../src/crypto/derived-key-cache.js';
import { LruCache } from '../../src/crypto/lru-cache.js';
import { decodePlaintext, encodePlaintext } from '../../src/crypto/plaintext-cipher.js';
import { validateSecrets } from '../../src/crypto/secrets-data.js';
import { cbcConfig } from './custom-cipher-fixture.js';

const text = fc.string({ unit: 'binary', maxLength: 300 });
const RAW_KEY = randomBytes(32).toString('base64');
const CUSTOM_KEY = randomBytes(32).toString('base64');

function saltOf(ciphertext: string): string {
  return Buffer.from(ciphertext.slice(2), 'base64').subarray(0, SALT_LENGTH).toString('hex');
}

function ivOf(ciphertext: string): string {
  return Buffer.from(ciphertext.slice(2), 'base64')
    .subarray(SALT_LENGTH, SALT_LENGTH + 12)
    .toString('hex');
}

describe('round trips (fast-check)', () => {
  it('2: with a password secret', async () => {
    const suite = new CipherSuite();
    const secrets = validateSecrets('a password');
    await fc.assert(
      fc.asyncProperty(text, async (plain) => {
        const ct = await suite.encrypt(plain, secrets);
        expect(ct.startsWith('2:')).toBe(true);
        expect(await new CipherSuite().decrypt(ct, 0, secrets)).toBe(plain);
      }),
      { numRuns: 60 },
    );
  });

  it('2: with a raw isKey secret', async () => {
    const suite = new CipherSuite();
    const secrets = validateSecrets({
      currentVersion: 3,
      secrets: [{ secret: RAW_KEY, version: 3, isKey: true }],
    });
    await fc.assert(
      fc.asyncProperty(text, async (plain) => {
        const ct = await suite.encrypt(plain, secrets);
        expect(await suite.decrypt(ct, 3, secrets)).toBe(plain);
      }),
    );
    expect(suite.keys.derivations).toBe(0);
  });

  it('custom cipher (Python/Java wire form)', async () => {
    const suite = new CipherSuite({ customEncryptionConfigs: [cbcConfig] });
    const secrets = validateSecrets({
      currentVersion: 1,
      secrets: [{ secret: CUSTOM_KEY, version: 1, isForCustomEncryption: true }],
    });
    await fc.assert(
      fc.asyncProperty(text, async (plain) => {
        const ct = await suite.encrypt(plain, secrets);
        expect(ct.startsWith(`c${Buffer.from('cbc-v1').toString('base64')}:`)).toBe(true);
        // The data part is base64 of the UTF-8 of the custom output (hex here).
        expect(Buffer.from(ct.split(':')[1]!, 'base64').toString('utf8')).toMatch(/^[0-9a-f]+$/);
        expect(await suite.decrypt(ct, 1, secrets)).toBe(plain);
      }),
      { numRuns: 60 },
    );
  });

  it('pt: base64 plain text', () => {
    fc.assert(
      fc.property(text, (plain) => {
        const ct = encodePlaintext(plain);
        expect(ct.startsWith('pt:')).toBe(true);
        expect(decodePlaintext(ct.slice(3))).toBe(plain);
      }),
    );
  });

  it('reads pt: without any secret, and a secret rotation keeps old data readable', async () => {
    const suite = new CipherSuite();
    expect(await suite.decrypt(encodePlaintext('x'), 0, undefined)).toBe('x');
    const v1 = validateSecrets({ currentVersion: 1, secrets: [{ secret: 'one', version: 1 }] });
    const ct = await suite.encrypt('old data', v1);
    const v2 = validateSecrets({
      currentVersion: 2,
      secrets: [
        { secret: 'one', version: 1 },
        { secret: RAW_KEY, version: 2, isKey: true },
      ],
    });
    expect(await suite.decrypt(ct, 1, v2)).toBe('old data');
    await expect(suite.decrypt(ct, 2, v2)).rejects.toThrow(/Decryption failed with the secret of version 2/);
  });
});

describe('derived key cache', () => {
  it('reuses one salt per secret with fresh IVs, and rotates after the usage bound', async () => {
    const suite = new CipherSuite({ saltUsageLimit: 3 });
    const secrets = validateSecrets('pw');
    const cts: string[] = [];
    for (let i = 0; i < 7; i++) cts.push(await suite.encrypt(`m${i}`, secrets));
    const salts = cts.map(saltOf);
    expect(new Set(salts.slice(0, 3)).size).toBe(1);
    expect(new Set(salts.slice(3, 6)).size).toBe(1);
    expect(salts[3]).not.toBe(salts[0]);
    expect(salts[6]).not.toBe(salts[3]);
    expect(new Set(cts.map(ivOf)).size).toBe(7);
    expect(suite.keys.derivations).toBe(3);
  });

  it('shares one derivation between concurrent first encryptions', async () => {
    const suite = new CipherSuite();
    const secrets = validateSecrets('pw');
    const cts = await Promise.all(Array.from({ length: 20 }, (_, i) => suite.encrypt(`m${i}`, secrets)));
    expect(suite.keys.derivations).toBe(1);
    expect(new Set(cts.map(saltOf)).size).toBe(1);
  });

  it('caches keys for decryption too: many records under one salt cost one derivation', async () => {
    const secrets = validateSecrets('pw');
    const writer = new CipherSuite();
    const cts = await Promise.all(Array.from({ length: 50 }, (_, i) => writer.encrypt(`m${i}`, secrets)));
    const reader = new CipherSuite();
    const plain = await Promise.all(cts.map((ct) => reader.decrypt(ct, 0, secrets)));
    expect(plain[49]).toBe('m49');
    expect(reader.keys.derivations).toBe(1);
  });

  it('evicts the least recently used key beyond the bound', async () => {
    const secrets = validateSecrets('pw');
    // Three writers, three salts.
    const cts = await Promise.all([0, 1, 2].map((i) => new CipherSuite().encrypt(`m${i}`, secrets)));
    const reader = new CipherSuite({ keyCacheSize: 2 });
    for (const ct of cts) await reader.decrypt(ct, 0, secrets);
    expect(reader.keys.derivations).toBe(3);
    expect(reader.keys.size).toBe(2);
    await reader.decrypt(cts[2]!, 0, secrets); // still cached
    expect(reader.keys.derivations).toBe(3);
    await reader.decrypt(cts[0]!, 0, secrets); // evicted, derived again
    expect(reader.keys.derivations).toBe(4);
  });

  it('keeps keys of different secrets apart even under the same salt', async () => {
    const keys = new DerivedKeyCache(8);
    const salt = randomBytes(64);
    const a = validateSecrets('a').current();
    const b = validateSecrets('b').current();
    const [ka, kb] = await Promise.all([keys.key(a, salt), keys.key(b, salt)]);
    expect(ka.equals(kb)).toBe(false);
    expect(keys.key(a, salt)).toBe(ka);
  });

  it('answers a repeat of the previous lookup without changing the LRU order', async () => {
    const keys = new DerivedKeyCache(2);
    const secret = validateSecrets('pw').current();
    const [a, b, c] = [randomBytes(64), randomBytes(64), randomBytes(64)];
    const ka = await keys.key(secret, a);
    await keys.key(secret, b);
    // A is now the most recent; its repeats (served by the salt comparison) must keep it so.
    expect(keys.key(secret, a)).toBe(ka);
    expect(keys.key(secret, Buffer.from(a))).toBe(ka);
    await keys.key(secret, c); // evicts B, the least recent
    expect(keys.derivations).toBe(3);
    expect(keys.key(secret, a)).toBe(ka);
    await keys.key(secret, b);
    expect(keys.derivations).toBe(4);
    // The same salt under another secret is another key, however recent the last lookup.
    const other = validateSecrets('other').current();
    expect((await keys.key(other, b)).equals(await keys.key(secret, b))).toBe(false);
  });

  it('forgets a failed derivation so the next call retries', async () => {
    const keys = new DerivedKeyCache(8);
    const secret = validateSecrets('pw').current();
    // A salt pbkdf2 refuses (not bytes) makes the derivation fail.
    const badSalt = { toString: () => 'bad' } as unknown as Buffer;
    await expect(keys.key(secret, badSalt)).rejects.toThrow(/Key derivation \(PBKDF2\) failed/);
    expect(keys.size).toBe(0);
    expect(keys.derivations).toBe(1);
  });
});

describe('LruCache', () => {
  it('evicts in least-recently-used order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 5 }),
        (keys, max) => {
          const cache = new LruCache<number, number>(max);
          const model: number[] = []; // most recent last
          for (const k of keys) {
            if (k % 2 === 0) {
              cache.set(k, k);
              if (model.includes(k)) model.splice(model.indexOf(k), 1);
              model.push(k);
              if (model.length > max) model.shift();
            } else {
              const hit = cache.get(k - 1);
              if (model.includes(k - 1)) {
                expect(hit).toBe(k - 1);
                model.splice(model.indexOf(k - 1), 1);
                model.push(k - 1);
              } else expect(hit).toBeUndefined();
            }
            expect(cache.size).toBe(model.length);
          }
          for (const k of model) expect(cache.has(k)).toBe(true);
        },
      ),
    );
  });

  it('rejects a bound below 1', () => {
    expect(() => new LruCache(0)).toThrow(RangeError);
  });
});
