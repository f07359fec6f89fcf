/**
 * incountry-ts: the public API. Everything not exported here is internal.
 */

export type { CustomEncryptionConfig } from './crypto/custom-cipher.js';
export type {
  SecretData,
  SecretsData,
  SecretsGetter,
  ValidatedSecrets,
} from './crypto/secret-key-accessor.js';
export { SecretKeyAccessor } from './crypto/secret-key-accessor.js';
export * from './errors.js';
export * from './fields.js';
export type {
  AttachmentMeta,
  DateInput,
  OptionalStringKey,
  RecordInput,
  RecordInputRangeKeys,
  RecordInputStringKeys,
  StorageRecord,
  StorageRecordRangeKeys,
  StorageRecordStringKeys,
} from './record.js';
export * from './query/index.js';
