import { SecretsValidationError, StorageConfigValidationError, StorageCryptoError } from '../errors.js';
import { RANGE_KEYS, STRING_KEYS, type StringKey } from '../fields.js';
import type { RecordInput, StorageRecord } from '../record.js';
import { checkPlainKeyLimits, checkSseLimits, toIsoString } from '../record-input.js';
import { isPlainObject } from '../wire/plain-object.js';
import type { WireFilter, WireRecord, WireWriteRecord } from '../wire/wire-types.js';
import { CipherSuite } from './cipher-suite.js';
import { parseCodecOptions } from './codec-options.js';
import type { CustomEncryptionConfig } from './custom-cipher.js';
import { validateCustomEncryptionConfigs } from './custom-encryption.js';
import { isPromise, type MaybePromise } from './derived-key-cache.js';
import { parseEnvelope } from './envelope.js';
import { KeyHasher } from './key-hasher.js';
import { type KeyExpectation, keyMismatch } from './key-verification.js';
import { encodePlaintext } from './plaintext-cipher.js';
import { assembleRecord } from './record-assembly.js';
import { checkSecretsFitCiphers, needsSecret } from './secret-fit.js';
import type { SecretKeyAccessor } from './secret-key-accessor.js';
import type { ValidatedSecrets } from './secrets-data.js';

/**
 * Where encryption happens: `LOCAL` (client-side, the default), `SSE` (server-side; keys sent plain) or
 * `OFF` (keys hashed, body base64 only).
 *
 * @example
 * const mode: EncryptionMode = 'LOCAL';
 */
export type EncryptionMode = 'LOCAL' | 'SSE' | 'OFF';

/**
 * Options of {@link createRecordCodec}.
 *
 * @example
 * const options: RecordCodecOptions = { mode: 'LOCAL', environmentId: 'env', secretKeyAccessor: accessor };
 */
export interface RecordCodecOptions {
  mode: EncryptionMode;
  environmentId: string;
  /** Lower-case hashed key values (default false). Not with SSE. */
  normalizeKeys?: boolean | undefined;
  /** Hash key1..key20 (default true). Not with SSE. */
  hashSearchKeys?: boolean | undefined;
  /** Required in LOCAL mode, refused otherwise. */
  secretKeyAccessor?: SecretKeyAccessor | undefined;
  /** LOCAL mode only. */
  customEncryptionConfigs?: CustomEncryptionConfig[] | undefined;
  /** Derived keys kept in the LRU (default 4096). @internal */
  keyCacheSize?: number | undefined;
  /** Encryptions per writer salt before rotation (default 2^20). @internal */
  saltUsageLimit?: number | undefined;
}

/**
 * Encodes records, keys and filters for the wire and decodes records read from it. Create it with
 * {@link createRecordCodec}.
 *
 * @example
 * const codec = await createRecordCodec({ mode: 'LOCAL', environmentId: 'env', secretKeyAccessor: accessor });
 * const wire = await codec.encode({ record_key: 'user-1', key1: 'english', body: '{}' });
 * const record = await codec.decode(wire);
 */
export class RecordCodec {
  readonly mode: EncryptionMode;
  readonly #hasher: KeyHasher;
  readonly #accessor: SecretKeyAccessor | undefined;
  readonly #suite: CipherSuite;
  readonly #customConfigs: readonly CustomEncryptionConfig[];
  /** Each fetched set of secrets is checked against the ciphers (and custom ciphers probed) once. */
  readonly #vetted = new WeakMap<ValidatedSecrets, Promise<void>>();
  #seenPromise: Promise<ValidatedSecrets> | undefined;
  #seen: ValidatedSecrets | undefined;

  /** @internal Use {@link createRecordCodec}. */
  constructor(
    mode: EncryptionMode,
    hasher: KeyHasher,
    accessor: SecretKeyAccessor | undefined,
    suite: CipherSuite,
    customConfigs: readonly CustomEncryptionConfig[],
    vetted?: ValidatedSecrets,
  ) {
    this.mode = mode;
    this.#hasher = hasher;
    this.#accessor = accessor;
    this.#suite = suite;
    this.#customConfigs = customConfigs;
    if (vetted !== undefined) this.#vetted.set(vetted, Promise.resolve());
  }

  /** @internal The cipher suite (key cache statistics for tests and benchmarks). */
  get cipherSuite(): CipherSuite {
    return this.#suite;
  }

