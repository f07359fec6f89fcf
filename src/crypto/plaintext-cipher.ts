/**
 * The `pt:` format (docs/protocol.md#ciphertext-formats): base64 of the UTF-8 text, no encryption. Written in OFF mode; readable
 * by every client, with or without a secret.
 */
import { StorageCryptoError } from '../errors.js';
import { decodeBase64 } from './base64.js';

/** Prefix of plain-text "ciphertexts", without the colon. */
export const PLAINTEXT_PREFIX = 'pt';

/**
 * Wraps text as `pt:<base64>`.
 *
 * @example
 * encodePlaintext('InCountry'); // 'pt:SW5Db3VudHJ5'
 */
export function encodePlaintext(text: string): string {
  return `${PLAINTEXT_PREFIX}:${Buffer.from(text, 'utf8').toString('base64')}`;
}

/**
 * Reads the data part (after `pt:`).
 *
 * @example
 * decodePlaintext('SW5Db3VudHJ5'); // 'InCountry'
 */
export function decodePlaintext(data: string): string {
  const bytes = decodeBase64(data);
  if (bytes === undefined)
    throw new StorageCryptoError('Invalid ciphertext: the data after "pt:" is not valid base64');
  return bytes.toString('utf8');
}
