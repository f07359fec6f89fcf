import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { SecretKeyAccessor } from '../../src/crypto/secret-key-accessor.js';
import {
  SecretsProviderError,
  SecretsValidationError,
  StorageConfigValidationError,
} from '../../src/errors.js';

const _KEY32 = Buffer.alloc(32, 7).toString('base64');
const _KEY31 = Buffer.alloc(31, 7).toString('base64');

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

  it("wraps a rejecting getter, keeping the reason's kind, code and the user's own message as a hidden cause", async () => {
    const reason = Object.assign(new TypeError('APP_SECRET missing'), { code: 'ETIMEDOUT' });
    const accessor = new SecretKeyAccessor(() => Promise.reject(reason));
    const error = await accessor.getSecrets().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretsProviderError);
    expect((error as Error).message).toBe(
      'The secret key accessor failed: its getter threw TypeError (ETIMEDOUT): APP_SECRET missing; check the secret source',
    );
    expect((error as Error).cause).toMatchObject({
      message: 'TypeError (ETIMEDOUT): APP_SECRET missing',
      code: 'ETIMEDOUT',
    });
    expect(Object.keys(error as object)).not.toContain('cause');
  });

  it("escapes control characters in a getter's message and bounds its length", async () => {
    const accessor = new SecretKeyAccessor(() => {
      throw new Error(`missing\r\nincountry: OK \u001b[2J${'x'.repeat(400)}`);
    });
    const { message } = (await accessor.getSecrets().catch((e: unknown) => e)) as Error;
    for (const control of ['\r', '\n', '\u001b']) expect(message).not.toContain(control);
    expect(message).toContain('missing\\x0D\\x0Aincountry: OK \\x1B[2J');
    expect(message.length).toBeLessThan(400);
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
