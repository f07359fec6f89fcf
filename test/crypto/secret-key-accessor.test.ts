import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { SecretKeyAccessor, validateSecrets } from '../../src/crypto/secret-key-accessor.js';
import {
  SecretsProviderError,
  SecretsValidationError,
  StorageConfigValidationError,
} from '../../src/errors.js';

const KEY32 = Buffer.alloc(32, 7).toString('base64');
const KEY31 = Buffer.alloc(31, 7).toString('base64');

describe('validateSecrets', () => {
  it('treats a string as secret version 0', () => {
    const secrets = validateSecrets('a password');
    expect(secrets.currentVersion).toBe(0);
    expect(secrets.current()).toEqual({ secret: 'a password', version: 0 });
  });

  it('looks secrets up by version and names a missing one', () => {
    const secrets = validateSecrets({
      currentVersion: 2,
      secrets: [
        { secret: 'old', version: 1 },
        { secret: KEY32, version: 2, isKey: true },
      ],
    });
    expect(secrets.get(1).secret).toBe('old');
    expect(secrets.current().isKey).toBe(true);
    expect(() => secrets.get(5)).toThrow(SecretsValidationError);
    expect(() => secrets.get(5)).toThrow('Secret not found for version 5');
  });

  it('never shows secrets through JSON', () => {
    expect(JSON.stringify(validateSecrets('hunter2-canary'))).not.toContain('hunter2-canary');
  });

  const malformed: Array<[string, unknown, RegExp]> = [
    ['an empty string', '', /empty string/],
    ['null', null, /non-empty string or a SecretsData object/],
    ['a number', 42, /non-empty string or a SecretsData object/],
    ['an array', [], /non-empty string or a SecretsData object/],
    ['an empty list', { currentVersion: 0, secrets: [] }, /secrets: must contain at least one secret/],
    ['secrets not a list', { currentVersion: 0, secrets: 'x' }, /secrets: expected an array of secrets/],
    [
      'a missing currentVersion',
      { secrets: [{ secret: 's', version: 0 }] },
      /currentVersion: expected an integer >= 0/,
    ],
    [
      'currentVersion absent from the list',
      { currentVersion: 3, secrets: [{ secret: 's', version: 0 }] },
      /currentVersion 3 does not match the version of any secret/,
    ],
    [
      'duplicate versions',
      {
        currentVersion: 1,
        secrets: [
          { secret: 'a', version: 1 },
          { secret: 'b', version: 1 },
        ],
      },
      /secrets\.1\.version: duplicate secret version 1/,
    ],
    [
      'a fractional version',
      { currentVersion: 0, secrets: [{ secret: 's', version: 1.5 }] },
      /secrets\.0\.version: expected an integer >= 0/,
    ],
    [
      'a negative version',
      { currentVersion: -1, secrets: [{ secret: 's', version: -1 }] },
      /version: expected an integer >= 0/,
    ],
    [
      'a string version',
      { currentVersion: 0, secrets: [{ secret: 's', version: '0' }] },
      /secrets\.0\.version: expected an integer >= 0/,
    ],
    [
      'an empty secret',
      { currentVersion: 0, secrets: [{ secret: '', version: 0 }] },
      /secrets\.0\.secret: expected a non-empty string/,
    ],
    [
      'a non-string secret',
      { currentVersion: 0, secrets: [{ secret: 5, version: 0 }] },
      /secrets\.0\.secret: expected a non-empty string/,
    ],
    [
      'a secret that is not an object',
      { currentVersion: 0, secrets: ['s'] },
      /secrets\.0: expected a secret object/,
    ],
    [
      'isKey of 31 bytes',
      { currentVersion: 0, secrets: [{ secret: KEY31, version: 0, isKey: true }] },
      /secret version 0: an isKey secret must be the base64 encoding of exactly 32 bytes/,
    ],
    [
      'isKey that is not base64',
      { currentVersion: 4, secrets: [{ secret: 'not base64 at all!', version: 4, isKey: true }] },
      /secret version 4: an isKey secret must be the base64/,
    ],
    [
      'isKey together with isForCustomEncryption',
      {
        currentVersion: 0,
        secrets: [{ secret: KEY32, version: 0, isKey: true, isForCustomEncryption: true }],
      },
      /secret version 0: isKey and isForCustomEncryption cannot both be true/,
    ],
    [
      'isForCustomEncryption that is not base64',
      { currentVersion: 0, secrets: [{ secret: 'no!', version: 0, isForCustomEncryption: true }] },
      /secret version 0: an isForCustomEncryption secret must be non-empty standard base64/,
    ],
    [
      'a non-boolean isKey',
      { currentVersion: 0, secrets: [{ secret: KEY32, version: 0, isKey: 'yes' }] },
      /secrets\.0\.isKey: expected a boolean/,
    ],
  ];

  for (const [what, input, message] of malformed) {
    it(`rejects ${what} with SecretsValidationError`, () => {
      let caught: unknown;
      try {
        validateSecrets(input);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(SecretsValidationError);
      expect((caught as Error).message).toMatch(message);
      expect((caught as SecretsValidationError).issues.length).toBeGreaterThan(0);
    });
  }
});

describe('SecretKeyAccessor', () => {
  it('rejects a non-function getter', () => {
    expect(() => new SecretKeyAccessor('secret' as never)).toThrow(StorageConfigValidationError);
  });

  it('calls the getter once, also for concurrent first calls', async () => {
    const getter = vi.fn(async () => 'pw');
    const accessor = new SecretKeyAccessor(getter);
    const [a, b] = await Promise.all([accessor.getSecrets(), accessor.getSecrets()]);
    expect(a).toBe(b);
    await accessor.getSecrets();
    expect(getter).toHaveBeenCalledTimes(1);
  });

  it('refresh() calls the getter again and keeps identical secret objects', async () => {
    let n = 0;
    const accessor = new SecretKeyAccessor(() => ({
      currentVersion: n,
      secrets: Array.from({ length: n + 1 }, (_, v) => ({ secret: `s${v}`, version: v })),
    }));
    const first = await accessor.getSecrets();
    n = 1;
    const [second, third] = await Promise.all([accessor.refresh(), accessor.refresh()]);
    expect(second).toBe(third);
    expect(second.currentVersion).toBe(1);
    expect(second.get(0)).toBe(first.get(0));
    expect(await accessor.getSecrets()).toBe(second);
  });

  it('wraps a throwing getter in SecretsProviderError and does not cache the failure', async () => {
    let fail = true;
    const accessor = new SecretKeyAccessor(() => {
      if (fail) throw new Error('vault down');
      return 'pw';
    });
    await expect(accessor.getSecrets()).rejects.toBeInstanceOf(SecretsProviderError);
    fail = false;
    await expect(accessor.getSecrets()).resolves.toMatchObject({ currentVersion: 0 });
  });

  it('wraps a rejecting getter, keeping the kind of the reason (not its message) as a hidden cause', async () => {
    const reason = Object.assign(new TypeError('timeout with secret s3cr3t'), { code: 'ETIMEDOUT' });
    const accessor = new SecretKeyAccessor(() => Promise.reject(reason));
    const error = await accessor.getSecrets().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretsProviderError);
    expect((error as Error).cause).toMatchObject({ message: 'TypeError (ETIMEDOUT)', code: 'ETIMEDOUT' });
    expect(Object.keys(error as object)).not.toContain('cause');
  });

  it('keeps the last good secrets when a refresh fails', async () => {
    let value: unknown = 'pw';
    const accessor = new SecretKeyAccessor(() => value as string);
    const good = await accessor.getSecrets();
    value = { currentVersion: 1, secrets: [] };
    await expect(accessor.refresh()).rejects.toBeInstanceOf(SecretsValidationError);
    expect(await accessor.getSecrets()).toBe(good);
  });

  it('reports garbage from the getter as SecretsValidationError', async () => {
    const accessor = new SecretKeyAccessor(() => ({ nope: true }) as never);
    await expect(accessor.getSecrets()).rejects.toBeInstanceOf(SecretsValidationError);
  });

  it('lets a getter explain its own failure with a SecretsProviderError or SecretsValidationError', async () => {
    const own = new SecretsProviderError('secrets file /run/x cannot be read (ENOENT)');
    await expect(new SecretKeyAccessor(() => Promise.reject(own)).getSecrets()).rejects.toBe(own);
    const invalid = new SecretsValidationError('Invalid secrets: bad file');
    await expect(
      new SecretKeyAccessor(() => {
        throw invalid;
      }).getSecrets(),
    ).rejects.toBe(invalid);
  });

  it('validates its refresh options', () => {
    for (const options of [
      { minRefreshIntervalMs: -1 },
      { minRefreshIntervalMs: Number.POSITIVE_INFINITY },
      { refreshOnUnknownVersion: 'yes' },
      { refreshEvery: 5 },
    ])
      expect(() => new SecretKeyAccessor(() => 'pw', options as never), JSON.stringify(options)).toThrow(
        StorageConfigValidationError,
      );
    expect(() => new SecretKeyAccessor(() => 'pw', { minRefreshIntervalMs: 0 })).not.toThrow();
  });
});

