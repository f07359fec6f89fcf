/**
 * Secrets: where they come from (a user getter), how they are validated (docs/protocol.md#secrets-data) and cached.
 */
import { inspect } from 'node:util';
import { z } from 'zod';
import {
  formatIssues,
  SecretsProviderError,
  SecretsValidationError,
  StorageConfigValidationError,
  type ValidationIssue,
  zodIssues,
} from '../errors.js';
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

const versionSchema = z
  .number({ error: 'expected an integer >= 0' })
  .int('expected an integer >= 0')
  .min(0, 'expected an integer >= 0');

const secretsDataSchema = z.object(
  {
    currentVersion: versionSchema,
    secrets: z
      .array(
        z.object(
          {
            secret: z.string({ error: 'expected a non-empty string' }).min(1, 'expected a non-empty string'),
            version: versionSchema,
            isKey: z.boolean({ error: 'expected a boolean' }).optional(),
            isForCustomEncryption: z.boolean({ error: 'expected a boolean' }).optional(),
          },
          { error: 'expected a secret object { secret, version, isKey?, isForCustomEncryption? }' },
        ),
        { error: 'expected an array of secrets' },
      )
      .min(1, 'must contain at least one secret'),
  },
  {
    error:
      'the secret key accessor must return a non-empty string or a SecretsData object { currentVersion, secrets }',
  },
);

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

/** Default minimum time between two automatic refreshes of one accessor, in milliseconds (30 s). */
export const DEFAULT_MIN_REFRESH_INTERVAL_MS = 30_000;

/**
 * How a {@link SecretKeyAccessor} refreshes itself when a record needs a secret version it lacks.
 *
 * @example
 * const accessor = new SecretKeyAccessor(() => readSecrets(), { minRefreshIntervalMs: 60_000 });
 * declare function readSecrets(): SecretsData;
 */
export interface SecretKeyAccessorOptions {
  /**
   * Call the getter again when a record was encrypted with a version the cached secrets lack (default
   * true): in a fleet another process may already write with a newer version. When false, such records
   * fail until `refresh()` is called.
   */
  refreshOnUnknownVersion?: boolean | undefined;
  /**
   * Minimum milliseconds between two automatic refreshes (default {@link DEFAULT_MIN_REFRESH_INTERVAL_MS};
   * 0 removes the limit). Records of a version that is still missing fail at once inside that interval, so a
   * stray record of a retired version cannot hammer the secret source. `refresh()` is never limited.
   */
  minRefreshIntervalMs?: number | undefined;
  /** @internal Clock in milliseconds, for tests. */
  now?: (() => number) | undefined;
}

/**
 * @internal What {@link SecretKeyAccessor.secretsWithVersion} did: `found` (the secrets have the version),
 * `refreshed` (the getter was called again and still lacks it), `rate-limited`, `disabled`, `failed` (the
 * refresh threw `error`).
 */
export interface VersionLookup {
  readonly secrets: ValidatedSecrets;
  readonly outcome: 'found' | 'refreshed' | 'rate-limited' | 'disabled' | 'failed';
  readonly error?: unknown;
}

const accessorOptionsSchema = z.strictObject(
  {
    refreshOnUnknownVersion: z.boolean({ error: 'expected a boolean' }).optional(),
    minRefreshIntervalMs: z
      .number({ error: 'expected a number of milliseconds >= 0' })
      .min(0, 'expected a number of milliseconds >= 0')
      .finite('expected a finite number of milliseconds')
      .optional(),
    now: z.custom<() => number>((v) => typeof v === 'function', 'expected a function').optional(),
  },
  { error: 'expected an options object { refreshOnUnknownVersion?, minRefreshIntervalMs? }' },
);

/**
 * Supplies the encryption secrets. The getter is called once and its validated result cached (concurrent
 * first calls share one call); `refresh()` calls it again, e.g. after a key rotation. When a record needs a
 * secret version the cache lacks, the storage refreshes once on its own (single-flight, at most once per
 * `minRefreshIntervalMs`, default 30 s; see {@link SecretKeyAccessorOptions}).
 *
 * A getter may throw a `SecretsProviderError` or `SecretsValidationError` itself to explain what is wrong
 * with its source; anything else it throws becomes a generic `SecretsProviderError` with the error as cause.
 *
 * @example
 * const accessor = new SecretKeyAccessor(() => 'my password');
 * const rotating = new SecretKeyAccessor(async () => ({
 *   currentVersion: 2,
 *   secrets: [{ secret: 'old password', version: 1 }, { secret: process.env.KEY_B64!, version: 2, isKey: true }],
 * }));
 * @category Secrets
 */
export class SecretKeyAccessor {
  readonly #getter: SecretsGetter;
  readonly #autoRefresh: boolean;
  readonly #minInterval: number;
  readonly #now: () => number;
  #cached: Promise<ValidatedSecrets> | undefined;
  #refreshing: Promise<ValidatedSecrets> | undefined;
  #lastGood: ValidatedSecrets | undefined;
  #lastAutoAt: number | undefined;
  #lastAuto: Promise<ValidatedSecrets> | undefined;