  /**
   * Version of the secret new records are encrypted with; 0 when not in LOCAL mode.
   *
   * @example
   * declare const codec: RecordCodec;
   * await codec.currentVersion(); // 2
   */
  async currentVersion(): Promise<number> {
    if (this.mode !== 'LOCAL') return 0;
    return (await this.#secrets()).currentVersion;
  }

  /**
   * The wire form of one key value: hashed (and normalized) in LOCAL/OFF for hashed fields, as is in SSE.
   * Used for URL paths and batch-delete lists.
   *
   * @example
   * declare const codec: RecordCodec;
   * codec.encodeKey('record_key', 'user-1'); // '5e1a…' (64 hex characters)
   */
  encodeKey(field: StringKey, value: string): string {
    return this.mode === 'SSE' ? value : this.#hasher.encode(field, value);
  }

  /**
   * Hashes every value of hashed string fields in a find filter: scalars, lists, `$not` values and inside
   * `$or` branches. `$like`, `search_keys`, nulls and non-string fields are left alone. SSE: unchanged.
   *
   * @example
   * declare const codec: RecordCodec;
   * codec.encodeFilter({ key1: ['a', 'b'], range_key1: { $gt: 1 }, $or: [{ key2: 'x' }, { key3: { $not: 'y' } }] });
   */
  encodeFilter(filter: WireFilter): WireFilter {
    if (this.mode === 'SSE') return filter;
    const out: WireFilter = {};
    for (const [field, condition] of Object.entries(filter)) {
      if (field === '$or' && Array.isArray(condition)) {
        out.$or = condition.map((branch: unknown) =>
          isPlainObject(branch) ? this.#encodeBranch(branch) : branch,
        ) as Record<string, unknown>[];
      } else {
        out[field] = this.#encodeCondition(field, condition);
      }
    }
    return out;
  }

  #encodeBranch(branch: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [field, condition] of Object.entries(branch))
      out[field] = this.#encodeCondition(field, condition);
    return out;
  }

  #encodeCondition(field: string, condition: unknown): unknown {
    if (!(STRING_KEYS as readonly string[]).includes(field) || !this.#hasher.isHashed(field as StringKey))
      return condition;
    const key = field as StringKey;
    const encodeValue = (value: unknown): unknown =>
      typeof value === 'string' ? this.#hasher.encode(key, value) : value;
    const encodeValues = (value: unknown): unknown =>
      Array.isArray(value) ? value.map(encodeValue) : encodeValue(value);
    if (isPlainObject(condition)) {
      const out: Record<string, unknown> = { ...condition };
      if ('$not' in condition) out.$not = encodeValues(condition.$not);
      return out;
    }
    return encodeValues(condition);
  }

  /**
   * Encodes a validated record (see `parseRecordInput`) for writing. LOCAL: hashed keys, encrypted
   * envelope and precommit_body, `version` = current secret version, `is_encrypted: true`. OFF: the same
   * with `pt:` bodies, `version: 0`, `is_encrypted: false`. SSE: the record as given.
   *
   * @example
   * declare const codec: RecordCodec;
   * const wire = await codec.encode({ record_key: 'user-1', body: 'hello' });
   */
  async encode(record: RecordInput): Promise<WireWriteRecord> {
    if (this.mode === 'SSE') return this.#encodeSse(record);
    if (!this.#hasher.hashSearchKeys) checkPlainKeyLimits(record);

    const out: Record<string, unknown> = {};
    const meta: Record<string, string> = {};
    for (const field of STRING_KEYS) {
      const value = record[field];
      if (value === undefined) continue;
      if (value === null) {
        out[field] = null;
        continue;
      }
      if (this.#hasher.isHashed(field)) {
        out[field] = this.#hasher.encode(field, value);
        meta[field] = value;
      } else {
        out[field] = value;
      }
    }
    this.#copyPlainFields(record, out);
    const envelope = JSON.stringify({ meta, payload: record.body ?? null });
    const precommit = record.precommit_body;

    if (this.mode === 'OFF') {
      out.body = encodePlaintext(envelope);
      if (precommit !== undefined)
        out.precommit_body = precommit === null ? null : encodePlaintext(precommit);
      out.version = 0;
      out.is_encrypted = false;
      return out as WireWriteRecord;
    }

    // Awaited only when really pending: `await` on a plain value still yields, and yielding per step would
    // split a batch into phases that keep every record's buffers alive at once.
    let secrets = this.#secrets();
    if (isPromise(secrets)) secrets = await secrets;
    const sealed = this.#suite.encryptNow(envelope, secrets);
    out.body = isPromise(sealed) ? await sealed : sealed;
    if (typeof precommit === 'string') {
      const sealedPrecommit = this.#suite.encryptNow(precommit, secrets);
      out.precommit_body = isPromise(sealedPrecommit) ? await sealedPrecommit : sealedPrecommit;
    } else if (precommit === null) {
      out.precommit_body = null;
    }
    out.version = secrets.currentVersion;
    out.is_encrypted = true;
    return out as WireWriteRecord;
  }

  #encodeSse(record: RecordInput): WireWriteRecord {
    checkSseLimits(record);
    const out: Record<string, unknown> = {};
    for (const field of STRING_KEYS) if (record[field] !== undefined) out[field] = record[field];
    this.#copyPlainFields(record, out);
    if (record.body !== undefined) out.body = record.body;
    if (record.precommit_body !== undefined) out.precommit_body = record.precommit_body;
    return out as WireWriteRecord;
  }