describe('ValidatedSecrets in logs', () => {
  it('shows versions only, in JSON and util.inspect', async () => {
    const secrets = await new SecretKeyAccessor(() => ({
      currentVersion: 1,
      secrets: [{ secret: 'TOP-SECRET-PASSWORD', version: 1 }],
    })).getSecrets();
    const shown = inspect(secrets, { depth: Number.POSITIVE_INFINITY, showHidden: true });
    expect(shown).toBe('ValidatedSecrets { currentVersion: 1, versions: [ 1 ] }');
    expect(JSON.stringify(secrets)).not.toContain('TOP-SECRET');
  });
});

describe('SecretKeyAccessor.secretsWithVersion', () => {
  it('joins one refresh for concurrent lookups and rate-limits the next ones', async () => {
    let now = 0;
    let data: unknown = { currentVersion: 1, secrets: [{ secret: 'a', version: 1 }] };
    const getter = vi.fn(async () => data as string);
    const accessor = new SecretKeyAccessor(getter, { minRefreshIntervalMs: 1000, now: () => now });
    const seen = await accessor.getSecrets();
    data = {
      currentVersion: 1,
      secrets: [
        { secret: 'a', version: 1 },
        { secret: 'b', version: 2 },
      ],
    };

    const lookups = await Promise.all(Array.from({ length: 10 }, () => accessor.secretsWithVersion(2, seen)));
    expect(lookups.map((l) => l.outcome)).toEqual(Array(10).fill('found'));
    expect(getter).toHaveBeenCalledTimes(2);

    expect((await accessor.secretsWithVersion(3, seen)).outcome).toBe('rate-limited');
    expect(getter).toHaveBeenCalledTimes(2);
    now = 1000;
    expect((await accessor.secretsWithVersion(3, seen)).outcome).toBe('refreshed');
    expect(getter).toHaveBeenCalledTimes(3);
  });
});
