/**
 * Automatic refresh of secrets on rotation, end to end against the local PoP: one process (the writer)
 * rotates to a new secret version, another (the reader) meets records of that version. The reader's
 * accessor answers differently between calls, as a vault would after the rollout; its getter calls are
 * counted to show the refresh is single-flight and rate-limited.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type CustomEncryptionConfig,
  EncryptionType,
  SecretKeyAccessor,
  type SecretKeyAccessorOptions,
  type SecretsData,
  SecretsProviderError,
  StorageConfigValidationError,
  StorageCryptoError,
  secretsFromFile,
} from '../../src/index.js';
import { cbcConfig } from '../crypto/custom-cipher-fixture.js';
import { storageFor } from './support/storages.js';
import { useLocalPop } from './support/test-pop.js';

const ctx = useLocalPop();

const V1 = { secret: 'first password', version: 1 };
const V2 = { secret: randomBytes(32).toString('base64'), version: 2, isKey: true };
const RECORDS = 24;

/** A secret source whose answer the test changes, counting how often it is asked. */
function changingSource(first: SecretsData, options: SecretKeyAccessorOptions = {}) {
  const source = {
    answer: first as SecretsData | Error,
    calls: 0,
    accessor: undefined as unknown as SecretKeyAccessor,
  };
  source.accessor = new SecretKeyAccessor(async () => {
    source.calls++;
    // The getter yields, so concurrent callers really overlap with a pending refresh.
    await new Promise((resolve) => setImmediate(resolve));
    if (source.answer instanceof Error) throw source.answer;
    return source.answer;
  }, options);
  return source;
}

/** The writer has already rotated to version 2 and writes RECORDS records with it. */
async function writeWithVersion2(): Promise<void> {
  const writer = await storageFor(ctx.pop, EncryptionType.LOCAL, {
    secretKeyAccessor: new SecretKeyAccessor(() => ({ currentVersion: 2, secrets: [V1, V2] })),
  });
  await writer.batchWrite(
    'us',
    Array.from({ length: RECORDS }, (_, i) => ({ record_key: `r-${i}`, key1: 'fleet', body: `body ${i}` })),
  );
}

async function readerOn(source: ReturnType<typeof changingSource>, extra: Record<string, unknown> = {}) {
  return storageFor(ctx.pop, EncryptionType.LOCAL, { secretKeyAccessor: source.accessor, ...extra });
}

/** Many reads and two finds at once, as a busy service would issue them. */
async function readEverything(storage: Awaited<ReturnType<typeof readerOn>>) {
  return Promise.all([
    Promise.allSettled(Array.from({ length: RECORDS }, (_, i) => storage.read('us', `r-${i}`))),
    storage.find('us', { key1: 'fleet' }),
    storage.find('us', {}, { limit: 5 }),
  ]);
}

