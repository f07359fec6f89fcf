/**
 * createStorage's run-time validation (the same rules the types enforce, for JavaScript callers), its
 * environment fallbacks, and errors that never carry secrets.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createStorage,
  EncryptionType,
  SecretKeyAccessor,
  SecretsProviderError,
  SecretsValidationError,
  StorageAuthenticationError,
  StorageConfigValidationError,
} from '../../src/index.js';
import { passwordAccessor, useLocalPop } from './support/test-pop.js';

const ctx = useLocalPop();

afterEach(() => {
  vi.unstubAllEnvs();
});

// Options built at run time, as a JavaScript caller would: the compile-time rules are test-d's subject.
const create = (options: Record<string, unknown>) => createStorage(options as never);

describe('createStorage validation', () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      'SSE with a secret key accessor',
      { encrypt: EncryptionType.SSE, secretKeyAccessor: passwordAccessor() },
      /secretKeyAccessor: is only used with EncryptionType\.LOCAL; remove it for SSE/,
    ],
    [
      'OFF with a secret key accessor',
      { encrypt: false, secretKeyAccessor: passwordAccessor() },
      /remove it for OFF/,
    ],
    [
      'SSE with custom ciphers',
      { encrypt: 'SSE', customEncryptionConfigs: [] },
      /customEncryptionConfigs: require EncryptionType\.LOCAL/,
    ],
    [
      'SSE with normalizeKeys',
      { encrypt: 'SSE', options: { normalizeKeys: false } },
      /options\.normalizeKeys: cannot be used with EncryptionType\.SSE/,
    ],
    [
      'SSE with hashSearchKeys',
      { encrypt: 'SSE', options: { hashSearchKeys: true } },
      /options\.hashSearchKeys: cannot be used/,
    ],
    [
      'LOCAL without an accessor',
      {},
      /secretKeyAccessor: EncryptionType\.LOCAL \(the default\) needs a secretKeyAccessor/,
    ],
    ['an unknown option', { encrypt: 'OFF', endpiont: 'http://x' }, /Unrecognized key.*endpiont/],
    ['an unknown nested option', { encrypt: 'OFF', options: { hashKeys: false } }, /options.*hashKeys/],
    ['a bad encrypt value', { encrypt: 'AES' }, /encrypt: encrypt must be EncryptionType\.LOCAL, SSE or OFF/],
    [
      'a non-URL endpoint',
      { encrypt: 'OFF', endpoint: 'pop.local' },
      /endpoint: endpoint must be an http\(s\) URL/,
    ],
    [
      'authEndpoints without default',
      { encrypt: 'OFF', options: { authEndpoints: { emea: 'http://a/token' } } },
      /must contain a "default" entry/,
    ],
    [
      'a negative timeout',
      { encrypt: 'OFF', options: { httpOptions: { timeout: -1 } } },
      /timeout must be a positive number of seconds/,
    ],
    [
      'retryMaxDelay below retryBaseDelay',
      { encrypt: 'OFF', options: { httpOptions: { retryBaseDelay: 4, retryMaxDelay: 2 } } },
      /retryMaxDelay: must be greater than or equal to retryBaseDelay/,
    ],
    [
      'both oauthToken and client credentials',
      { encrypt: 'OFF', oauthToken: 'token' },
      /give either oauthToken or clientId\/clientSecret/,
    ],
    [
      'a plain object as accessor',
      { secretKeyAccessor: { getSecrets: () => 'x' } },
      /secretKeyAccessor must be a SecretKeyAccessor/,
    ],
  ])('%s', async (_name, extra, message) => {
    const error = await create({ ...ctx.pop.storageOptions, ...extra }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageConfigValidationError);
    expect((error as Error).message).toMatch(/^createStorage\(\) failed: invalid options: /);
    expect((error as Error).message).toMatch(message);
  });

  it('lists every problem at once', async () => {
    const error = (await create({
      encrypt: 'SSE',
      secretKeyAccessor: passwordAccessor(),
      options: { normalizeKeys: true },
    }).catch((e: unknown) => e)) as StorageConfigValidationError;
    expect(error.issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining([
        'environmentId',
        'clientId',
        'clientSecret',
        'secretKeyAccessor',
        'options.normalizeKeys',
      ]),
    );
  });

  it('falls back to INC_ENVIRONMENT_ID, INC_CLIENT_ID, INC_CLIENT_SECRET and INC_ENDPOINT', async () => {
    const { environmentId, clientId, clientSecret } = ctx.pop.storageOptions;
    vi.stubEnv('INC_ENVIRONMENT_ID', environmentId);
    vi.stubEnv('INC_CLIENT_ID', clientId);
    vi.stubEnv('INC_CLIENT_SECRET', clientSecret);
    vi.stubEnv('INC_ENDPOINT', ctx.pop.url);
    const storage = await create({
      encrypt: 'OFF',
      options: { authEndpoints: ctx.pop.storageOptions.options.authEndpoints },
    });
    expect((await storage.write('us', { record_key: 'from-env' })).record.record_key).toBe('from-env');
  });

  it('reaches a local PoP from the environment alone, INC_AUTH_ENDPOINT included', async () => {
    const { environmentId, clientId, clientSecret, options } = ctx.pop.storageOptions;
    vi.stubEnv('INC_ENVIRONMENT_ID', environmentId);
    vi.stubEnv('INC_CLIENT_ID', clientId);
    vi.stubEnv('INC_CLIENT_SECRET', clientSecret);
    vi.stubEnv('INC_ENDPOINT', ctx.pop.url);
    vi.stubEnv('INC_AUTH_ENDPOINT', options.authEndpoints.default);
    const storage = await create({ encrypt: 'OFF' });
    expect((await storage.write('us', { record_key: 'env-only' })).record.record_key).toBe('env-only');
  });

  it('reads the countries list from INC_COUNTRIES_ENDPOINT when no endpoint is set', async () => {
    const { environmentId, clientId, clientSecret, options } = ctx.pop.storageOptions;
    vi.stubEnv('INC_ENVIRONMENT_ID', environmentId);
    vi.stubEnv('INC_CLIENT_ID', clientId);
    vi.stubEnv('INC_CLIENT_SECRET', clientSecret);
    vi.stubEnv('INC_AUTH_ENDPOINT', options.authEndpoints.default);
    vi.stubEnv('INC_COUNTRIES_ENDPOINT', options.countriesEndpoint);
    ctx.pop.admin.clearRequests();
    const storage = await create({ encrypt: 'OFF' });
    // 'zz' is not in the PoP's list: answered from the list the PoP served, without any other request.
    await expect(storage.write('zz', { record_key: 'nowhere' })).rejects.toThrow(
      "write() failed: country 'zz' is not in the countries list",
    );
    expect(ctx.pop.admin.requests().map((r) => `${r.method} ${r.path}`)).toContain('GET /countries');
  });

  it('explicit auth and countries endpoints win over INC_AUTH_ENDPOINT and INC_COUNTRIES_ENDPOINT', async () => {
    vi.stubEnv('INC_AUTH_ENDPOINT', 'http://127.0.0.1:9/oauth2/token');
    vi.stubEnv('INC_COUNTRIES_ENDPOINT', 'http://127.0.0.1:9/countries');
    const storage = await create({ ...ctx.pop.storageOptions, encrypt: 'OFF' });
    expect((await storage.write('us', { record_key: 'explicit' })).record.record_key).toBe('explicit');
  });

  it.each([
    ['INC_AUTH_ENDPOINT', 'options.authEndpoints'],
    ['INC_COUNTRIES_ENDPOINT', 'options.countriesEndpoint'],
  ])('a malformed %s is a StorageConfigValidationError naming the variable', async (name, path) => {
    vi.stubEnv(name, 'not a url');
    await expect(create({ ...ctx.pop.storageOptions, options: {}, encrypt: 'OFF' })).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof StorageConfigValidationError &&
        e.message.includes(path) &&
        e.message.includes(`${name} must be an http(s) URL`),
    );
  });

  it('checks the secrets once, at creation', async () => {
    await expect(
      create({
        ...ctx.pop.storageOptions,
        secretKeyAccessor: new SecretKeyAccessor(() => ({
          currentVersion: 2,
          secrets: [{ secret: 's', version: 1 }],
        })),
      }),
    ).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof SecretsValidationError && (e as Error).message.startsWith('createStorage() failed:'),
    );
    await expect(
      create({
        ...ctx.pop.storageOptions,
        secretKeyAccessor: new SecretKeyAccessor(() => {
          throw new Error('vault down');
        }),
      }),
    ).rejects.toBeInstanceOf(SecretsProviderError);
    expect(ctx.pop.admin.requests()).toEqual([]);
  });
});

describe('secrets never leak into errors', () => {
  const canaries = {
    clientSecret: 'CANARY-client-secret-31c7',
    password: 'CANARY-password-9d02',
    token: 'CANARY-oauth-token-77aa',
  };

  function expectClean(error: unknown) {
    expect(error).toBeInstanceOf(Error);
    const views = [
      (error as Error).message,
      (error as Error).stack ?? '',
      JSON.stringify(error),
      String(error),
    ];
    for (const view of views)
      for (const canary of Object.values(canaries)) expect(view).not.toContain(canary);
  }

  it('a refused client secret', async () => {
    const storage = await create({
      ...ctx.pop.storageOptions,
      clientSecret: canaries.clientSecret,
      secretKeyAccessor: new SecretKeyAccessor(() => canaries.password),
    });
    const error = await storage.write('us', { record_key: 'k' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageAuthenticationError);
    expectClean(error);
  });

  it('a refused static token', async () => {
    const storage = await create({
      environmentId: ctx.pop.storageOptions.environmentId,
      endpoint: ctx.pop.url,
      oauthToken: canaries.token,
      encrypt: 'OFF',
    });
    expectClean(await storage.read('us', 'k').catch((e: unknown) => e));
  });

  it('a configuration error mentioning the secret fields', async () => {
    expectClean(
      await create({ clientSecret: canaries.clientSecret, oauthToken: canaries.token, encrypt: 'OFF' }).catch(
        (e: unknown) => e,
      ),
    );
  });

  it('SSE: a missing record does not put the plain record key in the message', async () => {
    const storage = await create({ ...ctx.pop.storageOptions, encrypt: 'SSE' });
    const key = 'CANARY-record-key-0f3e';
    const error = await storage.read('us', key).catch((e: unknown) => e);
    expect((error as Error).message).not.toContain(key);
    expect((error as Error).message).toContain('/v2/storage/records/us/{key}');
  });
});
