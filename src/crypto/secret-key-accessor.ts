import * as z from 'zod/mini';
import {
  CauseSummary,
  formatIssues,
  SecretsProviderError,
  SecretsValidationError,
  StorageConfigValidationError,
  zodIssues,
} from '../errors.js';

import { strictObject } from '../wire/jit-object.js';
import { lazySchema } from '../wire/lazy-schema.js';
import { type SecretsGetter, type ValidatedSecrets, validateSecrets } from './secrets-data.js';
import { userText } from './user-text.js';

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

const accessorOptionsSchema = /* @__PURE__ */ lazySchema(() =>
  strictObject(
    {
      refreshOnUnknownVersion: z.optional(z.boolean({ error: 'expected a boolean' })),
      minRefreshIntervalMs: z.optional(
        z
          .number({ error: 'expected a number of milliseconds >= 0' })
          .check(z.gte(0, 'expected a number of milliseconds >= 0')),
      ),
      now: z.optional(z.custom<() => number>((v) => typeof v === 'function', 'expected a function')),
    },
    { error: 'expected an options object { refreshOnUnknownVersion?, minRefreshIntervalMs? }' },
  ),
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
      // The getter's message is the user's own text ("APP_SECRET missing"), kept so the failure can be
      // understood; any secret this accessor has held is cut out of it first.
      const known = this.#lastGood?.secrets.map((s) => s.secret) ?? [];
      const text = userText(error, known);
      const cause = new CauseSummary(error, text);
      throw new SecretsProviderError(
        `The secret key accessor failed: its getter threw ${cause.message}; check the secret source`,
        { cause },
      );
    }
    return validateSecrets(raw, this.#lastGood);
  }
}