  constructor(getter: SecretsGetter, options: SecretKeyAccessorOptions = {}) {
    if (typeof getter !== 'function')
      throw new StorageConfigValidationError(
        'SecretKeyAccessor needs a function returning a secret string or a SecretsData object',
      );
    const parsed = accessorOptionsSchema.safeParse(options);
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      throw new StorageConfigValidationError(`Invalid SecretKeyAccessor options: ${formatIssues(issues)}`, {
        issues,
      });
    }
    this.#getter = getter;
    this.#autoRefresh = parsed.data.refreshOnUnknownVersion ?? true;
    this.#minInterval = parsed.data.minRefreshIntervalMs ?? DEFAULT_MIN_REFRESH_INTERVAL_MS;
    this.#now = parsed.data.now ?? Date.now;
  }

  /**
   * The validated secrets, fetched on first use and cached.
   *
   * @example
   * const { currentVersion } = await accessor.getSecrets();
   */
  getSecrets(): Promise<ValidatedSecrets> {
    return this.#cached ?? this.#start();
  }

  /**
   * Calls the getter again and caches the new secrets. Concurrent calls share one getter call. If it fails,
   * the previous good secrets stay in use and the error is thrown.
   *
   * @example
   * await accessor.refresh(); // after rotating secrets in the vault
   */
  refresh(): Promise<ValidatedSecrets> {
    if (this.#refreshing) return this.#refreshing;
    const loading = this.#start().finally(() => {
      if (this.#refreshing === loading) this.#refreshing = undefined;
    });
    this.#refreshing = loading;
    return loading;
  }

  /**
   * @internal Secrets that have `version` if they can be had: the cached ones, those of a refresh in
   * flight, or those of an automatic refresh started now (unless disabled or rate-limited). `seen` is what
   * the caller looked into; it is returned when nothing newer is available. Never throws.
   */
  async secretsWithVersion(version: number, seen: ValidatedSecrets): Promise<VersionLookup> {
    // Secrets newer than the caller's may already have it (a refresh finished since it looked).
    const known = this.#lastGood;
    if (known?.has(version)) return { secrets: known, outcome: 'found' };
    const inFlight = this.#refreshing;
    if (inFlight !== undefined) return this.#settle(inFlight, version, seen, 'refreshed');
    const latest = await this.getSecrets().catch(() => this.#lastGood ?? seen);
    if (latest.has(version)) return { secrets: latest, outcome: 'found' };
    // Another caller may have started a refresh while this one waited.
    if (this.#refreshing !== undefined) return this.#settle(this.#refreshing, version, latest, 'refreshed');
    if (!this.#autoRefresh) return { secrets: latest, outcome: 'disabled' };
    const now = this.#now();
    if (this.#lastAutoAt !== undefined && now - this.#lastAutoAt < this.#minInterval && this.#lastAuto)
      return this.#settle(this.#lastAuto, version, latest, 'rate-limited');
    this.#lastAutoAt = now;
    const loading = this.refresh();
    this.#lastAuto = loading;
    return this.#settle(loading, version, latest, 'refreshed');
  }

  async #settle(
    loading: Promise<ValidatedSecrets>,
    version: number,
    fallback: ValidatedSecrets,
    missing: 'refreshed' | 'rate-limited',
  ): Promise<VersionLookup> {
    try {
      const secrets = await loading;
      return { secrets, outcome: secrets.has(version) ? 'found' : missing };
    } catch (error) {
      const secrets = this.#lastGood ?? fallback;
      if (secrets.has(version)) return { secrets, outcome: 'found' };
      return missing === 'rate-limited'
        ? { secrets, outcome: 'rate-limited' }
        : { secrets, outcome: 'failed', error };
    }
  }

  #start(): Promise<ValidatedSecrets> {
    const loading: Promise<ValidatedSecrets> = this.#fetch().then(
      (secrets) => {
        this.#lastGood = secrets;
        return secrets;
      },
      (error: unknown) => {
        // A failed load is not cached: the next call tries again, or keeps the last good secrets.
        if (this.#cached === loading)
          this.#cached = this.#lastGood ? Promise.resolve(this.#lastGood) : undefined;
        throw error;
      },
    );
    this.#cached = loading;
    return loading;
  }

  async #fetch(): Promise<ValidatedSecrets> {
    let raw: unknown;
    try {
      raw = await this.#getter();
    } catch (error) {
      // Sources built on this class (files, KMS) explain their own failures.
      if (error instanceof SecretsProviderError || error instanceof SecretsValidationError) throw error;
      throw new SecretsProviderError(
        'The secret key accessor failed (its getter threw or rejected); error.cause names the kind of error; check the secret source',
        { cause: error },
      );
    }
    return validateSecrets(raw, this.#lastGood);
  }
}
