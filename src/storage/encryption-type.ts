/**
 * Encryption modes (docs/protocol.md#encryption-modes): `LOCAL` encrypts and hashes in the client (the default), `SSE` sends
 * plain values for the server to encrypt, `OFF` hashes keys but stores bodies base64-encoded only.
 *
 * @example
 * const storage = await createStorage({ ...pop.storageOptions, encrypt: EncryptionType.SSE });
 * @category Storage
 */
export const EncryptionType = { LOCAL: 'LOCAL', SSE: 'SSE', OFF: 'OFF' } as const;
/**
 * One of {@link EncryptionType}'s values.
 * @category Storage
 */
export type EncryptionType = (typeof EncryptionType)[keyof typeof EncryptionType];

/**
 * Sort directions for `find` options and `sortBy` (docs/protocol.md#find-options).
 *
 * @example
 * await storage.find('us', {}, { sort: [{ range_key1: SortOrder.DESC }] });
 * @category Storage
 */
export const SortOrder = { ASC: 'asc', DESC: 'desc' } as const;
/**
 * One of {@link SortOrder}'s values.
 * @category Storage
 */
export type SortOrder = (typeof SortOrder)[keyof typeof SortOrder];
