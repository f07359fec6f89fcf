/**
 * The legacy `1:` format (docs/protocol.md#ciphertext-formats): the bytes of `2:` hex-encoded. Decrypt only; nobody writes it.
 */
import { StorageCryptoError } from '../errors.js';
import type { AesGcmCipher } from './aes-gcm-cipher.js';
import type { MaybePromise } from './derived-key-cache.js';
import type { SecretData } from './secrets-data.js';

/** Prefix of legacy hex ciphertexts, without the colon. */
export const LEGACY_HEX_PREFIX = '1';

const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/**
 * Decrypts the data part (after `1:`) of a legacy ciphertext.
 *
 * @example
 * declare const secret: SecretData;
 * declare const aesGcm: Parameters<typeof decryptLegacyHex>[2]; // an AesGcmCipher
 * await decryptLegacyHex('8b02d29b…', secret, aesGcm);
 */
export function decryptLegacyHex(
  data: string,
  secret: Readonly<SecretData>,
  aes: AesGcmCipher,
): MaybePromise<string> {
  // Buffer.from(…, 'hex') stops silently at the first bad character; validate first.
  if (!HEX.test(data))
    throw new StorageCryptoError('Invalid ciphertext: the data after "1:" is not valid hex');
  return aes.decryptBytes(Buffer.from(data, 'hex'), secret);
}
