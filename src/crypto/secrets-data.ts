/**
 * Secrets data: the shape a getter returns (docs/protocol.md#secrets-data), its validation, and the
 * validated, immutable view the ciphers read.
 */
import { inspect } from 'node:util';
import * as z from 'zod/mini';
import { formatIssues, SecretsValidationError, type ValidationIssue, zodIssues } from '../errors.js';
import { object } from '../wire/jit-object.js';
import { lazySchema } from '../wire/lazy-schema.js';
import { decodeStrictBase64 } from './base64.js';

/**
 * One secret. `secret` is a password (PBKDF2 is applied), or with `isKey` the base64 of a 32-byte AES key,
 * or with `isForCustomEncryption` the base64 of the key bytes handed to a custom cipher.
 *
 * @example
 * const secret: SecretData = { secret: 'correct horse battery staple', version: 1 };
 * @category Secrets
 */
export interface SecretData {
  /** The password, or base64 key bytes with `isKey` / `isForCustomEncryption`. */
  secret: string;
  /** Integer >= 0; written into each record's `version`. */
  version: number;
  /** `secret` is the base64 of a 32-byte AES key, used without key derivation. */
  isKey?: boolean;
  /** `secret` is the base64 of key bytes for custom ciphers only. */
  isForCustomEncryption?: boolean;
}

/**
 * Several secrets for key rotation: new data uses `currentVersion`, old data is read with the secret of
 * its own version.
 *
 * @example
 * const data: SecretsData = { currentVersion: 2, secrets: [{ secret: 'old', version: 1 }, { secret: 'new', version: 2 }] };
 * @category Secrets
 */
export interface SecretsData {
  /** Version of the secret that encrypts new data; must be one of `secrets`. */
  currentVersion: number;
  /** All secrets still needed to read old data, versions unique. */
  secrets: SecretData[];
}

/**
 * What a {@link SecretKeyAccessor} getter returns: a password string or a {@link SecretsData}, sync or async.
 *
 * @example
 * const getter: SecretsGetter = async () => (await (await fetch('https://vault.example/secrets')).json()) as SecretsData;
 * @category Secrets
 */
export type SecretsGetter = () => string | SecretsData | Promise<string | SecretsData>;

/**
 * Secrets that passed validation. Secret objects are frozen copies of what the getter returned.
 *
 * @example
 * const secrets = await accessor.getSecrets();
 * secrets.current().version === secrets.currentVersion; // true
 * @category Secrets
 */
export interface ValidatedSecrets {
  /** Version of the secret that encrypts new data. */
  readonly currentVersion: number;
  /** Every secret, frozen. */
  readonly secrets: readonly Readonly<SecretData>[];
  /** The secret of `version`; throws {@link SecretsValidationError} `Secret not found for version N`. */
  get(version: number): Readonly<SecretData>;
  /** Whether a secret of `version` is present. */
  has(version: number): boolean;
  /** The secret used for new data. */
  current(): Readonly<SecretData>;
}

class ValidatedSecretsImpl implements ValidatedSecrets {
  readonly currentVersion: number;
  readonly secrets: readonly Readonly<SecretData>[];
  readonly #byVersion: Map<number, Readonly<SecretData>>;

  constructor(currentVersion: number, secrets: readonly Readonly<SecretData>[]) {
    this.currentVersion = currentVersion;
    this.secrets = Object.freeze([...secrets]);
    this.#byVersion = new Map(secrets.map((s) => [s.version, s]));
  }

  get(version: number): Readonly<SecretData> {
    const secret = this.#byVersion.get(version);
    if (secret === undefined) throw new SecretsValidationError(`Secret not found for version ${version}`);
    return secret;
  }

  has(version: number): boolean {
    return this.#byVersion.has(version);
  }

  current(): Readonly<SecretData> {
    return this.get(this.currentVersion);
  }

  // Secrets must never reach logs: an accidental console.log(secrets) or JSON.stringify shows versions only.
  toJSON(): { currentVersion: number; versions: number[] } {
    return { currentVersion: this.currentVersion, versions: this.secrets.map((s) => s.version) };
  }

  [inspect.custom](): string {
    return `ValidatedSecrets ${inspect(this.toJSON())}`;
  }
}

/** Length of an AES-256 key in bytes. */
export const KEY_LENGTH = 32;

