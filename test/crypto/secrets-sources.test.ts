/**
 * secretsFromFile / secretsFromEnv: what they accept, that they re-read on refresh, and that their
 * failures name the source but never its content.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  SecretKeyAccessor,
  SecretsProviderError,
  SecretsValidationError,
  StorageConfigValidationError,
  secretsFromEnv,
  secretsFromFile,
} from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'incountry-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEY = Buffer.alloc(32, 9).toString('base64');
const DATA = {
  currentVersion: 2,
  secrets: [
    { secret: 'old pw', version: 1 },
    { secret: KEY, version: 2, isKey: true },
  ],
};

let files = 0;
function file(content: string): string {
  const path = join(dir, `secrets-${files++}`);
  writeFileSync(path, content);
  return path;
}

/** The error `accessor.getSecrets()` rejects with. */
async function failureOf(accessor: SecretKeyAccessor): Promise<Error> {
  return accessor.getSecrets().then(
    () => {
      throw new Error('expected getSecrets() to fail');
    },
    (error: unknown) => error as Error,
  );
}

/** The message the SecretKeyAccessor itself gives for `raw`, to compare against the helpers'. */
async function accessorMessage(raw: unknown): Promise<string> {
  const error = await new SecretKeyAccessor(() => raw as string).getSecrets().catch((e: unknown) => e);
  return (error as Error).message;
}

describe('secretsFromFile', () => {
  it('returns a SecretKeyAccessor reading a SecretsData JSON file', async () => {
    const accessor = secretsFromFile(file(JSON.stringify(DATA, null, 2)));
    expect(accessor).toBeInstanceOf(SecretKeyAccessor);
    const secrets = await accessor.getSecrets();
    expect(secrets.currentVersion).toBe(2);
    expect(secrets.get(2)).toEqual({ secret: KEY, version: 2, isKey: true });
  });

  it('reads a plain password, ignoring one trailing line break', async () => {
    for (const [content, password] of [
      ['pw\n', 'pw'],
      ['pw\r\n', 'pw'],
      ['pw', 'pw'],
      ['pw \n\n', 'pw \n'],
    ] as const) {
      const secrets = await secretsFromFile(file(content)).getSecrets();
      expect(secrets.current(), JSON.stringify(content)).toEqual({ secret: password, version: 0 });
    }
  });

  it('re-reads the file on refresh', async () => {
    const path = file('first password\n');
    const accessor = secretsFromFile(path);
    expect((await accessor.getSecrets()).currentVersion).toBe(0);
    writeFileSync(path, JSON.stringify(DATA));
    expect((await accessor.refresh()).currentVersion).toBe(2);
  });

  it('gives the same validation messages as SecretKeyAccessor', async () => {
    const bad = [
      { currentVersion: 3, secrets: DATA.secrets },
      { currentVersion: 1, secrets: [] },
      { secrets: 1 },
    ];
    for (const raw of bad) {
      const error = await secretsFromFile(file(JSON.stringify(raw)))
        .getSecrets()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SecretsValidationError);
      expect((error as Error).message).toBe(await accessorMessage(raw));
    }
    const empty = await failureOf(secretsFromFile(file('\n')));
    expect((empty as Error).message).toBe(await accessorMessage(''));
  });

  it('names the file, never its content, when it is not JSON or cannot be read', async () => {
    const path = file('{"currentVersion": 1, "secrets": [{"secret": "hunter2", ');
    const broken = await failureOf(secretsFromFile(path));
    expect(broken).toBeInstanceOf(SecretsValidationError);
    expect(broken.message).toContain(path);
    expect(broken.message).not.toContain('hunter2');
    expect(broken.cause).toBeUndefined();

    const missing = join(dir, 'missing.json');
    const unreadable = await failureOf(secretsFromFile(missing));
    expect(unreadable).toBeInstanceOf(SecretsProviderError);
    expect(unreadable.message).toBe(
      `Cannot read the secrets file ${missing} (ENOENT); check that it exists and this process may read it`,
    );
  });

  it('validates its arguments', () => {
    expect(() => secretsFromFile('')).toThrow(StorageConfigValidationError);
    expect(() => secretsFromFile(5 as never)).toThrow(StorageConfigValidationError);
    expect(() => secretsFromFile('x', { minRefreshIntervalMs: -5 })).toThrow(StorageConfigValidationError);
  });
});

describe('secretsFromEnv', () => {
  const NAME = 'INCOUNTRY_TEST_SECRETS_FROM_ENV';
  afterEach(() => {
    delete process.env[NAME];
  });

  it('reads a password or SecretsData JSON, again on each refresh', async () => {
    process.env[NAME] = 'env password';
    const accessor = secretsFromEnv(NAME);
    expect((await accessor.getSecrets()).current()).toEqual({ secret: 'env password', version: 0 });
    process.env[NAME] = JSON.stringify(DATA);
    expect((await accessor.refresh()).currentVersion).toBe(2);
  });

  it('names an unset variable and keeps validation messages', async () => {
    const unset = await failureOf(secretsFromEnv(NAME));
    expect(unset).toBeInstanceOf(SecretsProviderError);
    expect(unset.message).toMatch(new RegExp(`^Environment variable ${NAME} is not set`));

    process.env[NAME] = JSON.stringify({
      currentVersion: 0,
      secrets: [{ secret: 'x', version: 0, isKey: true }],
    });
    const invalid = await failureOf(secretsFromEnv(NAME));
    expect(invalid.message).toBe(await accessorMessage(JSON.parse(process.env[NAME])));
    expect(() => secretsFromEnv('')).toThrow(StorageConfigValidationError);
  });
});
