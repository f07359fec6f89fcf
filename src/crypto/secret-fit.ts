/**
 * Whether the secrets suit the configured ciphers, and which ciphertexts need a secret at all.
 */
import { SecretsValidationError } from '../errors.js';
import type { CustomEncryptionConfig } from './custom-cipher.js';
import { PLAINTEXT_PREFIX } from './plaintext-cipher.js';
import type { ValidatedSecrets } from './secrets-data.js';

/** Whether decrypting this ciphertext needs a secret (everything but absent values and `pt:` data). */
export function needsSecret(ciphertext: string | null): boolean {
  return typeof ciphertext === 'string' && !ciphertext.startsWith(`${PLAINTEXT_PREFIX}:`);
}

/** Python's rule (docs/protocol.md#secrets-data): custom secrets need custom configs, and the current secret must suit the current cipher. */
export function checkSecretsFitCiphers(
  secrets: ValidatedSecrets,
  configs: readonly CustomEncryptionConfig[],
): void {
  const current = secrets.current();
  const customCurrent = configs.find((c) => c.isCurrent === true);
  if (configs.length === 0) {
    const custom = secrets.secrets.find((s) => s.isForCustomEncryption === true);
    if (custom !== undefined)
      throw new SecretsValidationError(
        `Secret version ${custom.version} has isForCustomEncryption but no customEncryptionConfigs are configured`,
      );
  } else if (customCurrent !== undefined && current.isForCustomEncryption !== true) {
    throw new SecretsValidationError(
      `Custom encryption "${customCurrent.version}" is current, so the current secret (version ${current.version}) must have isForCustomEncryption: true`,
    );
  }
  if (customCurrent === undefined && current.isForCustomEncryption === true)
    throw new SecretsValidationError(
      `The current secret (version ${current.version}) has isForCustomEncryption but no custom encryption config is current`,
    );
}
