/**
 * Start-up validation of custom encryption configs (docs/protocol.md#custom-encryption): shape, unique versions, at most one
 * current config, a custom secret to use, and a round trip through every (custom secret, config) pair, so
 * a broken cipher fails at `createStorage` and not on the first write.
 */
import * as z from 'zod/mini';
import {
  formatIssues,
  StorageConfigValidationError,
  StorageCryptoError,
  type ValidationIssue,
  zodIssues,
} from '../errors.js';
import { object } from '../wire/jit-object.js';
import { lazySchema } from '../wire/lazy-schema.js';
import { CustomCipher, type CustomEncryptionConfig } from './custom-cipher.js';
import type { ValidatedSecrets } from './secrets-data.js';

/** Text encrypted and decrypted by every config at start-up. */
export const CUSTOM_ENCRYPTION_PROBE = 'incountry ✓ probe 🔐';

const configsSchema = /* @__PURE__ */ lazySchema(() => {
  const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', 'expected a function');
  return z
    .array(
      object(
        {
          encrypt: fn,
          decrypt: fn,
          version: z
            .string({ error: 'expected a non-empty string' })
            .check(z.minLength(1, 'expected a non-empty string')),
          isCurrent: z.optional(z.boolean({ error: 'expected a boolean' })),
        },
        { error: 'expected a config object { encrypt, decrypt, version, isCurrent? }' },
      ),
      { error: 'customEncryptionConfigs must be an array of configs' },
    )
    .check(z.minLength(1, 'customEncryptionConfigs must not be empty; omit the option instead'));
});

function invalid(issues: ValidationIssue[], cause?: unknown): StorageConfigValidationError {
  return new StorageConfigValidationError(
    `Invalid customEncryptionConfigs: ${formatIssues(issues)}`,
    cause === undefined ? { issues } : { issues, cause },
  );
}

/**
 * Validates custom configs against the secrets; throws {@link StorageConfigValidationError} naming the config
 * and secret version at fault (never a secret).
 *
 * @example
 * declare const configs: CustomEncryptionConfig[];
 * await validateCustomEncryptionConfigs(configs, await accessor.getSecrets());
 */
export async function validateCustomEncryptionConfigs(
  configs: readonly CustomEncryptionConfig[],
  secrets: ValidatedSecrets,
): Promise<void> {
  const parsed = configsSchema.safeParse(configs);
  if (!parsed.success) throw invalid(zodIssues(parsed.error));

  const issues: ValidationIssue[] = [];
  const versions = new Set<string>();
  configs.forEach((config, index) => {
    if (versions.has(config.version))
      issues.push({
        path: [index, 'version'],
        message: `duplicate version "${config.version}"; versions must be unique`,
      });
    versions.add(config.version);
  });
  const current = configs.filter((c) => c.isCurrent === true);
  if (current.length > 1)
    issues.push({ path: [], message: `only one config may be isCurrent (found ${current.length})` });
  const customSecrets = secrets.secrets.filter((s) => s.isForCustomEncryption === true);
  if (customSecrets.length === 0)
    issues.push({
      path: [],
      message:
        'custom encryption needs at least one secret with isForCustomEncryption: true in the SecretsData',
    });
  if (current.length === 1 && secrets.current().isForCustomEncryption !== true)
    issues.push({
      path: [],
      message: `config "${current[0]!.version}" is current, so the current secret (version ${secrets.currentVersion}) must have isForCustomEncryption: true`,
    });
  if (issues.length > 0) throw invalid(issues);

  const cipher = new CustomCipher(configs);
  for (const [index, config] of configs.entries()) {
    for (const secret of customSecrets) {
      const where = `config "${config.version}" with secret version ${secret.version}`;
      let roundTrip: string;
      try {
        const ciphertext = await cipher.encrypt(CUSTOM_ENCRYPTION_PROBE, secret, config);
        const colon = ciphertext.indexOf(':');
        roundTrip = await cipher.decrypt(ciphertext.slice(0, colon), ciphertext.slice(colon + 1), secret);
      } catch (error) {
        const reason = error instanceof StorageCryptoError ? error.message : 'it threw';
        throw invalid([{ path: [index], message: `${where}: round trip failed (${reason})` }], error);
      }
      if (roundTrip !== CUSTOM_ENCRYPTION_PROBE)
        throw invalid([
          { path: [index], message: `${where}: decrypt(encrypt(text)) does not return the original text` },
        ]);
    }
  }
}