const secretsDataSchema = /* @__PURE__ */ lazySchema(() => {
  const versionSchema = z
    .number({ error: 'expected an integer >= 0' })
    .check(z.int('expected an integer >= 0'), z.gte(0, 'expected an integer >= 0'));
  return object(
    {
      currentVersion: versionSchema,
      secrets: z
        .array(
          object(
            {
              secret: z
                .string({ error: 'expected a non-empty string' })
                .check(z.minLength(1, 'expected a non-empty string')),
              version: versionSchema,
              isKey: z.optional(z.boolean({ error: 'expected a boolean' })),
              isForCustomEncryption: z.optional(z.boolean({ error: 'expected a boolean' })),
            },
            { error: 'expected a secret object { secret, version, isKey?, isForCustomEncryption? }' },
          ),
          { error: 'expected an array of secrets' },
        )
        .check(z.minLength(1, 'must contain at least one secret')),
    },
    {
      error:
        'the secret key accessor must return a non-empty string or a SecretsData object { currentVersion, secrets }',
    },
  );
});

function invalid(issues: ValidationIssue[]): SecretsValidationError {
  return new SecretsValidationError(`Invalid secrets: ${formatIssues(issues)}`, { issues });
}

function sameSecret(a: Readonly<SecretData>, b: Readonly<SecretData>): boolean {
  return (
    a.version === b.version &&
    a.secret === b.secret &&
    (a.isKey ?? false) === (b.isKey ?? false) &&
    (a.isForCustomEncryption ?? false) === (b.isForCustomEncryption ?? false)
  );
}

/**
 * Validates what a getter returned (docs/protocol.md#secrets-data). A plain string is version 0. When `previous` holds an
 * identical secret, that frozen object is reused, so key caches keyed by secret identity survive a refresh.
 * Throws {@link SecretsValidationError} naming the version and field, never the secret.
 *
 * @example
 * validateSecrets('my password').current(); // { secret: 'my password', version: 0 }
 */
export function validateSecrets(raw: unknown, previous?: ValidatedSecrets): ValidatedSecrets {
  let data: SecretsData;
  if (typeof raw === 'string') {
    if (raw.length === 0)
      throw invalid([
        {
          path: [],
          message: 'the secret key accessor returned an empty string; return a non-empty password',
        },
      ]);
    data = { currentVersion: 0, secrets: [{ secret: raw, version: 0 }] };
  } else {
    const parsed = secretsDataSchema.safeParse(raw);
    if (!parsed.success) throw invalid(zodIssues(parsed.error));
    data = parsed.data as SecretsData;
  }

  const issues: ValidationIssue[] = [];
  const seen = new Set<number>();
  data.secrets.forEach((s, index) => {
    const path = ['secrets', index];
    if (seen.has(s.version))
      issues.push({
        path: [...path, 'version'],
        message: `duplicate secret version ${s.version}; versions must be unique`,
      });
    seen.add(s.version);
    if (s.isKey === true && s.isForCustomEncryption === true)
      issues.push({
        path,
        message: `secret version ${s.version}: isKey and isForCustomEncryption cannot both be true`,
      });
    if (s.isKey === true && decodeStrictBase64(s.secret)?.length !== KEY_LENGTH)
      issues.push({
        path: [...path, 'secret'],
        message: `secret version ${s.version}: an isKey secret must be the base64 encoding of exactly ${KEY_LENGTH} bytes`,
      });
    if (s.isForCustomEncryption === true && !decodeStrictBase64(s.secret)?.length)
      issues.push({
        path: [...path, 'secret'],
        message: `secret version ${s.version}: an isForCustomEncryption secret must be non-empty standard base64 (the key bytes for the custom cipher)`,
      });
  });
  if (!seen.has(data.currentVersion))
    issues.push({
      path: ['currentVersion'],
      message: `currentVersion ${data.currentVersion} does not match the version of any secret`,
    });
  if (issues.length > 0) throw invalid(issues);

  const secrets = data.secrets.map((s) => {
    const copy: SecretData = { secret: s.secret, version: s.version };
    if (s.isKey !== undefined) copy.isKey = s.isKey;
    if (s.isForCustomEncryption !== undefined) copy.isForCustomEncryption = s.isForCustomEncryption;
    const reused = previous?.secrets.find((p) => sameSecret(p, copy));
    return reused ?? Object.freeze(copy);
  });
  return new ValidatedSecretsImpl(data.currentVersion, secrets);
}