describe('automatic secrets refresh', () => {
  it('refreshes once for many concurrent reads of a new version, then reads them all', async () => {
    const source = changingSource({ currentVersion: 1, secrets: [V1] });
    const reader = await readerOn(source);
    expect(source.calls).toBe(1);
    await writeWithVersion2();

    source.answer = { currentVersion: 2, secrets: [V1, V2] }; // the rollout reached the reader's vault
    const [reads, found, page] = await readEverything(reader);

    expect(source.calls).toBe(2);
    expect(reads.map((r) => r.status)).toEqual(Array(RECORDS).fill('fulfilled'));
    expect(reads.map((r) => (r.status === 'fulfilled' ? r.value.record.body : null))).toEqual(
      Array.from({ length: RECORDS }, (_, i) => `body ${i}`),
    );
    expect(found.data).toHaveLength(RECORDS);
    expect(found.errors).toBeUndefined();
    expect(page.data).toHaveLength(5);
    // The reader now writes with version 2 too.
    expect((await reader.write('us', { record_key: 'mine', body: 'x' })).record.version).toBe(2);
    expect(source.calls).toBe(2);
  });

  it('reports a version still unknown after the refresh: read throws, find lists the records in errors', async () => {
    const source = changingSource({ currentVersion: 1, secrets: [V1] });
    const reader = await readerOn(source);
    await writeWithVersion2();

    const [reads, found] = await readEverything(reader);

    expect(source.calls).toBe(2); // one refresh for all of them
    for (const read of reads) {
      expect(read.status).toBe('rejected');
      const error = (read as PromiseRejectedResult).reason as Error;
      expect(error).toBeInstanceOf(StorageCryptoError);
      // The first reads waited for the refresh; later ones find it just done and are not refreshed again.
      expect(error.message).toMatch(
        /^read\(\) failed: Secret not found for version 2: the secret key accessor does not return it/,
      );
    }
    expect(found.data).toEqual([]);
    expect(found.errors).toHaveLength(RECORDS);
    for (const { error, rawData } of found.errors ?? []) {
      expect(error).toBeInstanceOf(StorageCryptoError);
      expect(error.message).toMatch(/Secret not found for version 2/);
      expect(rawData.version).toBe(2);
    }
  });

  it('refreshes at most once per minRefreshIntervalMs', async () => {
    let now = 1_000_000;
    const source = changingSource(
      { currentVersion: 1, secrets: [V1] },
      { minRefreshIntervalMs: 60_000, now: () => now },
    );
    const reader = await readerOn(source);
    await writeWithVersion2();

    await expect(reader.read('us', 'r-0')).rejects.toThrow(/even after refreshing/);
    expect(source.calls).toBe(2);

    source.answer = { currentVersion: 2, secrets: [V1, V2] };
    now += 59_999;
    await expect(reader.read('us', 'r-1')).rejects.toThrow(
      /refreshed moments ago.*once per minRefreshIntervalMs/,
    );
    expect((await reader.find('us', { key1: 'fleet' })).errors).toHaveLength(RECORDS);
    expect(source.calls).toBe(2);

    now += 1;
    expect((await reader.read('us', 'r-1')).record.body).toBe('body 1');
    expect(source.calls).toBe(3);
  });

  it('never refreshes on its own when refreshOnUnknownVersion is false; refresh() still works', async () => {
    const source = changingSource({ currentVersion: 1, secrets: [V1] }, { refreshOnUnknownVersion: false });
    const reader = await readerOn(source);
    await writeWithVersion2();
    source.answer = { currentVersion: 2, secrets: [V1, V2] };

    await expect(reader.read('us', 'r-0')).rejects.toThrow(/automatic refresh is off/);
    expect(source.calls).toBe(1);
    await source.accessor.refresh();
    expect((await reader.read('us', 'r-0')).record.body).toBe('body 0');
  });

  it('keeps the old secrets when the refresh fails, and says why the record cannot be read', async () => {
    const source = changingSource({ currentVersion: 1, secrets: [V1] }, { minRefreshIntervalMs: 0 });
    const reader = await readerOn(source);
    await reader.write('us', { record_key: 'old', body: 'old body' });
    await writeWithVersion2();
    source.answer = new Error('vault unreachable');

    const failure = (await reader.read('us', 'r-0').then(
      () => undefined,
      (error: unknown) => error,
    )) as StorageCryptoError;
    expect(failure).toBeInstanceOf(StorageCryptoError);
    expect(failure.message).toMatch(/Secret not found for version 2: refreshing the secrets failed/);
    // read() wraps the codec's error, whose cause is the accessor's.
    expect((failure.cause as Error).cause).toBeInstanceOf(SecretsProviderError);
    expect((await reader.read('us', 'old')).record.body).toBe('old body');

    source.answer = { currentVersion: 2, secrets: [V1, V2] };
    expect((await reader.read('us', 'r-0')).record.body).toBe('body 0');
  });

  it('re-probes custom ciphers with the refreshed secrets before using them', async () => {
    const custom = (version: number) => ({
      secret: randomBytes(32).toString('base64'),
      version,
      isForCustomEncryption: true,
    });
    const C1 = custom(1);
    const C2 = custom(2);
    const probedVersions: number[] = [];
    const watched: CustomEncryptionConfig = {
      ...cbcConfig,
      encrypt: (text, key, keyVersion) => {
        probedVersions.push(keyVersion);
        return cbcConfig.encrypt(text, key, keyVersion);
      },
    };
    const writer = await storageFor(ctx.pop, EncryptionType.LOCAL, {
      secretKeyAccessor: new SecretKeyAccessor(() => ({ currentVersion: 2, secrets: [C1, C2] })),
      customEncryptionConfigs: [cbcConfig],
    });
    await writer.write('us', { record_key: 'c', body: 'custom body' });

    const source = changingSource({ currentVersion: 1, secrets: [C1] });
    const reader = await readerOn(source, { customEncryptionConfigs: [watched] });
    expect(probedVersions).toEqual([1]);

    source.answer = { currentVersion: 2, secrets: [C1, C2] };
    expect((await reader.read('us', 'c')).record.body).toBe('custom body');
    expect(probedVersions).toEqual([1, 1, 2]); // every (secret, config) pair again, the new secret included
  });

  it('refuses refreshed secrets that break a custom cipher', async () => {
    const C1 = { secret: randomBytes(32).toString('base64'), version: 1, isForCustomEncryption: true };
    const source = changingSource({ currentVersion: 1, secrets: [C1] });
    const reader = await readerOn(source, { customEncryptionConfigs: [cbcConfig] });
    const writer = await storageFor(ctx.pop, EncryptionType.LOCAL, {
      secretKeyAccessor: new SecretKeyAccessor(() => ({
        currentVersion: 2,
        secrets: [
          C1,
          { secret: randomBytes(32).toString('base64'), version: 2, isForCustomEncryption: true },
        ],
      })),
      customEncryptionConfigs: [cbcConfig],
    });
    await writer.write('us', { record_key: 'c', body: 'x' });

    // A 16-byte key: AES-256-CBC cannot use it, so the probe fails and the secrets are not used.
    const short = { secret: randomBytes(16).toString('base64'), version: 2, isForCustomEncryption: true };
    source.answer = { currentVersion: 1, secrets: [C1, short] };
    const { errors } = await reader.find('us', {});
    expect(errors?.[0]?.error).toBeInstanceOf(StorageConfigValidationError);
    expect(errors?.[0]?.error.message).toMatch(/secret version 2: round trip failed/);
  });

  it('picks up a replaced secrets file when a record of the new version arrives', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'incountry-refresh-'));
    try {
      const path = join(dir, 'secrets.json');
      writeFileSync(path, JSON.stringify({ currentVersion: 1, secrets: [V1] }));
      const reader = await storageFor(ctx.pop, EncryptionType.LOCAL, {
        secretKeyAccessor: secretsFromFile(path),
      });
      await writeWithVersion2();

      writeFileSync(path, JSON.stringify({ currentVersion: 2, secrets: [V1, V2] })); // the rollout
      const { data, errors } = await reader.find('us', { key1: 'fleet' });
      expect(errors).toBeUndefined();
      expect(data).toHaveLength(RECORDS);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
