/** A real custom cipher for tests: AES-256-CBC with the custom key bytes, output hex of iv | ciphertext. */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { CustomEncryptionConfig } from '../../src/crypto/custom-cipher.js';

export const cbcConfig: CustomEncryptionConfig = {
  version: 'cbc-v1',
  isCurrent: true,
  encrypt: (plain, key) => {
    const iv = randomBytes(16);
    const cipher = createCipheriv('aes-256-cbc', key, iv);
    return Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final()]).toString('hex');
  },
  decrypt: async (ciphertext, key) => {
    const bytes = Buffer.from(ciphertext, 'hex');
    const decipher = createDecipheriv('aes-256-cbc', key, bytes.subarray(0, 16));
    return Buffer.concat([decipher.update(bytes.subarray(16)), decipher.final()]).toString('utf8');
  },
};
