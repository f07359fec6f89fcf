/**
 * The `2:` cipher (docs/protocol.md#aes-gcm-and-key-derivation): AES-256-GCM, data = base64(salt64 | iv12 | ciphertext | tag16), key from
 * PBKDF2 or a raw `isKey` secret. The writer reuses one salt per secret for up to `saltUsageLimit`
 * encryptions, so a derived key serves many records; every encryption still gets a fresh random 96-bit IV,
 * well inside the 2^32 random IVs NIST SP 800-38D allows per key (docs/architecture.md#performance-design).
 */
import { createCipheriv, createDecipheriv, randomBytes, randomFillSync } from 'node:crypto';
import { StorageCryptoError } from '../errors.js';
import { decodeBase64 } from './base64.js';
import {
  type DerivedKeyCache,
  isPromise,
  type KeyOrPromise,
  type MaybePromise,
} from './derived-key-cache.js';
import type { SecretData } from './secrets-data.js';

export const SALT_LENGTH = 64;
export const IV_LENGTH = 12;
export const TAG_LENGTH = 16;
/** Shortest valid decoded ciphertext: salt, IV and tag around an empty plaintext. */
export const MIN_CIPHERTEXT_LENGTH = SALT_LENGTH + IV_LENGTH + TAG_LENGTH;
/** Encryptions per salt before the writer draws a new one. */
export const DEFAULT_SALT_USAGE_LIMIT = 2 ** 20;
/** Prefix of this cipher's ciphertexts, without the colon. */
export const AES_GCM_PREFIX = '2';

const ALGORITHM = 'aes-256-gcm';

// One CSPRNG call per 1024 IVs: randomBytes(12) costs ~4 µs a call, a third of a 1 KB encryption.
const IV_POOL = Buffer.alloc(IV_LENGTH * 1024);
let ivOffset = IV_POOL.length;

/** A fresh random IV. The view is only valid until the next call; it is consumed synchronously. */
function nextIv(): Buffer {
  if (ivOffset === IV_POOL.length) {
    randomFillSync(IV_POOL);
    ivOffset = 0;
  }
  const iv = IV_POOL.subarray(ivOffset, ivOffset + IV_LENGTH);
  ivOffset += IV_LENGTH;
  return iv;
}

interface WriterState {
  salt: Buffer;
  uses: number;
  key: KeyOrPromise;
}

/**
 * Encrypts and decrypts `2:` ciphertexts (and the bytes of `1:` ones) with cached keys.
 *
 * @example
 * declare const secrets: ValidatedSecrets;
 * declare const keys: AesGcmCipher['keys']; // a DerivedKeyCache
 * const cipher = new AesGcmCipher(keys);
 * const ct = await cipher.encrypt('hello', secrets.current()); // '2:…'
 * await cipher.decrypt(ct.slice(2), secrets.current()); // 'hello'
 */
export class AesGcmCipher {
  readonly keys: DerivedKeyCache;
  readonly saltUsageLimit: number;
  readonly #writers = new WeakMap<Readonly<SecretData>, WriterState>();

  constructor(keys: DerivedKeyCache, saltUsageLimit: number = DEFAULT_SALT_USAGE_LIMIT) {
    if (!Number.isInteger(saltUsageLimit) || saltUsageLimit < 1)
      throw new RangeError('saltUsageLimit must be an integer >= 1');
    this.keys = keys;
    this.saltUsageLimit = saltUsageLimit;
  }

  /**
   * Encrypts `text` (UTF-8) and returns the full `2:…` ciphertext: synchronously once the writer's key is
   * derived (so a batch is not split into microtask phases), as a promise before that. May throw.
   */
  encrypt(text: string, secret: Readonly<SecretData>): MaybePromise<string> {
    assertRegularSecret(secret);
    let writer = this.#writers.get(secret);
    if (writer === undefined || writer.uses >= this.saltUsageLimit) {
      const salt = randomBytes(SALT_LENGTH);
      // Taken synchronously, so concurrent first encryptions share one derivation.
      writer = { salt, uses: 0, key: this.keys.key(secret, salt) };
      this.#writers.set(secret, writer);
    }
    writer.uses++;
    const current = writer;
    if (!isPromise(current.key)) return seal(text, current.key, current.salt);
    return current.key.then(
      (key) => {
        current.key = key;
        return seal(text, key, current.salt);
      },
      (error: unknown) => {
        // Drop the failed salt so the next encryption starts over instead of replaying the failure.
        if (this.#writers.get(secret) === current) this.#writers.delete(secret);
        throw error;
      },
    );
  }

  /** Decrypts the data part (after `2:`) of a `2:` ciphertext; synchronous when the key is cached. May throw. */
  decrypt(data: string, secret: Readonly<SecretData>): MaybePromise<string> {
    const bytes = decodeBase64(data);
    if (bytes === undefined)
      throw new StorageCryptoError('Invalid ciphertext: the data after "2:" is not valid base64');
    return this.decryptBytes(bytes, secret);
  }

  /** Decrypts salt | iv | ciphertext | tag; synchronous when the key is cached. May throw. */
  decryptBytes(bytes: Buffer, secret: Readonly<SecretData>): MaybePromise<string> {
    if (bytes.length < MIN_CIPHERTEXT_LENGTH)
      throw new StorageCryptoError(
        `Invalid ciphertext: ${bytes.length} bytes is shorter than the ${MIN_CIPHERTEXT_LENGTH}-byte minimum`,
      );
    assertRegularSecret(secret);
    const salt = bytes.subarray(0, SALT_LENGTH);
    const key = this.keys.key(secret, salt);
    if (!isPromise(key)) return open(bytes, key, secret.version);
    return key.then((derived) => open(bytes, derived, secret.version));
  }

  /** The salt the writer currently uses for `secret` (for tests). @internal */
  writerSalt(secret: Readonly<SecretData>): Buffer | undefined {
    return this.#writers.get(secret)?.salt;
  }
}

function seal(text: string, key: Buffer, salt: Buffer): string {
  const iv = nextIv();
  const cipher = createCipheriv(ALGORITHM, key, iv);
  const head = cipher.update(text, 'utf8');
  const tail = cipher.final();
  return `${AES_GCM_PREFIX}:${Buffer.concat([salt, iv, head, tail, cipher.getAuthTag()]).toString('base64')}`;
}

function open(bytes: Buffer, key: Buffer, version: number): string {
  try {
    const decipher = createDecipheriv(ALGORITHM, key, bytes.subarray(SALT_LENGTH, SALT_LENGTH + IV_LENGTH));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_LENGTH));
    const head = decipher.update(bytes.subarray(SALT_LENGTH + IV_LENGTH, bytes.length - TAG_LENGTH));
    // GCM is a stream mode: final() only checks the tag and yields no bytes, so the copy into a joined
    // buffer (about 0.6 µs a record) is skipped when there is nothing to join.
    const tail = decipher.final();
    return (tail.length === 0 ? head : Buffer.concat([head, tail])).toString('utf8');
  } catch (error) {
    throw new StorageCryptoError(
      `Decryption failed with the secret of version ${version}: wrong secret or corrupted data`,
      {
        cause: error,
      },
    );
  }
}

function assertRegularSecret(secret: Readonly<SecretData>): void {
  if (secret.isForCustomEncryption === true)
    throw new StorageCryptoError(
      `Secret version ${secret.version} is marked isForCustomEncryption and cannot be used by the default cipher; ` +
        'make a custom encryption config current or point currentVersion at a regular secret',
    );
}
