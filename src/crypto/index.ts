/**
 * crypto/: secrets, ciphers, key hashing and the record codec. No I/O beyond the user's secret getter.
 */
export * from './aes-gcm-cipher.js';
export * from './base64.js';
export * from './cipher-suite.js';
export * from './custom-cipher.js';
export * from './custom-encryption.js';
export * from './derived-key-cache.js';
export * from './key-hasher.js';
export * from './legacy-hex-cipher.js';
export * from './lru-cache.js';
export * from './plaintext-cipher.js';
export * from './record-codec.js';
export * from './secret-key-accessor.js';
export * from './secrets-sources.js';
