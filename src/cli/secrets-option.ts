/**
 * `--secrets-file` / `INC_SECRETS_FILE`: a JSON SecretsData file or a file holding one plain secret, read
 * through the SDK's own `secretsFromFile`, so the messages match what createStorage would say.
 */
import type { SecretKeyAccessor } from '../crypto/secret-key-accessor.js';
import type { ValidatedSecrets } from '../crypto/secrets-data.js';
import { secretsFromFile } from '../crypto/secrets-sources.js';

/** A loaded and validated secrets file. */
export interface LoadedSecrets {
  /** Re-reads the file on `refresh()`, like any other accessor. */
  readonly accessor: SecretKeyAccessor;
  /** What the file held when loaded (never print `secrets[].secret`). */
  readonly secrets: ValidatedSecrets;
}

/**
 * Reads and validates a secrets file now, so a missing or malformed file stops the command before any
 * request. Throws SecretsProviderError when it cannot be read and SecretsValidationError when its content
 * is not a valid secret or SecretsData.
 *
 * @example
 * const { accessor, secrets } = await loadSecretsFile('./secrets.json');
 * secrets.currentVersion;
 */
export async function loadSecretsFile(path: string): Promise<LoadedSecrets> {
  const accessor = secretsFromFile(path);
  return { accessor, secrets: await accessor.getSecrets() };
}
