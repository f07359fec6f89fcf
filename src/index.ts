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
export * from './query/index.js';
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
export * from './repository/index.js';
export { createStorage } from './storage/create-storage.js';
export { EncryptionType, SortOrder } from './storage/encryption-type.js';
export { HTTP_DEBUG_KEY, type WithHttpDebug } from './storage/http-debug-key.js';
export {
  type AttachmentInput,
  type AttachmentMetaPatch,
  type ConfigOf,
  type DynamicStorageQuery,
  type FindOneOptions,
  Storage,
  type StorageQuery,
  type StorageQueryOf,
} from './storage/storage.js';
export type {
  CheckedStorageOptions,
  HttpOptions,
  StorageExtraOptions,
  StorageOptions,
  StorageOptionsCheck,
  StorageOptionsTypeError,
} from './storage/storage-options.js';
export type {
  AttachmentFileResult,
  AttachmentMetaResult,
  BatchWriteResult,
  FindMeta,
  FindOneResult,
  FindRecordError,
  FindResult,
  HealthCheckResult,
  MigrateResult,
  ReadResult,
  SuccessResult,
  WriteResult,
} from './storage/storage-results.js';
export type { HttpDebugResponse } from './transport/debug-response.js';
export type { RequestOptions } from './transport/http-client.js';
export type { AttachmentFile } from './transport/upload-source.js';
