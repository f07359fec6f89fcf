/**
 * AES keys for `2:`/`1:` ciphertexts (docs/protocol.md#aes-gcm-and-key-derivation): PBKDF2-HMAC-SHA512 of a password secret and the
 * ciphertext's salt, or the raw bytes of an `isKey` secret. Derivation costs ~6 ms, so keys are cached in a
 * bounded LRU keyed by (secret, salt) and derivations are single-flight (docs/architecture.md#performance-design).
 */
import { pbkdf2 } from 'node:crypto';
import { StorageCryptoError } from '../errors.js';
import { traceKeyDerivation } from '../telemetry/step-tracing.js';
import { decodeStrictBase64 } from './base64.js';
import { LruCache } from './lru-cache.js';
import { KEY_LENGTH, type SecretData } from './secrets-data.js';

/** PBKDF2 iterations used by every InCountry SDK. */
export const PBKDF2_ITERATIONS = 10_000;
/** PBKDF2 digest used by every InCountry SDK. */
export const PBKDF2_DIGEST = 'sha512';
/** Default number of derived keys kept. */
export const DEFAULT_KEY_CACHE_SIZE = 4096;

/**
 * Derives PBKDF2-HMAC-SHA512(secret, salt, 10000, 32) on the libuv thread pool, so the event loop stays free.
 *
 * @example
 * const salt = Buffer.alloc(64, 1); // 64 random bytes in real use
 * const key = await deriveKey('password', salt);
 */
export function deriveKey(secret: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const fail = (error: unknown) =>
      reject(new StorageCryptoError('Key derivation (PBKDF2) failed', { cause: error }));
    try {
      pbkdf2(secret, salt, PBKDF2_ITERATIONS, KEY_LENGTH, PBKDF2_DIGEST, (error, key) => {
        if (error) fail(error);
        else resolve(key);
      });
    } catch (error) {
      fail(error);
    }
  });
}

/** A value now, or later. The hot crypto paths return values synchronously once keys are cached. */
export type MaybePromise<T> = T | Promise<T>;

/** Narrows a {@link MaybePromise}. */
export function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
  return value instanceof Promise;
}

/** A key, or the promise of one while it is being derived. */
export type KeyOrPromise = MaybePromise<Buffer>;

/**
 * Cache of derived AES keys. `key()` returns a `Buffer` synchronously on a hit, so the hot path pays no
 * promise; on a miss it returns the shared derivation promise.
 *
 * @example
 * const keys = new DerivedKeyCache(1024);
 * const secret: SecretData = { secret: 'password', version: 1 };
 * const key = await keys.key(secret, Buffer.alloc(64, 1));
 */
export class DerivedKeyCache {
  readonly #cache: LruCache<string, KeyOrPromise>;
  readonly #rawKeys = new WeakMap<Readonly<SecretData>, Buffer>();
  readonly #secretIds = new WeakMap<Readonly<SecretData>, number>();
  #nextSecretId = 0;
  /**
   * The key the previous lookup found. A writer uses one salt for many records, so the records of a page
   * mostly share it; comparing 64 bytes is cheaper than building the map key and touching the LRU. Only
   * consecutive lookups of one entry are answered here, and those leave the LRU order as it was.
   */
  #last: { readonly secret: Readonly<SecretData>; readonly salt: Buffer; readonly key: Buffer } | undefined;
  /** Number of PBKDF2 runs started (observable in tests and benchmarks). */
  derivations = 0;

  constructor(maxEntries: number = DEFAULT_KEY_CACHE_SIZE) {
    this.#cache = new LruCache(maxEntries);
  }

  /** Number of cached keys. */
  get size(): number {
    return this.#cache.size;
  }

  /** The AES key for `secret` and `salt`. `isKey` secrets ignore the salt (docs/protocol.md#aes-gcm-and-key-derivation). */
  key(secret: Readonly<SecretData>, salt: Buffer): KeyOrPromise {
    if (secret.isKey === true) return this.#rawKey(secret);
    const last = this.#last;
    if (last !== undefined && last.secret === secret && last.salt.equals(salt)) return last.key;
    this.#last = undefined;
    // Secrets are frozen objects reused across refreshes (validateSecrets), so identity is a safe cache key
    // and the password itself never becomes part of a map key.
    let id = this.#secretIds.get(secret);
    if (id === undefined) {
      id = this.#nextSecretId++;
      this.#secretIds.set(secret, id);
    }
    const cacheKey = `${id}:${salt.toString('latin1')}`;
    const hit = this.#cache.get(cacheKey);
    if (hit !== undefined) {
      // The salt is a view into a ciphertext's bytes; the copy keeps nothing else of it alive.
      if (!isPromise(hit)) this.#last = { secret, salt: Buffer.from(salt), key: hit };
      return hit;
    }
    this.derivations++;
    const pending = traceKeyDerivation(() => deriveKey(secret.secret, salt)).then(
      (key) => {
        this.#last = undefined; // the LRU order changes here
        if (this.#cache.get(cacheKey) === pending) this.#cache.set(cacheKey, key);
        return key;
      },
      (error: unknown) => {
        this.#last = undefined;
        if (this.#cache.get(cacheKey) === pending) this.#cache.delete(cacheKey);
        throw error;
      },
    );
    this.#cache.set(cacheKey, pending);
    return pending;
  }

  #rawKey(secret: Readonly<SecretData>): Buffer {
    let key = this.#rawKeys.get(secret);
    if (key === undefined) {
      key = decodeStrictBase64(secret.secret);
      // validateSecrets already checked this; kept for secrets built by hand.
      if (key?.length !== KEY_LENGTH)
        throw new StorageCryptoError(`Secret version ${secret.version} is not a base64 32-byte key`);
      this.#rawKeys.set(secret, key);
    }
    return key;
  }
}