  #copyPlainFields(record: RecordInput, out: Record<string, unknown>): void {
    for (const field of RANGE_KEYS) if (record[field] !== undefined) out[field] = record[field];
    const expires = record.expires_at;
    if (expires !== undefined) out.expires_at = expires === null ? null : toIsoString(expires);
  }

  /**
   * Decodes a record read from the server (docs/protocol.md#envelope reader rules): originals from the envelope's
   * `meta` (legacy `meta.key` too; non-string entries ignored), `body` = payload, `precommit_body`
   * decrypted, `pt:` bodies readable in any mode, a missing `version` read as 0.
   * A record of a secret version the cached secrets lack makes the accessor refresh (single-flight,
   * rate-limited; see `SecretKeyAccessorOptions`) and the new secrets vetted like at start-up before the
   * record is decoded. Throws {@link StorageCryptoError} (`Secret not found for version N: …` when the version
   * is still unknown).
   *
   * @example
   * declare const codec: RecordCodec;
   * declare const wire: Parameters<RecordCodec['decode']>[0]; // one record of a find response
   * const record = await codec.decode(wire);
   */
  async decode(wire: WireRecord): Promise<StorageRecord> {
    return this.#decode(wire, undefined);
  }

  /**
   * {@link RecordCodec.decode}, after checking that the record is the one its envelope and the request
   * say it is (see key-verification.ts): every key the envelope holds encodes to the wire value beside it,
   * every hashed wire key is in the envelope, and `record_key` is one of `expected.recordKeys` when given.
   * A mismatch is a {@link StorageCryptoError} naming the field, never a value.
   *
   * @example
   * declare const codec: RecordCodec;
   * declare const wire: Parameters<RecordCodec['decode']>[0]; // the answer to a read of 'user-1'
   * const record = await codec.decodeVerified(wire, { recordKeys: [codec.encodeKey('record_key', 'user-1')] });
   */
  async decodeVerified(wire: WireRecord, expected: KeyExpectation): Promise<StorageRecord> {
    return this.#decode(wire, expected);
  }

  async #decode(wire: WireRecord, expected: KeyExpectation | undefined): Promise<StorageRecord> {
    const version = wire.version ?? 0;
    let meta: Record<string, unknown> = {};
    let body: string | null = wire.body ?? null;
    let precommit: string | null = wire.precommit_body ?? null;

    if (this.mode !== 'SSE') {
      // As in encode: await only what is really pending.
      let secrets = this.#accessor === undefined ? undefined : this.#secrets();
      if (secrets !== undefined && isPromise(secrets)) secrets = await secrets;
      if (secrets !== undefined && !secrets.has(version) && (needsSecret(body) || needsSecret(precommit)))
        secrets = await this.#secretsWithVersion(version, secrets);
      if (typeof body === 'string') {
        const opened = this.#suite.decryptNow(body, version, secrets);
        const envelope = parseEnvelope(isPromise(opened) ? await opened : opened);
        meta = envelope.meta;
        body = envelope.payload;
      } else if (expected !== undefined) {
        // Nothing authenticates the keys of a record without a body.
        throw new StorageCryptoError(
          'Record keys cannot be verified: the record has no body, so no encrypted envelope names its keys',
        );
      }
      if (typeof precommit === 'string') {
        const opened = this.#suite.decryptNow(precommit, version, secrets);
        precommit = isPromise(opened) ? await opened : opened;
      }
    }
    if (expected !== undefined) {
      const mismatch = keyMismatch(wire, this.mode === 'SSE' ? undefined : meta, this.#hasher, expected);
      if (mismatch !== undefined)
        throw new StorageCryptoError(
          `Record keys do not match: ${mismatch}; the server (or something between) answered with a record other than the one asked for, or altered it`,
        );
    }

    return assembleRecord(wire, { meta, body, precommit, version });
  }

  /**
   * Current secrets, vetted once per fetched set against the configured ciphers. Synchronous while the
   * accessor keeps handing out the promise already seen (it caches one until a refresh).
   */
  #secrets(): MaybePromise<ValidatedSecrets> {
    const pending = this.#accessor!.getSecrets();
    if (pending === this.#seenPromise && this.#seen !== undefined) return this.#seen;
    return pending.then(async (secrets) => {
      await this.#vet(secrets);
      this.#seenPromise = pending;
      this.#seen = secrets;
      return secrets;
    });
  }

  /**
   * Secrets fetched after start-up (a refresh) get the start-up treatment: the fit with the ciphers, and a
   * round trip through every custom cipher, since a new custom secret may not suit them.
   */
  #vet(secrets: ValidatedSecrets): Promise<void> {
    let vetting = this.#vetted.get(secrets);
    if (vetting === undefined) {
      const configs = this.#customConfigs;
      vetting = (async () => {
        checkSecretsFitCiphers(secrets, configs);
        if (configs.length > 0) await validateCustomEncryptionConfigs(configs, secrets);
      })();
      this.#vetted.set(secrets, vetting);
    }
    return vetting;
  }

  /** The record's version is missing from `seen`: let the accessor refresh, or explain why it cannot be read. */
  async #secretsWithVersion(version: number, seen: ValidatedSecrets): Promise<ValidatedSecrets> {
    const lookup = await this.#accessor!.secretsWithVersion(version, seen);
    if (lookup.outcome === 'found') {
      await this.#vet(lookup.secrets);
      return lookup.secrets;
    }
    const why = {
      refreshed:
        'the secret key accessor does not return it, even after refreshing; keep every version that stored records still use until migrate() has re-encrypted them',
      'rate-limited':
        'the secret key accessor does not return it, and its secrets were refreshed moments ago (automatic refreshes happen at most once per minRefreshIntervalMs)',
      disabled:
        'the secret key accessor does not return it (automatic refresh is off: call refresh() once the secret source has it)',
      failed: 'refreshing the secrets failed; see error.cause',
    }[lookup.outcome];
    throw new StorageCryptoError(
      `Secret not found for version ${version}: ${why}`,
      lookup.outcome === 'failed' ? { cause: lookup.error } : {},
    );
  }
}

