/**
 * Envelope keys from AWS KMS: each secret version is a 32-byte data key that KMS generated and encrypted
 * (GenerateDataKey); only its encrypted form is stored in configuration. At start-up (and on refresh) the
 * encrypted keys are decrypted with KMS and served to the SDK as `isKey` secrets. Plaintext keys live in
 * this process's memory only, and each encrypted key is sent to KMS once per process.
 */
import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { z } from 'zod';
import { decodeStrictBase64 } from '../crypto/base64.js';
import {
  KEY_LENGTH,
  SecretKeyAccessor,
  type SecretKeyAccessorOptions,
  type SecretsData,
} from '../crypto/secret-key-accessor.js';
import {
  formatIssues,
  SecretsProviderError,
  SecretsValidationError,
  StorageConfigValidationError,
  type ValidationIssue,
  zodIssues,
} from '../errors.js';

/**
 * One secret version as stored in configuration: a data key encrypted by KMS.
 *
 * @example
 * const dataKey: KmsDataKey = {
 *   version: 1,
 *   keyId: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
 *   encryptedKey: 'AQIDAHh…', // base64 of the CiphertextBlob
 *   encryptionContext: { service: 'billing' },
 * };
 */
export interface KmsDataKey {
  /** The secret version this key serves (integer >= 0), written into each record it encrypts. */
  version: number;
  /**
   * The KMS key that encrypted the data key: key id, key ARN, alias name or alias ARN. It is passed to
   * Decrypt, so KMS refuses a data key encrypted under any other key.
   */
  keyId: string;
  /** Standard base64 of the `CiphertextBlob` that GenerateDataKey (or Encrypt) returned. */
  encryptedKey: string;
  /** The encryption context the data key was encrypted with; Decrypt must be given the same one. */
  encryptionContext?: Record<string, string> | undefined;
}

/**
 * Every data key still needed to read stored records, and the version that encrypts new ones.
 *
 * @example
 * const ring: KmsKeyRing = { currentVersion: 2, dataKeys: [oldKey, newKey] };
 * declare const oldKey: KmsDataKey, newKey: KmsDataKey;
 */
export interface KmsKeyRing {
  /** Version of the data key that encrypts new data; one of `dataKeys`. */
  currentVersion: number;
  /** The encrypted data keys, one per version. */
  dataKeys: KmsDataKey[];
}

/** Throttled KMS calls are retried this many times by default (after the client's own retries). */
export const DEFAULT_KMS_THROTTLE_RETRIES = 4;
/** The first back-off after a throttled KMS call, in milliseconds; it doubles on each retry. */
export const DEFAULT_KMS_THROTTLE_BASE_DELAY_MS = 250;
/** The longest back-off between two throttled attempts, in milliseconds. */
const MAX_THROTTLE_DELAY_MS = 8_000;

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

const contextSchema = z.record(z.string(), z.string({ error: 'expected string values' }), {
  error: 'expected an object of string values',
});

const keyRingSchema = z.object(
  {
    currentVersion: z
      .number({ error: 'expected an integer >= 0' })
      .int('expected an integer >= 0')
      .min(0, 'expected an integer >= 0'),
    dataKeys: z
      .array(
        z.object(
          {
            version: z
              .number({ error: 'expected an integer >= 0' })
              .int('expected an integer >= 0')
              .min(0, 'expected an integer >= 0'),
            keyId: z.string({ error: 'expected a non-empty string' }).min(1, 'expected a non-empty string'),
            encryptedKey: z
              .string({ error: 'expected base64 text' })
              .refine((v) => (decodeStrictBase64(v)?.length ?? 0) > 0, 'expected non-empty standard base64'),
            encryptionContext: contextSchema.optional(),
          },
          { error: 'expected a data key { version, keyId, encryptedKey, encryptionContext? }' },
        ),
        { error: 'expected an array of data keys' },
      )
      .min(1, 'must contain at least one data key'),
  },
  { error: 'expected a key ring { currentVersion, dataKeys }' },
);

