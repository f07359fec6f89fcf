/**
 * The client: `createStorage` and the `Storage` it returns (records, finds, attachments, migration), the
 * fluent query builder, `defineRepository` for zod models, the error classes and the secret sources. It
 * pulls no server, framework or AWS package; those live in the `incountry-ts/server`, `incountry-ts/nestjs`
 * and `incountry-ts/aws-kms` entry points. Everything not exported here is internal.
 *
 * @module incountry-ts
 */

export type { CustomEncryptionConfig } from './crypto/custom-cipher.js';
export type { SecretKeyAccessorOptions } from './crypto/secret-key-accessor.js';
export { DEFAULT_MIN_REFRESH_INTERVAL_MS, SecretKeyAccessor } from './crypto/secret-key-accessor.js';
export type { SecretData, SecretsData, SecretsGetter, ValidatedSecrets } from './crypto/secrets-data.js';
export { secretsFromEnv, secretsFromFile } from './crypto/secrets-sources.js';
export {
  type ErrorResponseWriter,
  type StorageErrorMiddleware,
  storageErrorMiddleware,
} from './error-responses/storage-error-middleware.js';
export { type StorageErrorBody, storageErrorResponse } from './error-responses/storage-error-response.js';
export * from './errors.js';
export * from './fields.js';
export * from './query/index.js';
export type {
  AttachmentMeta,
  DateInput,
  OptionalStringKey,
  RangeKeyValue,
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
export { parseFilter } from './storage/parse-filter.js';
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
export type { StorageTelemetry } from './telemetry/storage-telemetry.js';
export { TELEMETRY_CHANNELS } from './telemetry/telemetry-channels.js';
export type {
  AttemptContext,
  KeyDerivationContext,
  OperationContext,
  RetryMessage,
  TokenContext,
} from './telemetry/telemetry-context.js';
export type { HttpDebugResponse } from './transport/debug-response.js';
export type { RequestOptions } from './transport/http-client.js';
export type { AttachmentFile } from './transport/upload-source.js';
export { MAX_FILTER_LIST_VALUES, MAX_FILTER_VALUES, MAX_OR_BRANCHES } from './wire/filter-limits.js';