/**
 * Validates the options, fetches and checks the secrets (LOCAL), probes custom ciphers, and returns a
 * {@link RecordCodec}. Throws {@link StorageConfigValidationError}, `SecretsProviderError` or
 * {@link SecretsValidationError}.
 *
 * @example
 * const codec = await createRecordCodec({
 *   mode: 'LOCAL',
 *   environmentId: 'my-env',
 *   secretKeyAccessor: new SecretKeyAccessor(() => 'my password'),
 * });
 */
export async function createRecordCodec(options: RecordCodecOptions): Promise<RecordCodec> {
  const parsed = parseCodecOptions(options);
  const { mode, environmentId, normalizeKeys, hashSearchKeys, secretKeyAccessor } = parsed;
  const customConfigs = options.customEncryptionConfigs;

  let secrets: ValidatedSecrets | undefined;
  if (secretKeyAccessor !== undefined) {
    secrets = await secretKeyAccessor.getSecrets();
    if (customConfigs !== undefined) await validateCustomEncryptionConfigs(customConfigs, secrets);
  }
  const hasher = new KeyHasher({
    environmentId,
    normalizeKeys: normalizeKeys ?? false,
    hashSearchKeys: hashSearchKeys ?? true,
  });
  const suite = new CipherSuite({
    customEncryptionConfigs: customConfigs,
    keyCacheSize: parsed.keyCacheSize,
    saltUsageLimit: parsed.saltUsageLimit,
  });
  if (secrets !== undefined) checkSecretsFitCiphers(secrets, customConfigs ?? []);
  return new RecordCodec(mode, hasher, secretKeyAccessor, suite, customConfigs ?? [], secrets);
}
