/**
 * Ready-made secret sources: a file (e.g. a mounted Kubernetes or Docker secret) or an environment
 * variable, holding either one password or a SecretsData JSON document. Both are read again on every
 * refresh, so a rotated file is picked up without a restart.
 */
import { readFile } from 'node:fs/promises';
import { SecretsProviderError, SecretsValidationError, StorageConfigValidationError } from '../errors.js';
import { SecretKeyAccessor, type SecretKeyAccessorOptions } from './secret-key-accessor.js';

/**
 * Reads what a source holds: a SecretsData JSON object when the text starts with `{` (after leading
 * whitespace), otherwise the password itself, without one trailing line break. The result goes through the
 * same validation as any getter's.
 */
function parseSecretsText(text: string, where: string): unknown {
  if (text.trimStart().startsWith('{')) {
    try {
      return JSON.parse(text);
    } catch {
      // JSON.parse messages quote the text, which is secret: neither the message nor a cause is kept.
      throw new SecretsValidationError(
        `Invalid secrets: ${where} starts with "{" but is not valid JSON; it must hold a SecretsData object { currentVersion, secrets } or a plain password`,
      );
    }
  }
  return text.replace(/\r?\n$/, '');
}

function checkName(what: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0)
    throw new StorageConfigValidationError(`${what} must be a non-empty string`);
}

/**
 * A {@link SecretKeyAccessor} reading a file: a SecretsData JSON object, or a plain password (one trailing
 * line break ignored). The file is read when the secrets are first needed and again on each refresh
 * (including automatic ones), so replacing it rotates the secrets. A missing or unreadable file is a
 * `SecretsProviderError` naming the path; its content never appears in a message.
 *
 * @example
 * const storage = await createStorage({
 *   environmentId: 'my-env',
 *   oauthToken: 'token',
 *   secretKeyAccessor: secretsFromFile('/run/secrets/incountry.json'),
 * });
 */
export function secretsFromFile(path: string, options: SecretKeyAccessorOptions = {}): SecretKeyAccessor {
  checkName('secretsFromFile(path): path', path);
  return new SecretKeyAccessor(async () => {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new SecretsProviderError(
        `Cannot read the secrets file ${path}${code === undefined ? '' : ` (${code})`}; check that it exists and this process may read it`,
        { cause: error },
      );
    }
    return parseSecretsText(text, `the secrets file ${path}`) as string;
  }, options);
}

/**
 * A {@link SecretKeyAccessor} reading an environment variable: a SecretsData JSON object, or a plain
 * password. The variable is read when the secrets are first needed and again on each refresh. An unset
 * variable is a `SecretsProviderError` naming it; its value never appears in a message.
 *
 * @example
 * // INCOUNTRY_SECRETS='{"currentVersion":1,"secrets":[{"secret":"…","version":1}]}'
 * const accessor = secretsFromEnv('INCOUNTRY_SECRETS');
 */
export function secretsFromEnv(name: string, options: SecretKeyAccessorOptions = {}): SecretKeyAccessor {
  checkName('secretsFromEnv(name): name', name);
  return new SecretKeyAccessor(() => {
    const value = process.env[name];
    if (value === undefined)
      throw new SecretsProviderError(
        `Environment variable ${name} is not set; it must hold a SecretsData JSON object or a password`,
      );
    return parseSecretsText(value, `environment variable ${name}`) as string;
  }, options);
}
