import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PopDatabase } from '../../../src/server/store/pop-database.js';
import { MIGRATIONS, type Migration, migrateToLatest } from '../../../src/server/store/schema-migrations.js';
import { sqliteFlavour } from '../../../src/server/store/sql-flavour.js';

const LATEST = MIGRATIONS.at(-1)!.version;

describe('migrateToLatest', () => {
  let db: Kysely<PopDatabase>;
  beforeEach(() => {
    db = new Kysely<PopDatabase>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
  });
  afterEach(async () => {
    await db.destroy();
  });

  it('applies every migration once and records it', async () => {
    expect(await migrateToLatest(db, sqliteFlavour)).toBe(MIGRATIONS.at(-1)!.version);
    expect(await migrateToLatest(db, sqliteFlavour)).toBe(MIGRATIONS.at(-1)!.version);
    const rows = await db.selectFrom('pop_schema_version').select(['version', 'name']).execute();
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
  });

  it('applies only the migrations a database has not seen, in order', async () => {
    await migrateToLatest(db, sqliteFlavour);
    const applied: number[] = [];
    const next: Migration[] = [LATEST + 1, LATEST + 2].map((version) => ({
      version,
      name: `step ${version}`,
      async up(trx) {
        applied.push(version);
        await sql`create table ${sql.id(`extra_${version}`)} (id integer)`.execute(trx);
      },
    }));
    expect(await migrateToLatest(db, sqliteFlavour, [...MIGRATIONS, ...next])).toBe(LATEST + 2);
    expect(await migrateToLatest(db, sqliteFlavour, [...MIGRATIONS, ...next])).toBe(LATEST + 2);
    expect(applied).toEqual([LATEST + 1, LATEST + 2]);
  });

  it('rolls a failing migration back entirely', async () => {
    await migrateToLatest(db, sqliteFlavour);
    const broken: Migration = {
      version: LATEST + 1,
      name: 'broken',
      async up(trx) {
        await sql`create table half_done (id integer)`.execute(trx);
        throw new Error('boom');
      },
    };
    await expect(migrateToLatest(db, sqliteFlavour, [...MIGRATIONS, broken])).rejects.toThrow('boom');
    const tables = await sql<{
      name: string;
    }>`select name from sqlite_master where name = 'half_done'`.execute(db);
    expect(tables.rows).toEqual([]);
    expect(await migrateToLatest(db, sqliteFlavour)).toBe(LATEST);
  });

  it('indexes every filterable column behind environment and country', async () => {
    await migrateToLatest(db, sqliteFlavour);
    const indexes = await sql<{
      name: string;
    }>`select name from sqlite_master where type = 'index' and tbl_name = 'pop_records'`.execute(db);
    const names = indexes.rows.map((r) => r.name);
    for (const field of [
      'key1',
      'key20',
      'range_key10',
      'version',
      'expires_at',
      'created_at',
      'updated_at',
      'service_key5',
    ])
      expect(names).toContain(`pop_records_${field}`);
  });
});
