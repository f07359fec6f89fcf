/**
 * Custom encryption end to end: records written with a custom cipher, read back, found, and readable again
 * once the default cipher is current (old data under a listed config stays decryptable).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type CustomEncryptionConfig,
  EncryptionType,
  SecretKeyAccessor,
  Storage,
  StorageConfigValidationError,
} from '../../src/index.js';
import { storageFor } from './support/storages.js';
import { useLocalPop } from './support/test-pop.js';

const ctx = useLocalPop();

/** AES-256-CTR with a random IV: a stand-in for a user's own cipher (not authenticated; a test only). */
const ctr: CustomEncryptionConfig = {
  version: 'ctr-1',
  isCurrent: true,
  encrypt(text, key) {
    const iv = randomBytes(16);
    const cipher = createCipheriv('aes-256-ctr', key, iv);
    return Buffer.concat([iv, cipher.update(text, 'utf8'), cipher.final()]).toString('base64');
  },
  decrypt(ciphertext, key) {
    const raw = Buffer.from(ciphertext, 'base64');
    const decipher = createDecipheriv('aes-256-ctr', key, raw.subarray(0, 16));
    return Buffer.concat([decipher.update(raw.subarray(16)), decipher.final()]).toString('utf8');
  },
};

const customKey = randomBytes(32).toString('base64');

describe('custom encryption', () => {
  it('writes with the current custom cipher and reads it back', async () => {
    const storage = await storageFor(ctx.pop, EncryptionType.LOCAL, {
      secretKeyAccessor: new SecretKeyAccessor(() => ({
        currentVersion: 3,
        secrets: [{ secret: customKey, version: 3, isForCustomEncryption: true }],
      })),
      customEncryptionConfigs: [ctr],
    });
    const written = await storage.write('us', {
      record_key: 'c-1',
      key1: 'k',
      body: 'secret body',
      precommit_body: 'pre',
    });
    const raw = written[Storage.HTTP_DEBUG_KEY]?.body as Record<string, string>;
    const prefix = `c${Buffer.from('ctr-1').toString('base64')}:`;
    expect(raw.body?.startsWith(prefix)).toBe(true);
    expect(raw.precommit_body?.startsWith(prefix)).toBe(true);
    expect((await storage.read('us', 'c-1')).record).toMatchObject({
      body: 'secret body',
      precommit_body: 'pre',
      version: 3,
    });
    expect((await storage.find('us', { key1: 'k' })).data[0]?.body).toBe('secret body');
  });

  it('after switching back to the default cipher, custom-encrypted records still read and migrate', async () => {
    const custom = await storageFor(ctx.pop, EncryptionType.LOCAL, {
      secretKeyAccessor: new SecretKeyAccessor(() => ({
        currentVersion: 3,
        secrets: [{ secret: customKey, version: 3, isForCustomEncryption: true }],
      })),
      customEncryptionConfigs: [ctr],
    });
    await custom.write('us', { record_key: 'c-2', body: 'old custom' });

    const rotated = await storageFor(ctx.pop, EncryptionType.LOCAL, {
      secretKeyAccessor: new SecretKeyAccessor(() => ({
        currentVersion: 4,
        secrets: [
          { secret: customKey, version: 3, isForCustomEncryption: true },
          { secret: 'a plain password', version: 4 },
        ],
      })),
      customEncryptionConfigs: [{ ...ctr, isCurrent: false }],
    });
    expect((await rotated.read('us', 'c-2')).record.body).toBe('old custom');
    expect(await rotated.migrate('us')).toEqual({ migrated: 1, totalLeft: 0 });
    const raw = (await rotated.read('us', 'c-2'))[Storage.HTTP_DEBUG_KEY]?.body as Record<string, string>;
    expect(raw.body?.startsWith('2:')).toBe(true);
  });

  it('a cipher that does not round-trip is refused by createStorage', async () => {
    const broken: CustomEncryptionConfig = { ...ctr, decrypt: () => 'something else' };
    await expect(
      storageFor(ctx.pop, EncryptionType.LOCAL, {
        secretKeyAccessor: new SecretKeyAccessor(() => ({
          currentVersion: 3,
          secrets: [{ secret: customKey, version: 3, isForCustomEncryption: true }],
        })),
        customEncryptionConfigs: [broken],
      }),
    ).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof StorageConfigValidationError &&
        /^createStorage\(\) failed: .*round trip|does not return/.test((e as Error).message),
    );
  });
});
