import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CustomEncryptionConfig } from '../../src/crypto/custom-cipher.js';
import { customPrefix } from '../../src/crypto/custom-cipher.js';
import { validateCustomEncryptionConfigs } from '../../src/crypto/custom-encryption.js';
import { validateSecrets } from '../../src/crypto/secrets-data.js';
import { StorageConfigValidationError } from '../../src/errors.js';
import { cbcConfig } from './custom-cipher-fixture.js';

const CUSTOM_KEY = randomBytes(32).toString('base64');
const secrets = validateSecrets({
  currentVersion: 1,
  secrets: [
    { secret: 'regular password', version: 0 },
    { secret: CUSTOM_KEY, version: 1, isForCustomEncryption: true },
  ],
});

const identity = (version: string, extra: Partial<CustomEncryptionConfig> = {}): CustomEncryptionConfig => ({
  version,
  encrypt: (t) => t,
  decrypt: (t) => t,
  ...extra,
});

async function rejection(configs: unknown, withSecrets = secrets): Promise<StorageConfigValidationError> {
  const error = await validateCustomEncryptionConfigs(configs as CustomEncryptionConfig[], withSecrets).catch(
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageConfigValidationError);
  return error as StorageConfigValidationError;
}

describe('customPrefix', () => {
  it('is c + base64 of the version (docs/protocol.md#ciphertext-formats example)', () => {
    expect(customPrefix('customEncryption')).toBe('cY3VzdG9tRW5jcnlwdGlvbg==');
  });
});

describe('validateCustomEncryptionConfigs', () => {
  it('accepts working configs and hands over the decoded key bytes and version', async () => {
    const seen: Array<[string, number]> = [];
    const spy = identity('spy', {
      encrypt: (t, key, v) => {
        seen.push([key.toString('base64'), v]);
        return t;
      },
    });
    await validateCustomEncryptionConfigs([{ ...cbcConfig }, spy], secrets);
    expect(seen).toEqual([[CUSTOM_KEY, 1]]);
  });

  it('rejects an empty list and a non-array', async () => {
    expect((await rejection([])).message).toMatch(/must not be empty/);
    expect((await rejection('x')).message).toMatch(/must be an array/);
  });

  it('rejects configs of the wrong shape, naming the field', async () => {
    expect((await rejection([{ version: 'a', encrypt: 1, decrypt: (t: string) => t }])).message).toMatch(
      /0\.encrypt: expected a function/,
    );
    expect((await rejection([identity('')])).message).toMatch(/0\.version: expected a non-empty string/);
    expect((await rejection([identity('a', { isCurrent: 'yes' as never })])).message).toMatch(
      /0\.isCurrent: expected a boolean/,
    );
  });

  it('rejects duplicate versions and several current configs', async () => {
    expect((await rejection([identity('a'), identity('a')])).message).toMatch(
      /1\.version: duplicate version "a"/,
    );
    expect(
      (await rejection([identity('a', { isCurrent: true }), identity('b', { isCurrent: true })])).message,
    ).toMatch(/only one config may be isCurrent \(found 2\)/);
  });

  it('requires a secret marked isForCustomEncryption', async () => {
    const error = await rejection([identity('a')], validateSecrets('just a password'));
    expect(error.message).toMatch(/needs at least one secret with isForCustomEncryption/);
  });

  it('requires the current secret to be a custom one when a config is current', async () => {
    const regularCurrent = validateSecrets({
      currentVersion: 0,
      secrets: [
        { secret: 'pw', version: 0 },
        { secret: CUSTOM_KEY, version: 1, isForCustomEncryption: true },
      ],
    });
    expect((await rejection([identity('a', { isCurrent: true })], regularCurrent)).message).toMatch(
      /current secret \(version 0\) must have isForCustomEncryption/,
    );
  });

  it('probes a round trip: throwing, non-string and lossy ciphers fail with the config named', async () => {
    const throwing = identity('boom', {
      encrypt: () => {
        throw new Error('nope');
      },
    });
    expect((await rejection([throwing])).message).toMatch(
      /config "boom" with secret version 1: round trip failed \(Custom encryption "boom" failed: its encrypt function threw\)/,
    );
    const nonString = identity('num', { encrypt: () => 42 as never });
    expect((await rejection([nonString])).message).toMatch(/encrypt must return a string/);
    const badDecrypt = identity('num', { decrypt: async () => null as never });
    expect((await rejection([badDecrypt])).message).toMatch(/decrypt must return a string/);
    const lossy = identity('lossy', { decrypt: (t) => t.toUpperCase() });
    expect((await rejection([lossy])).message).toMatch(
      /config "lossy" with secret version 1: decrypt\(encrypt\(text\)\) does not return/,
    );
  });
});