const optionsSchema = z.object(
  {
    client: z.custom<KMSClient>(
      (v) => typeof (v as { send?: unknown } | null)?.send === 'function',
      'expected a KMSClient from @aws-sdk/client-kms',
    ),
    keyRing: z.custom<KmsSecretsOptions['keyRing']>(
      (v) => typeof v === 'function' || (typeof v === 'object' && v !== null),
      'expected a KmsKeyRing { currentVersion, dataKeys } or a function returning one',
    ),
    throttleRetries: z
      .number({ error: 'expected an integer >= 0' })
      .int('expected an integer >= 0')
      .min(0, 'expected an integer >= 0')
      .optional(),
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

function parseKeyRing(raw: unknown): KmsKeyRing {
  const parsed = keyRingSchema.safeParse(raw);
  const issues: ValidationIssue[] = parsed.success ? [] : zodIssues(parsed.error);
  if (parsed.success) {
    const seen = new Set<number>();
    parsed.data.dataKeys.forEach((key, index) => {
      if (seen.has(key.version))
        issues.push({
          path: ['dataKeys', index, 'version'],
          message: `duplicate data key version ${key.version}; versions must be unique`,
        });
      seen.add(key.version);
    });
    if (!seen.has(parsed.data.currentVersion))
      issues.push({
        path: ['currentVersion'],
        message: `currentVersion ${parsed.data.currentVersion} does not match the version of any data key`,
      });
  }
  if (issues.length > 0 || !parsed.success)
    throw new SecretsValidationError(`Invalid KMS key ring: ${formatIssues(issues)}`, { issues });
  return parsed.data as KmsKeyRing;
}

const THROTTLING = new Set([
  'ThrottlingException',
  'LimitExceededException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);

/** Why a KMS call failed, in words that say what to fix (KMS's own message stays in the cause). */
function reasonOf(error: unknown, keyId: string, operation: string): string {
  const name = (error as { name?: unknown } | null)?.name;
  switch (name) {
    case 'AccessDeniedException':
      return `access denied: this AWS identity may not call kms:${operation} on the key (check the key policy, IAM policy and grants, including any kms:EncryptionContext conditions)`;
    case 'DisabledException':
      return 'the KMS key is disabled; enable it to use data of this version';
    case 'KMSInvalidStateException':
      return 'the KMS key is not usable in its current state (pending deletion, pending import or unavailable)';
    case 'KeyUnavailableException':
      return 'the KMS key is unavailable at the moment (its custom key store is disconnected); try again later';
    case 'InvalidCiphertextException':
      return 'KMS rejected the encrypted data key: the encryption context is not the one it was encrypted with, or encryptedKey is damaged';
    case 'IncorrectKeyException':
      return `the data key was not encrypted under ${keyId}; check keyId (an alias may now point to another key)`;
    case 'NotFoundException':
      return 'the KMS key does not exist (check keyId, the account and the client region)';
    case 'InvalidKeyUsageException':
      return 'the KMS key cannot be used for this operation (a symmetric ENCRYPT_DECRYPT key is needed)';
    default:
      if (typeof name === 'string' && THROTTLING.has(name))
        return 'KMS kept throttling the requests after all retries; raise the KMS request quota or spread out start-ups';
      return `the call failed (${typeof name === 'string' ? name : 'unknown error'}); see error.cause`;
  }
}

/**
 * The cause kept on our error: the SDK error's name, message (KMS's words, e.g. which principal was denied)
 * and request metadata only. The SDK error itself holds the raw HTTP response, whose socket leads to the
 * signed request; `util.inspect` with `showHidden` would print it.
 */
function causeOf(error: unknown): Error {
  if (!(error instanceof Error)) return new Error('non-Error thrown by the KMS client');
  const cause = new Error(error.message);
  cause.name = error.name;
  const metadata = (error as { $metadata?: unknown }).$metadata;
  if (metadata !== undefined) Object.assign(cause, { $metadata: { ...metadata } });
  return cause;
}

function isThrottling(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && THROTTLING.has(name);
}

interface RetryPolicy {
  readonly retries: number;
  readonly baseDelayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

async function withThrottleRetries<T>(policy: RetryPolicy, call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isThrottling(error) || attempt >= policy.retries) throw error;
      // Exponential back-off with jitter in [50 %, 100 %], so a fleet starting together spreads out.
      const nominal = Math.min(MAX_THROTTLE_DELAY_MS, policy.baseDelayMs * 2 ** attempt);
      await policy.sleep(nominal * (0.5 + policy.random() / 2));
    }
  }
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

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

/**
 * Options of {@link generateKmsDataKey}.
 *
 * @example
 * const options: GenerateKmsDataKeyOptions = { client, keyId: 'alias/incountry', version: 3 };
 * declare const client: import('@aws-sdk/client-kms').KMSClient;
 */
export interface GenerateKmsDataKeyOptions {
  /** A configured `KMSClient`. */
  client: KMSClient;
  /** The KMS key to generate under (key id, key ARN, alias name or alias ARN); symmetric. */
  keyId: string;
  /** The secret version the new key will serve; must not be in use yet. */
  version: number;
  /** Optional encryption context, bound to the key: every Decrypt must present the same one. */
  encryptionContext?: Record<string, string> | undefined;
}

const generateSchema = z.object(
  {
    client: optionsSchema.shape.client,
    keyId: z.string({ error: 'expected a non-empty string' }).min(1, 'expected a non-empty string'),
    version: z
      .number({ error: 'expected an integer >= 0' })
      .int('expected an integer >= 0')
      .min(0, 'expected an integer >= 0'),
    encryptionContext: contextSchema.optional(),
  },
  { error: 'generateKmsDataKey() needs an options object { client, keyId, version }' },
);

/**
 * Creates a new secret version: asks KMS GenerateDataKey for a 256-bit data key and returns only its
 * encrypted form, ready to add to the key ring (the plaintext copy KMS also returns is wiped at once).
 * `keyId` in the result is the key ARN KMS reports, so re-pointing an alias later does not orphan the key.
 *
 * @example
 * const added = await generateKmsDataKey({ client, keyId: 'alias/incountry', version: ring.currentVersion + 1 });
 * const rotated: KmsKeyRing = { currentVersion: added.version, dataKeys: [...ring.dataKeys, added] };
 * declare const client: import('@aws-sdk/client-kms').KMSClient;
 * declare const ring: KmsKeyRing;
 */
export async function generateKmsDataKey(options: GenerateKmsDataKeyOptions): Promise<KmsDataKey> {
  const parsed = generateSchema.safeParse(options);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    throw new StorageConfigValidationError(`generateKmsDataKey(): invalid options: ${formatIssues(issues)}`, {
      issues,
    });
  }
  const { client, keyId, version, encryptionContext } = options;
  let answer: {
    CiphertextBlob?: Uint8Array | undefined;
    Plaintext?: Uint8Array | undefined;
    KeyId?: string | undefined;
  };
  try {
    answer = await client.send(
      new GenerateDataKeyCommand({
        KeyId: keyId,
        KeySpec: 'AES_256',
        ...(encryptionContext === undefined ? {} : { EncryptionContext: encryptionContext }),
      }),
    );
  } catch (error) {
    throw new SecretsProviderError(
      `AWS KMS could not generate a data key for secret version ${version} (KMS key ${keyId}): ${reasonOf(error, keyId, 'GenerateDataKey')}`,
      { cause: causeOf(error) },
    );
  }
  answer.Plaintext?.fill(0);
  if (answer.CiphertextBlob === undefined || answer.CiphertextBlob.length === 0)
    throw new SecretsProviderError(
      `AWS KMS returned no encrypted data key for secret version ${version} (KMS key ${keyId})`,
    );
  return {
    version,
    keyId: answer.KeyId ?? keyId,
    encryptedKey: Buffer.from(answer.CiphertextBlob).toString('base64'),
    ...(encryptionContext === undefined ? {} : { encryptionContext: { ...encryptionContext } }),
  };
}
