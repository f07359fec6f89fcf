/**
 * Key rotation and migrate() to zero, including records that cannot be decrypted (a wrong secret under a
 * known version, and an unknown version): they are reported, skipped, and never keep totalLeft above 0.
 */
import { describe, expect, it } from 'vitest';
import {
  EncryptionType,
  SecretKeyAccessor,
  type SecretsData,
  Storage,
  StorageCryptoError,
} from '../../src/index.js';
import { storageFor } from './support/storages.js';
import { useLocalPop } from './support/test-pop.js';

const ctx = useLocalPop();

const V1 = { secret: 'first password', version: 1 };
const V2 = { secret: 'second password', version: 2 };

function accessor(data: SecretsData): SecretKeyAccessor {
  return new SecretKeyAccessor(() => data);
}

async function seed() {
  const old = await storageFor(ctx.pop, EncryptionType.LOCAL, {
    secretKeyAccessor: accessor({ currentVersion: 1, secrets: [V1] }),
  });
  await old.batchWrite(
    'us',
    Array.from({ length: 7 }, (_, i) => ({
      record_key: `user-${i}`,
      key1: `k${i}`,
      body: `body ${i}`,
      range_key1: i,
    })),
  );
  // Same version number, different secret: the current accessor holds version 1 but cannot decrypt it.
  const impostor = await storageFor(ctx.pop, EncryptionType.LOCAL, {
    secretKeyAccessor: accessor({
      currentVersion: 1,
      secrets: [{ secret: 'not the first password', version: 1 }],
    }),
  });
  await impostor.write('us', { record_key: 'wrong-secret', body: 'x' });
  // A version the current accessor has never heard of.
  const stranger = await storageFor(ctx.pop, EncryptionType.LOCAL, {
    secretKeyAccessor: accessor({ currentVersion: 7, secrets: [{ secret: 'seventh', version: 7 }] }),
  });
  await stranger.write('us', { record_key: 'unknown-version', body: 'y' });
}

describe('migrate', () => {
  it('re-encrypts everything decryptable to the current version and reaches totalLeft 0', async () => {
    await seed();
    const rotated = await storageFor(ctx.pop, EncryptionType.LOCAL, {
      secretKeyAccessor: accessor({ currentVersion: 2, secrets: [V1, V2] }),
    });

    const before = await rotated.find('us', {}, { limit: 100 });
    expect(before.data).toHaveLength(7);
    // A wrong secret and an unknown version (after one automatic refresh) are both crypto errors.
    expect(before.errors?.map((e) => e.error.constructor)).toEqual([StorageCryptoError, StorageCryptoError]);

    const progress: Array<{ migrated: number; totalLeft: number; errors: number }> = [];
    for (let call = 0; call < 10; call++) {
      const result = await rotated.migrate('us', 3);
      progress.push({
        migrated: result.migrated,
        totalLeft: result.totalLeft,
        errors: result.errors?.length ?? 0,
      });
      if (result.totalLeft === 0) break;
    }
    expect(progress.at(-1)?.totalLeft).toBe(0);
    expect(progress.reduce((sum, p) => sum + p.migrated, 0)).toBe(7);
    expect(progress.length).toBeLessThanOrEqual(4);

    const migrated = await rotated.find('us', { version: 2 });
    expect(migrated.meta.total).toBe(7);
    expect(migrated.data.map((r) => r.body).sort()).toEqual(Array.from({ length: 7 }, (_, i) => `body ${i}`));
    expect((await rotated.read('us', 'user-3')).record).toMatchObject({
      key1: 'k3',
      range_key1: 3,
      version: 2,
    });
    // Old secret gone: the migrated records still read.
    const onlyNew = await storageFor(ctx.pop, EncryptionType.LOCAL, {
      secretKeyAccessor: accessor({ currentVersion: 2, secrets: [V2] }),
    });
    expect((await onlyNew.find('us', { version: 2 })).data).toHaveLength(7);

    // Once only undecryptable records are left, every call ends at once with totalLeft 0 and reports them.
    const again = await rotated.migrate('us');
    expect(again.migrated).toBe(0);
    expect(again.totalLeft).toBe(0);
    expect(again.errors?.map((e) => e.rawData.version).sort()).toEqual([1, 7]);
  });

  it('pages past undecryptable records even when they fill whole pages', async () => {
    await seed();
    const rotated = await storageFor(ctx.pop, EncryptionType.LOCAL, {
      secretKeyAccessor: accessor({ currentVersion: 2, secrets: [V1, V2] }),
    });
    let total = 0;
    for (let call = 0; call < 20; call++) {
      const result = await rotated.migrate('us', 1);
      total += result.migrated;
      if (result.totalLeft === 0) break;
    }
    expect(total).toBe(7);
    expect((await rotated.find('us', { version: { $not: 2 } })).meta.total).toBe(2);
  });

  it('debug: the raw responses of every request it made, find then batchWrite', async () => {
    const old = await storageFor(ctx.pop, EncryptionType.LOCAL, {
      secretKeyAccessor: accessor({ currentVersion: 1, secrets: [V1] }),
    });
    await old.write('us', { record_key: 'only', body: 'b' });
    const rotated = await storageFor(ctx.pop, EncryptionType.LOCAL, {
      secretKeyAccessor: accessor({ currentVersion: 2, secrets: [V1, V2] }),
    });
    const result = await rotated.migrate('us');
    expect(result).toEqual({ migrated: 1, totalLeft: 0 });
    const debug = result[Storage.HTTP_DEBUG_KEY];
    expect(debug?.map((d) => [d.method, d.url.split('/').at(-1), d.statusCode])).toEqual([
      ['POST', 'find', 200],
      ['POST', 'batchWrite', 201],
    ]);
  });

  it('validates limit (1..100) before any request', async () => {
    const storage = await storageFor(ctx.pop, EncryptionType.LOCAL);
    for (const limit of [0, 101, 1.5, '10']) {
      await expect(storage.migrate('us', limit as number)).rejects.toThrow(
        /^migrate\(\) failed: limit: must be an integer from 1 to 100/,
      );
    }
    expect(ctx.pop.admin.requests()).toHaveLength(0);
  });
});
