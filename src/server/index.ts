/**
 * incountry-ts/server: the local PoP emulator — `startLocalPop` for tests and embedding, plus the record
 * stores it runs on (SQLite, PostgreSQL, per-country routing).
 *
 * @module incountry-ts/server
 */
export { DEV_CREDENTIALS, type PopCredentials } from './client-credentials.js';
export { DEFAULT_COUNTRIES, type PopCountry } from './default-countries.js';
export type { ActiveFault, FaultRule } from './fault-injector.js';
export {
  DEFAULT_MAX_FIND_BYTES,
  type LocalPop,
  type LocalPopAdmin,
  type LocalPopOptions,
  type LocalPopStorageOptions,
  type PopCountryDatabases,
  startLocalPop,
} from './local-pop.js';
export { POP_ROUTES, type PopRouteName } from './pop-route.js';
export type { RequestLogEntry } from './request-log.js';
export {
  AttachmentTooLargeError,
  type AttachmentUpload,
  CountryNotRoutedError,
  type CountryRoutes,
  createCountryRouter,
  createPostgresStore,
  createSqliteStore,
  createStoreFromUrl,
  FindTooLargeError,
  type InspectedKeys,
  type InspectedRecord,
  type InspectedRecordSummary,
  type InspectedRecordsPage,
  type InspectedScope,
  type InspectRecordsOptions,
  NotFoundError,
  type PostgresStoreOptions,
  type RecordStore,
  type RenderedRecord,
  type Scope,
  type ScopeSummary,
  type SqliteStoreOptions,
  type StoredAttachmentMeta,
  type StoredRecord,
  type StoreFindOptions,
  type StoreFindResult,
  type StoreInspection,
  type StoreRenderedFindResult,
} from './store/index.js';
export type { StaticApiToken } from './token-registry.js';
