/**
 * `--secrets-file` / `INC_SECRETS_FILE`: a JSON SecretsData file or a file holding one plain secret.
 * Validation is the SDK's own (SecretKeyAccessor), so the messages match what createStorage would say.
 */
import { readFile } from 'node:fs/promises';
import { SecretKeyAccessor, type SecretsData, type ValidatedSecrets } from '../crypto/secret-key-accessor.js';
import { SecretsProviderError, SecretsValidationError } from '../errors.js';

/** A loaded and validated secrets file. */
export interface LoadedSecrets {
  /** Re-reads the file on `refresh()`, like any other accessor. */
  readonly accessor: SecretKeyAccessor;
  /** What the file held when loaded (never print `secrets[].secret`). */
  readonly secrets: ValidatedSecrets;
}

/**
 * Reads and validates a secrets file. Throws SecretsProviderError when it cannot be read and
 * SecretsValidationError when its content is not a valid secret or SecretsData.
 *
 * @example
 * const { accessor, secrets } = await loadSecretsFile('./secrets.json');
 * secrets.currentVersion;
 */
export async function loadSecretsFile(path: string): Promise<LoadedSecrets> {
  // Read once here so a missing or malformed file is reported with its own message, not the accessor's
  // generic "getter threw"; later refreshes read the file again.
  let first: string | SecretsData | undefined = await readSecretsFile(path);
  const accessor = new SecretKeyAccessor(() => {
    if (first === undefined) return readSecretsFile(path);
    const loaded = first;
    first = undefined;
    return loaded;
  });
  return { accessor, secrets: await accessor.getSecrets() };
}

async function readSecretsFile(path: string): Promise<string | SecretsData> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'read error';
    throw new SecretsProviderError(`cannot read the secrets file ${path} (${code})`);
  }
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return text.replace(/\r?\n$/, '');
  try {
    return JSON.parse(trimmed) as SecretsData;
  } catch {
    // The parser's message may quote the file's content, so it is not repeated.
    throw new SecretsValidationError(
      `the secrets file ${path} starts with "{" but is not valid JSON; give a SecretsData object { currentVersion, secrets } or a plain secret`,
    );
  }
}
