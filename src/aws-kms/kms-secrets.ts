/**
 * Envelope keys from AWS KMS: each secret version is a 32-byte data key that KMS generated and encrypted
 * (GenerateDataKey); only its encrypted form is stored in configuration. At start-up (and on refresh) the
 * encrypted keys are decrypted with KMS and served to the SDK as `isKey` secrets. Plaintext keys live in
 * this process's memory only, and each encrypted key is sent to KMS once per process.
 */
import { DecryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import * as z from 'zod';
import { SecretKeyAccessor, type SecretKeyAccessorOptions } from '../crypto/secret-key-accessor.js';
import { KEY_LENGTH, type SecretsData } from '../crypto/secrets-data.js';
import {
  formatIssues,
  SecretsProviderError,
  SecretsValidationError,
  StorageConfigValidationError,
  type ValidationIssue,
  zodIssues,
} from '../errors.js';
import { causeOf, defaultSleep, type RetryPolicy, reasonOf, withThrottleRetries } from './kms-calls.js';
import {
  type KmsDataKey,
  type KmsKeyRing,
  kmsClientSchema,
  nonNegativeIntSchema,
  parseKeyRing,
} from './kms-key-ring.js';

/** Throttled KMS calls are retried this many times by default (after the client's own retries). */
export const DEFAULT_KMS_THROTTLE_RETRIES = 4;
/** The first back-off after a throttled KMS call, in milliseconds; it doubles on each retry. */
export const DEFAULT_KMS_THROTTLE_BASE_DELAY_MS = 250;
/**
 * Options of {@link secretsFromKms}: the KMS client, the key ring, retries of throttled calls, and the
 * refresh policy of the returned accessor.
 *
 * @example
 * const options: KmsSecretsOptions = {
 *   client: new KMSClient({ region: 'eu-west-1' }),
 *   keyRing: async () => JSON.parse(await readFile('/etc/app/keyring.json', 'utf8')) as KmsKeyRing,
 * };
 * declare const KMSClient: typeof import('@aws-sdk/client-kms').KMSClient;
 * declare const readFile: typeof import('node:fs/promises').readFile;
 */
export interface KmsSecretsOptions extends SecretKeyAccessorOptions {
  /** A configured `KMSClient` (region, credentials); its own retry settings apply to every call. */
  client: KMSClient;
  /**
   * The key ring, or a function returning it. A function is called again on every refresh, so a ring kept
   * in a file or parameter store can gain a version without a restart.
   */
  keyRing: KmsKeyRing | (() => KmsKeyRing | Promise<KmsKeyRing>);
  /** Retries of a throttled Decrypt (default {@link DEFAULT_KMS_THROTTLE_RETRIES}; 0: none). */
  throttleRetries?: number | undefined;
  /** First back-off in ms, doubled per retry with jitter, capped at 8 s (default {@link DEFAULT_KMS_THROTTLE_BASE_DELAY_MS}). */
  throttleBaseDelayMs?: number | undefined;
  /** @internal Waits between throttled attempts (tests record the delays instead of waiting). */
  sleep?: ((ms: number) => Promise<void>) | undefined;
  /** @internal Jitter source in [0, 1). */
  random?: (() => number) | undefined;
}

const optionsSchema = z.object(
  {
    client: kmsClientSchema,
    keyRing: z.custom<KmsSecretsOptions['keyRing']>(
      (v) => typeof v === 'function' || (typeof v === 'object' && v !== null),
      'expected a KmsKeyRing { currentVersion, dataKeys } or a function returning one',
    ),
    throttleRetries: nonNegativeIntSchema.optional(),
    throttleBaseDelayMs: z
      .number({ error: 'expected a number of milliseconds > 0' })
      .positive('expected a number of milliseconds > 0')
      .finite('expected a finite number of milliseconds')
      .optional(),
  },
  { error: 'secretsFromKms() needs an options object { client, keyRing }' },
);

function configError(issues: ValidationIssue[]): StorageConfigValidationError {
  return new StorageConfigValidationError(`secretsFromKms(): invalid options: ${formatIssues(issues)}`, {
    issues,
  });
}

/** What makes two data keys the same for the cache: the key, the ciphertext and the context. */
function cacheKeyOf(key: KmsDataKey): string {
  const context = Object.entries(key.encryptionContext ?? {}).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return JSON.stringify([key.keyId, key.encryptedKey, context]);
}

/**
 * A {@link SecretKeyAccessor} whose secrets are KMS-encrypted data keys, one per version: each is
 * decrypted with KMS Decrypt (with its key id and encryption context) and served as an `isKey` secret.
 * Decrypted keys are cached in memory only, so a refresh asks KMS only about versions it has not seen.
 * Failures are `SecretsProviderError`s naming the version and KMS key (access denied, disabled key, wrong
 * encryption context, throttling after retries …), never key material. Import it from `incountry-ts/aws-kms`
 * (needs the optional peer dependency `@aws-sdk/client-kms`).
 *
 * @example
 * const storage = await createStorage({
 *   environmentId: 'my-env',
 *   oauthToken: 'token',
 *   secretKeyAccessor: secretsFromKms({
 *     client: new KMSClient({ region: 'eu-west-1' }),
 *     keyRing: { currentVersion: 1, dataKeys: [{ version: 1, keyId: 'alias/incountry', encryptedKey: 'AQIDAHh…' }] },
 *   }),
 * });
 * declare const KMSClient: typeof import('@aws-sdk/client-kms').KMSClient;
 */
export function secretsFromKms(options: KmsSecretsOptions): SecretKeyAccessor {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) throw configError(zodIssues(parsed.error));
  const { client, keyRing } = options;
  const { refreshOnUnknownVersion, minRefreshIntervalMs, now } = options;
  const policy: RetryPolicy = {
    retries: options.throttleRetries ?? DEFAULT_KMS_THROTTLE_RETRIES,
    baseDelayMs: options.throttleBaseDelayMs ?? DEFAULT_KMS_THROTTLE_BASE_DELAY_MS,
    sleep: options.sleep ?? defaultSleep,
    random: options.random ?? Math.random,
  };
  /** Plaintext data keys (base64), by {@link cacheKeyOf}; in memory only. */
  let cache = new Map<string, Promise<string>>();

  const decrypt = async (key: KmsDataKey): Promise<string> => {
    const where = `secret version ${key.version} (KMS key ${key.keyId})`;
    let plaintext: Uint8Array | undefined;
    try {
      const answer = await withThrottleRetries(policy, () =>
        client.send(
          new DecryptCommand({
            KeyId: key.keyId,
            CiphertextBlob: Buffer.from(key.encryptedKey, 'base64'),
            ...(key.encryptionContext === undefined ? {} : { EncryptionContext: key.encryptionContext }),
          }),
        ),
      );
      plaintext = answer.Plaintext;
    } catch (error) {
      throw new SecretsProviderError(
        `AWS KMS could not decrypt the data key of ${where}: ${reasonOf(error, key.keyId, 'Decrypt')}`,
        { cause: causeOf(error) },
      );
    }
    if (plaintext?.length !== KEY_LENGTH) {
      plaintext?.fill(0);
      throw new SecretsValidationError(
        `The KMS data key of ${where} is ${plaintext?.length ?? 0} bytes long; it must be ${KEY_LENGTH} (generate it with KeySpec AES_256)`,
      );
    }
    const base64 = Buffer.from(plaintext).toString('base64');
    plaintext.fill(0);
    return base64;
  };

  /** A decryption kept in the cache while it is pending or succeeded; a failure is asked again next time. */
  const remembered = (id: string, key: KmsDataKey): Promise<string> => {
    const pending = decrypt(key);
    pending.catch(() => {
      if (cache.get(id) === pending) cache.delete(id);
    });
    return pending;
  };

  const getter = async (): Promise<SecretsData> => {
    let raw: unknown;
    try {
      raw = typeof keyRing === 'function' ? await keyRing() : keyRing;
    } catch (error) {
      if (error instanceof SecretsProviderError || error instanceof SecretsValidationError) throw error;
      throw new SecretsProviderError('The KMS key ring function failed; see error.cause', { cause: error });
    }
    const ring = parseKeyRing(raw);
    // Versions dropped from the ring leave memory with the old cache; known ones are not asked for again.
    const next = new Map<string, Promise<string>>();
    for (const key of ring.dataKeys) {
      const id = cacheKeyOf(key);
      if (!next.has(id)) next.set(id, cache.get(id) ?? remembered(id, key));
    }
    cache = next;
    const secrets = await Promise.all(
      ring.dataKeys.map(async (key) => ({
        secret: await next.get(cacheKeyOf(key))!,
        version: key.version,
        isKey: true,
      })),
    );
    return { currentVersion: ring.currentVersion, secrets };
  };

  return new SecretKeyAccessor(getter, {
    ...(refreshOnUnknownVersion === undefined ? {} : { refreshOnUnknownVersion }),
    ...(minRefreshIntervalMs === undefined ? {} : { minRefreshIntervalMs }),
    ...(now === undefined ? {} : { now }),
  });
}
