/**
 * Custom encryption (docs/protocol.md#custom-encryption), in the Python/Java wire form: `c<base64(version)>:` followed by
 * base64 of the UTF-8 of the custom function's output; the functions receive the base64-decoded bytes of an
 * `isForCustomEncryption` secret. (The Node SDK 3.5.0 writes the output as-is and passes the secret string;
 * its custom ciphertexts are not readable here.)
 */
import { StorageCryptoError } from '../errors.js';
import { decodeBase64, decodeStrictBase64 } from './base64.js';
import type { SecretData } from './secrets-data.js';

/**
 * A user-supplied cipher. `version` names it on the wire; at most one config is `isCurrent` (used for new
 * data; otherwise the default AES-GCM cipher is). Functions may be async and must return strings.
 *
 * @example
 * declare function myEncrypt(text: string, key: Buffer): string;
 * declare function myDecrypt(ciphertext: string, key: Buffer): string;
 * const config: CustomEncryptionConfig = {
 *   version: 'my-cipher-1',
 *   isCurrent: true,
 *   encrypt: (text, key) => myEncrypt(text, key),
 *   decrypt: (ciphertext, key) => myDecrypt(ciphertext, key),
 * };
 * @category Secrets
 */
export interface CustomEncryptionConfig {
  /** Encrypts `text` with `key` (the decoded bytes of the secret of `keyVersion`); returns a string. */
  encrypt(text: string, key: Buffer, keyVersion: number): string | Promise<string>;
  /** Reverses {@link CustomEncryptionConfig.encrypt}. */
  decrypt(ciphertext: string, key: Buffer, keyVersion: number): string | Promise<string>;
  /** Unique name of this cipher, stored in every ciphertext it writes; never reuse it for another cipher. */
  version: string;
  /** Encrypt new data with this config (at most one config may be current). */
  isCurrent?: boolean;
}

/**
 * The ciphertext prefix of a custom config, without the colon: `c` + base64 of the version's UTF-8.
 *
 * @example
 * customPrefix('customEncryption'); // 'cY3VzdG9tRW5jcnlwdGlvbg=='
 */
export function customPrefix(version: string): string {
  return `c${Buffer.from(version, 'utf8').toString('base64')}`;
}

/**
 * Runs custom configs: encryption with the current one, decryption by prefix.
 *
 * @example
 * declare const configs: CustomEncryptionConfig[];
 * declare const secrets: ValidatedSecrets;
 * const custom = new CustomCipher(configs);
 * const ct = await custom.encrypt('text', secrets.current());
 */
export class CustomCipher {
  readonly current: CustomEncryptionConfig | undefined;
  readonly #byPrefix: Map<string, CustomEncryptionConfig>;
  readonly #keys = new WeakMap<Readonly<SecretData>, Buffer>();

  constructor(configs: readonly CustomEncryptionConfig[]) {
    this.#byPrefix = new Map(configs.map((c) => [customPrefix(c.version), c]));
    this.current = configs.find((c) => c.isCurrent === true);
  }

  /** Whether `prefix` (before the colon) belongs to a configured custom cipher. */
  handles(prefix: string): boolean {
    return this.#byPrefix.has(prefix);
  }

  /** Encrypts with the current config (or `config`) and returns the full ciphertext. */
  async encrypt(
    text: string,
    secret: Readonly<SecretData>,
    config: CustomEncryptionConfig | undefined = this.current,
  ): Promise<string> {
    if (config === undefined) throw new StorageCryptoError('No custom encryption config is current');
    const key = this.#key(secret);
    let output: unknown;
    try {
      output = await config.encrypt(text, key, secret.version);
    } catch (error) {
      throw new StorageCryptoError(
        `Custom encryption "${config.version}" failed: its encrypt function threw`,
        {
          cause: error,
        },
      );
    }
    if (typeof output !== 'string')
      throw new StorageCryptoError(`Custom encryption "${config.version}": encrypt must return a string`);
    return `${customPrefix(config.version)}:${Buffer.from(output, 'utf8').toString('base64')}`;
  }

  /** Decrypts the data part of a ciphertext whose prefix {@link handles} accepted. */
  async decrypt(prefix: string, data: string, secret: Readonly<SecretData>): Promise<string> {
    const config = this.#byPrefix.get(prefix);
    if (config === undefined) throw new StorageCryptoError('Unknown decryptor version requested');
    const bytes = decodeBase64(data);
    if (bytes === undefined)
      throw new StorageCryptoError(
        `Invalid ciphertext: the data of custom encryption "${config.version}" is not valid base64`,
      );
    const key = this.#key(secret);
    let output: unknown;
    try {
      output = await config.decrypt(bytes.toString('utf8'), key, secret.version);
    } catch (error) {
      throw new StorageCryptoError(
        `Custom encryption "${config.version}" failed: its decrypt function threw`,
        {
          cause: error,
        },
      );
    }
    if (typeof output !== 'string')
      throw new StorageCryptoError(`Custom encryption "${config.version}": decrypt must return a string`);
    return output;
  }

  #key(secret: Readonly<SecretData>): Buffer {
    let key = this.#keys.get(secret);
    if (key === undefined) {
      if (secret.isForCustomEncryption !== true)
        throw new StorageCryptoError(
          `Secret version ${secret.version} is not marked isForCustomEncryption; custom ciphers need such a secret`,
        );
      key = decodeStrictBase64(secret.secret);
      if (key === undefined || key.length === 0)
        throw new StorageCryptoError(`Secret version ${secret.version} is not valid base64`);
      this.#keys.set(secret, key);
    }
    // A copy each time: a custom function that scribbles on its key must not corrupt the cache.
    return Buffer.from(key);
  }
}
