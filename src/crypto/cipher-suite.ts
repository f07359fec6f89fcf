/**
 * All ciphertext formats behind one door (docs/protocol.md#ciphertext-formats): picks the cipher by prefix on decryption and the
 * current cipher (custom if one is current, else `2:`) on encryption.
 */
import { StorageCryptoError } from '../errors.js';
import { AES_GCM_PREFIX, AesGcmCipher, DEFAULT_SALT_USAGE_LIMIT } from './aes-gcm-cipher.js';
import { CustomCipher, type CustomEncryptionConfig } from './custom-cipher.js';
import { DEFAULT_KEY_CACHE_SIZE, DerivedKeyCache, type MaybePromise } from './derived-key-cache.js';
import { decryptLegacyHex, LEGACY_HEX_PREFIX } from './legacy-hex-cipher.js';
import { decodePlaintext, PLAINTEXT_PREFIX } from './plaintext-cipher.js';
import type { ValidatedSecrets } from './secrets-data.js';

/**
 * Tuning knobs of the cipher suite; defaults suit production, tests shrink them.
 *
 * @example
 * const suite = new CipherSuite({ keyCacheSize: 2, saltUsageLimit: 3 });
 */
export interface CipherSuiteOptions {
  customEncryptionConfigs?: readonly CustomEncryptionConfig[] | undefined;
  /** Derived keys kept in the LRU (default 4096). */
  keyCacheSize?: number | undefined;
  /** Encryptions per writer salt before rotation (default 2^20). */
  saltUsageLimit?: number | undefined;
}

/**
 * Encrypts with the current cipher and decrypts any supported format.
 *
 * @example
 * declare const secrets: ValidatedSecrets;
 * const suite = new CipherSuite();
 * const ct = await suite.encrypt('text', secrets);
 * await suite.decrypt(ct, secrets.currentVersion, secrets); // 'text'
 */
export class CipherSuite {
  readonly keys: DerivedKeyCache;
  readonly aes: AesGcmCipher;
  readonly custom: CustomCipher | undefined;

  constructor(options: CipherSuiteOptions = {}) {
    this.keys = new DerivedKeyCache(options.keyCacheSize ?? DEFAULT_KEY_CACHE_SIZE);
    this.aes = new AesGcmCipher(this.keys, options.saltUsageLimit ?? DEFAULT_SALT_USAGE_LIMIT);
    const configs = options.customEncryptionConfigs;
    this.custom = configs !== undefined && configs.length > 0 ? new CustomCipher(configs) : undefined;
  }

  /** Encrypts `text` with the current secret; the caller records `secrets.currentVersion` as the version. */
  async encrypt(text: string, secrets: ValidatedSecrets): Promise<string> {
    return this.encryptNow(text, secrets);
  }

  /**
   * Decrypts any supported ciphertext. `version` picks the secret (a record's `version`, 0 when absent);
   * `pt:` needs no secret, so `secrets` may be undefined when none is configured.
   */
  async decrypt(ciphertext: string, version: number, secrets: ValidatedSecrets | undefined): Promise<string> {
    return this.decryptNow(ciphertext, version, secrets);
  }

  /** {@link CipherSuite.encrypt}, but synchronous when no derivation or custom cipher is involved; may throw. */
  encryptNow(text: string, secrets: ValidatedSecrets): MaybePromise<string> {
    const secret = secrets.current();
    if (this.custom?.current !== undefined) return this.custom.encrypt(text, secret);
    return this.aes.encrypt(text, secret);
  }

  /** {@link CipherSuite.decrypt}, but synchronous when no derivation or custom cipher is involved; may throw. */
  decryptNow(
    ciphertext: string,
    version: number,
    secrets: ValidatedSecrets | undefined,
  ): MaybePromise<string> {
    if (typeof ciphertext !== 'string') throw new StorageCryptoError('Invalid ciphertext: expected a string');
    const colon = ciphertext.indexOf(':');
    if (colon < 0 || ciphertext.indexOf(':', colon + 1) >= 0)
      throw new StorageCryptoError('Invalid ciphertext: expected "<format>:<data>" with exactly one colon');
    const prefix = ciphertext.slice(0, colon);
    const data = ciphertext.slice(colon + 1);
    if (prefix === PLAINTEXT_PREFIX) return decodePlaintext(data);
    const known =
      prefix === AES_GCM_PREFIX || prefix === LEGACY_HEX_PREFIX || this.custom?.handles(prefix) === true;
    if (!known) throw new StorageCryptoError('Unknown decryptor version requested');
    if (secrets === undefined)
      throw new StorageCryptoError(
        'Cannot decrypt: the data is encrypted but no secret key accessor is configured (LOCAL mode needs one)',
      );
    const secret = secrets.get(version);
    if (prefix === AES_GCM_PREFIX) return this.aes.decrypt(data, secret);
    if (prefix === LEGACY_HEX_PREFIX) return decryptLegacyHex(data, secret, this.aes);
    return this.custom!.decrypt(prefix, data, secret);
  }
}
