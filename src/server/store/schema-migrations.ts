/**
 * The PoP schema as an ordered list of migrations. `init()` applies the ones a database has not seen yet
 * and records each in `pop_schema_version`; a released migration is never edited, only followed by a new
 * one.
 */
import { type CreateTableBuilder, type Kysely, sql } from 'kysely';
import { FILTERABLE_FIELDS, RANGE_KEYS, STRING_KEYS } from '../../fields.js';
import { dateToEpochMicros } from './epoch-micros.js';
import type { PopDatabase } from './pop-database.js';
import { toNumber } from './record-row.js';
import type { SqlFlavour } from './sql-flavour.js';

/** One schema step. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Kysely<PopDatabase>, flavour: SqlFlavour): Promise<void>;
}

async function createRecordsTable(db: Kysely<PopDatabase>, flavour: SqlFlavour): Promise<void> {
  let table: CreateTableBuilder<'pop_records', string> = db.schema
    .createTable('pop_records')
    .addColumn('seq', flavour.sequenceType, (c) => flavour.sequenceColumn(c))
    .addColumn('environment_id', flavour.keyTextType, (c) => c.notNull())
    .addColumn('country', flavour.keyTextType, (c) => c.notNull());
  for (const key of STRING_KEYS)
    table = table.addColumn(key, flavour.keyTextType, (c) => (key === 'record_key' ? c.notNull() : c));
  for (const key of RANGE_KEYS) table = table.addColumn(key, 'bigint');
  await table
    .addColumn('body', 'text')
    .addColumn('precommit_body', 'text')
    .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('is_encrypted', 'smallint')
    .addColumn('expires_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('pop_records_key', ['environment_id', 'country', 'record_key'])
    .execute();
  // Every filter runs inside one (environment, country), so each filterable column is indexed behind them.
  for (const field of FILTERABLE_FIELDS) {
    if (field === 'record_key') continue; // covered by the unique constraint
    await db.schema
      .createIndex(`pop_records_${field}`)
      .on('pop_records')
      .columns(['environment_id', 'country', field])
      .execute();
  }
  // The sweeper looks across environments.
  await db.schema.createIndex('pop_records_expiry').on('pop_records').column('expires_at').execute();
}

async function createAttachmentTables(db: Kysely<PopDatabase>, flavour: SqlFlavour): Promise<void> {
  await db.schema
    .createTable('pop_attachments')
    .addColumn('id', flavour.sequenceType, (c) => flavour.sequenceColumn(c))
    .addColumn('record_seq', 'bigint', (c) => c.notNull().references('pop_records.seq').onDelete('cascade'))
    .addColumn('file_id', 'text', (c) => c.notNull().unique())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('committed', 'smallint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('pop_attachments_record')
    .on('pop_attachments')
    .columns(['record_seq', 'filename'])
    .execute();
  await db.schema
    .createIndex('pop_attachments_pending')
    .on('pop_attachments')
    .columns(['committed', 'created_at'])
    .execute();
  await db.schema
    .createTable('pop_attachment_chunks')
    .addColumn('attachment_id', 'bigint', (c) =>
      c.notNull().references('pop_attachments.id').onDelete('cascade'),
    )
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('data', flavour.blobType, (c) => c.notNull())
    .addPrimaryKeyConstraint('pop_attachment_chunks_pk', ['attachment_id', 'idx'])
    .execute();
}

/** Every migration, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'records and attachments',
    async up(db, flavour) {
      await createRecordsTable(db, flavour);
      await createAttachmentTables(db, flavour);
    },
  },
  {
    version: 2,
    name: 'settings kept with the data',
    async up(db) {
      await db.schema
        .createTable('pop_settings')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
  },
  {
    version: 3,
    name: 'records in scope order',
    async up(db, flavour) {
      // A find without a sort pages by `seq`. PostgreSQL served that from the primary key, walking the
      // records of every country written before this one: with 20 countries x 50,000 a first page took
      // 607 ms at the median, 9 ms with this index. SQLite needs nothing: its indexes end with the rowid,
      // which is `seq`.
      if (flavour.name !== 'postgres') return;
      await db.schema
        .createIndex('pop_records_scope_seq')
        .ifNotExists()
        .on('pop_records')
        .columns(['environment_id', 'country', 'seq'])
        .execute();
    },
  },
];

/**
 * Brings the schema to the newest version; returns the version reached. Safe to call concurrently and
 * repeatedly.
 *
 * @example
 * declare const db: Kysely<PopDatabase>;
 * await migrateToLatest(db, sqliteFlavour); // 1
 */
export async function migrateToLatest(
  db: Kysely<PopDatabase>,
  flavour: SqlFlavour,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number> {
  return flavour.exclusive(db, async (trx) => {
    await trx.schema
      .createTable('pop_schema_version')
      .ifNotExists()
      .addColumn('version', 'integer', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('applied_at', 'bigint', (c) => c.notNull())
      .execute();
    const row = await trx
      .selectFrom('pop_schema_version')
      .select(sql<string | number | bigint | null>`max(version)`.as('current'))
      .executeTakeFirst();
    let current = row?.current == null ? 0 : toNumber(row.current);
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      await migration.up(trx, flavour);
      await trx
        .insertInto('pop_schema_version')
        .values({
          version: migration.version,
          name: migration.name,
          applied_at: dateToEpochMicros(new Date()),
        })
        .execute();
      current = migration.version;
    }
    return current;
  });
}
