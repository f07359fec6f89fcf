/**
 * Credentials in endpoint URLs are refused: `http://user:pw@host` in any endpoint option or INC_*
 * variable used to be accepted, the password then appeared in every error message and on the CLI's
 * stderr, and got sent `Basic user:pw` instead of the bearer token or the client credentials. Now it is a
 * StorageConfigValidationError (exit 2 in the CLI) that echoes neither the password nor the user name.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStorage, EncryptionType, StorageConfigValidationError } from '../../src/index.js';
import { runCli } from '../cli/support/cli-process.js';
import { leakViews } from '../support/leak-views.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

const BASE = {
  environmentId: 'env',
  clientId: 'id',
  clientSecret: 'client-secret',
  encrypt: EncryptionType.OFF,
};
const WITH_PASSWORD = 'http://alice-user:hunter2-password@127.0.0.1:9';
const SECRET_PARTS = [/hunter2/, /alice-user/];

async function refusal(options: Record<string, unknown>): Promise<StorageConfigValidationError> {
  const error = await createStorage(options as never).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageConfigValidationError);
  for (const view of leakViews(error)) for (const part of SECRET_PARTS) expect(view).not.toMatch(part);
  return error as StorageConfigValidationError;
}

describe('userinfo in endpoint options', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['endpoint', { endpoint: WITH_PASSWORD }, 'endpoint'],
    [
      'authEndpoints.default',
      { options: { authEndpoints: { default: `${WITH_PASSWORD}/oauth2/token` } } },
      'options.authEndpoints.default',
    ],
    [
      'authEndpoints.apac',
      { options: { authEndpoints: { default: 'http://127.0.0.1:9/t', apac: WITH_PASSWORD } } },
      'options.authEndpoints.apac',
    ],
    [
      'countriesEndpoint',
      { options: { countriesEndpoint: `${WITH_PASSWORD}/countries` } },
      'options.countriesEndpoint',
    ],
    ['a user name alone', { endpoint: 'https://alice-user@pop.example' }, 'endpoint'],
    ['a password alone', { endpoint: 'https://:hunter2-password@pop.example' }, 'endpoint'],
  ])('%s is refused without echoing it', async (_name, options, path) => {
    const error = await refusal({ ...BASE, ...options });
    expect(error.message).toContain(`${path}: `);
    expect(error.message).toMatch(/must not contain a user name or password/);
  });

  it.each(['INC_ENDPOINT', 'INC_AUTH_ENDPOINT', 'INC_COUNTRIES_ENDPOINT'])(
    '%s with userinfo is refused',
    async (name) => {
      vi.stubEnv(name, WITH_PASSWORD);
      const error = await refusal(BASE);
      expect(error.message).toMatch(/must not contain a user name or password/);
    },
  );

  it('an endpoint with an empty userinfo ("@" alone) carries no credentials and is accepted', async () => {
    await expect(createStorage({ ...BASE, endpoint: 'http://@127.0.0.1:9' } as never)).resolves.toBeDefined();
  });
});

describe('the CLI refuses them too, with exit 2 and nothing echoed', () => {
  it('--endpoint, INC_AUTH_ENDPOINT, countries --countries-endpoint and pop --url', async () => {
    const env = { INC_ENVIRONMENT_ID: 'env', INC_CLIENT_ID: 'id', INC_CLIENT_SECRET: 's' };
    const runs = await Promise.all([
      runCli(['read', 'us', 'k', '--encryption', 'off', '--endpoint', WITH_PASSWORD], env),
      runCli(['read', 'us', 'k', '--encryption', 'off', '--endpoint', 'http://127.0.0.1:9'], {
        ...env,
        INC_AUTH_ENDPOINT: WITH_PASSWORD,
      }),
      runCli(['countries', '--countries-endpoint', `${WITH_PASSWORD}/countries`], env),
      runCli(['pop', 'health', '--url', WITH_PASSWORD], env),
    ]);
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(
        /^incountry: (CONFIG_VALIDATION|USAGE): .*must not contain a user name or password/,
      );
      for (const part of SECRET_PARTS) expect(run.stderr + run.stdout).not.toMatch(part);
    }
  });
});
