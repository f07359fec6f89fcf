/**
 * The local PoP's database layer: the RecordStore seam and its SQLite / PostgreSQL implementations.
 */
export { ATTACHMENT_CHUNK_SIZE } from './attachment-content.js';
export { CountryNotRoutedError, type CountryRoutes, createCountryRouter } from './country-router.js';
export { KyselyRecordStore, type KyselyRecordStoreOptions } from './kysely-record-store.js';
export type { PopDatabase } from './pop-database.js';
export { createPostgresStore, type PostgresStoreOptions } from './postgres-store.js';
export * from './record-store.js';
export { MIGRATIONS, type Migration, migrateToLatest } from './schema-migrations.js';
export { postgresFlavour, type SqlFlavour, sqliteFlavour } from './sql-flavour.js';
export { createSqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
export type * from './store-inspection.js';
export { createStoreFromUrl } from './store-url.js';
