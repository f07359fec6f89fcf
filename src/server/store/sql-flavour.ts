/**
 * The few places where SQLite and PostgreSQL need different SQL. Everything else in the store is one
 * code path, so the two databases give identical answers by construction.
 */
import {
  type ColumnDefinitionBuilder,
  type CreateTableBuilder,
  type Kysely,
  type RawBuilder,
  type SqlBool,
  sql,
} from 'kysely';
import type { PopDatabase } from './pop-database.js';

/** A column data type as kysely's schema builder takes it (the type itself is not exported). */
export type DataTypeExpression = Parameters<CreateTableBuilder<string, string>['addColumn']>[1];

/** Dialect differences the store and its migrations rely on. */
export interface SqlFlavour {
  readonly name: 'sqlite' | 'postgres';
  /**
   * Writes queued while a transaction runs share the next one. For a database with a single connection
   * (SQLite), where transactions run one after another anyway and each commit costs an fsync.
   */
  readonly groupCommit?: boolean;
  /** Text compared and sorted in code-point order (SQLite BINARY; PostgreSQL needs `COLLATE "C"`). */
  readonly keyTextType: DataTypeExpression;
  readonly blobType: DataTypeExpression;
  /** Data type and modifiers of an auto-incrementing, never reused BIGINT primary key. */
  readonly sequenceType: DataTypeExpression;
  sequenceColumn(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /**
   * A JSON array of the expressions, built by the database: one value per row crosses into JavaScript
   * instead of one per column (SQLite `json_array`, PostgreSQL `json_build_array`, at most 100 items).
   */
  jsonArray(items: readonly RawBuilder<unknown>[]): RawBuilder<unknown>;
  /**
   * A JSON object of name/value pairs as JSON text, byte for byte what `JSON.stringify` writes for the
   * same values (SQLite's `json_object` escapes text as it does). Absent where the database writes JSON
   * its own way (PostgreSQL's `json_build_object` puts spaces around the colons).
   */
  readonly jsonObject?: (entries: readonly (readonly [string, RawBuilder<unknown>])[]) => RawBuilder<string>;
  /** Case-sensitive substring test; no LIKE, so `%`, `_` and `\` in the text are plain characters. */
  contains(column: string, text: string): ReturnType<typeof sql<SqlBool>>;
  /**
   * Runs `fn` holding the database's schema lock, inside one transaction, so concurrent `init()` calls from
   * several processes apply each migration once.
   */
  exclusive<T>(db: Kysely<PopDatabase>, fn: (trx: Kysely<PopDatabase>) => Promise<T>): Promise<T>;
  /**
   * Brings the query planner's statistics up to date, when the database does not do it by itself; the
   * sweeper calls it.
   */
  refreshStatistics?(db: Kysely<PopDatabase>): Promise<void>;
}

/** SQLite (better-sqlite3). */
export const sqliteFlavour: SqlFlavour = {
  name: 'sqlite',
  groupCommit: true,
  keyTextType: 'text',
  blobType: 'blob',
  sequenceType: 'integer',
  // AUTOINCREMENT: a deleted newest row's id is never handed out again, so `seq` stays monotonic.
  sequenceColumn: (column) => column.primaryKey().autoIncrement(),
  jsonArray: (items) => sql`json_array(${sql.join(items)})`,
  // Names are catalogue constants, yet bound as parameters like any value, never spliced into the SQL.
  jsonObject: (entries) =>
    sql<string>`json_object(${sql.join(entries.map(([name, value]) => sql`${name}, ${value}`))})`,
  contains: (column, text) => sql<SqlBool>`instr(${sql.ref(column)}, ${text}) > 0`,
  exclusive: (db, fn) =>
    db.connection().execute(async (connection) => {
      // BEGIN IMMEDIATE takes the write lock up front: a deferred BEGIN that reads then writes can fail
      // with SQLITE_BUSY when another process migrates the same file.
      await sql`begin immediate`.execute(connection);
      try {
        const result = await fn(connection);
        await sql`commit`.execute(connection);
        return result;
      } catch (error) {
        await sql`rollback`.execute(connection);
        throw error;
      }
    }),
  // SQLite keeps no statistics unless asked. Without them it picked the sort column's index for a
  // selective filter + sort and walked a whole country (200,000 records: 276 ms instead of a few). optimize
  // analyses only tables whose size changed a lot since last time, and analysis_limit bounds each pass. A
  // sample reads the first entries of each index, so it sees one environment and country and underrates
  // how many records a country holds: at 1,000 entries a 1,000,000-record country looked like 1,001 and the
  // walk came back (equality + sort 175 ms); 10,000 keeps the filter index (11 ms), and a pass over that
  // table takes 0.53 s instead of 0.44 (a full ANALYZE: 9.3 s).
  refreshStatistics: (db) =>
    db.connection().execute(async (connection) => {
      await sql`pragma analysis_limit = 10000`.execute(connection);
      await sql`pragma optimize = 0x10002`.execute(connection);
    }),
};

/** PostgreSQL (pg); `lockKey` separates schemas that share one database. */
export function postgresFlavour(lockKey: string): SqlFlavour {
  return {
    name: 'postgres',
    // A pool runs transactions side by side and PostgreSQL already shares WAL flushes between them.
    groupCommit: false,
    keyTextType: sql`text collate "C"`,
    blobType: 'bytea',
    sequenceType: 'bigint',
    sequenceColumn: (column) => column.primaryKey().generatedByDefaultAsIdentity(),
    jsonArray: (items) => sql`json_build_array(${sql.join(items)})`,
    contains: (column, text) => sql<SqlBool>`strpos(${sql.ref(column)}, ${text}) > 0`,
    exclusive: (db, fn) =>
      db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(hashtext(${`incountry-pop:${lockKey}`}))`.execute(trx);
        return fn(trx);
      }),
  };
}
