import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QueryTemplate, QueryTemplates } from '../../../src/server/store/query-template.js';

interface TestDb {
  items: { id: number; name: string | null };
}

describe('query templates', () => {
  let db: Kysely<TestDb>;

  beforeEach(async () => {
    db = new Kysely<TestDb>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
    await db.schema.createTable('items').addColumn('id', 'integer').addColumn('name', 'text').execute();
  });
  afterEach(() => db.destroy());

  it('binds new values into the SQL compiled once', async () => {
    const insert = new QueryTemplate((slot) =>
      db.insertInto('items').values([
        { id: slot(0), name: slot(1) },
        { id: slot(2), name: slot(3) },
      ]),
    );
    await insert.execute(db, [1, 'a', 2, null]);
    await insert.execute(db, [3, "'; drop table items; --", 4, 'd']);
    const byIds = new QueryTemplate((slot) =>
      db
        .selectFrom('items')
        .selectAll()
        .where('id', 'in', [slot(1), slot(0)])
        .orderBy('id'),
    );
    expect((await byIds.execute(db, [3, 1])).rows).toEqual([
      { id: 1, name: 'a' },
      { id: 3, name: "'; drop table items; --" },
    ]);
    expect((await byIds.execute(db, [2, 4])).rows).toEqual([
      { id: 2, name: null },
      { id: 4, name: 'd' },
    ]);
  });

  it('keeps constants given while building as bound parameters', async () => {
    await db.insertInto('items').values({ id: 1, name: 'x' }).execute();
    const named = new QueryTemplate((slot) =>
      db.selectFrom('items').select('id').where('name', '=', 'x').where('id', '=', slot(0)),
    );
    expect((await named.execute(db, [1])).rows).toEqual([{ id: 1 }]);
  });

  it('builds each key once and stops caching at capacity', () => {
    const templates = new QueryTemplates(1);
    let builds = 0;
    const build = () => {
      builds += 1;
      return db.selectFrom('items').selectAll();
    };
    const first = templates.get('a', build);
    expect(templates.get('a', build)).toBe(first);
    expect(builds).toBe(1);
    expect(templates.get('b', build)).not.toBe(templates.get('b', build));
    expect(builds).toBe(3);
  });
});
