/**
 * The sweeper keeps SQLite's planner statistics current: without them SQLite answered a selective filter
 * with a sort by walking the sort column's index over the whole country.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore, type RecordStore, type Scope } from '../../../src/server/store/index.js';

const SCOPE: Scope = { environmentId: 'env', country: 'us' };
const NOW = new Date('2030-01-01T00:00:00Z');
const DIR = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
const SELECTIVE_SORTED_FIND = `explain query plan select seq from pop_records
  where environment_id = 'env' and country = 'us' and key2 = 'customer-7' order by range_key1 desc limit 100`;

describe('sqlite planner statistics', () => {
  let dir: string;
  let file: string;
  let store: RecordStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(DIR, 'pop-stats-'));
    file = join(dir, 'pop.db');
    store = createSqliteStore({ filename: file });
    await store.init();
    for (let i = 0; i < 3000; i += 100)
      await store.batchWrite(
        SCOPE,
        Array.from({ length: 100 }, (_, j) => ({
          record_key: `r${i + j}`,
          key2: `customer-${(i + j) % 300}`,
          range_key1: i + j,
        })),
        NOW,
      );
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function inspect<T>(read: (db: Database.Database) => T): T {
    const db = new Database(file, { readonly: true });
    try {
      return read(db);
    } finally {
      db.close();
    }
  }

  it('a sweep analyses the records table, so a selective filter + sort uses the filter index', async () => {
    const planDetails = (db: Database.Database) =>
      (db.prepare(SELECTIVE_SORTED_FIND).all() as { detail: string }[]).map((r) => r.detail).join('; ');
    expect(inspect(planDetails)).not.toContain('pop_records_key2');

    await store.sweepExpired(NOW);

    const analysed = inspect(
      (db) =>
        db.prepare("select count(*) as n from sqlite_stat1 where tbl = 'pop_records'").get() as { n: number },
    );
    expect(analysed.n).toBeGreaterThan(0);
    expect(inspect(planDetails)).toContain('pop_records_key2');
  });
});
