/**
 * The databases a PoP-over-HTTP suite runs on: SQLite in memory always, PostgreSQL (a fresh schema, dropped
 * afterwards) when POP_TEST_POSTGRES_URL is set, as CI sets it.
 */
import { randomBytes } from 'node:crypto';
import type { LocalPopOptions } from '../../../src/server/local-pop.js';
import { dropSchema } from '../store/store-targets.js';
import { startTestPop, type TestPop } from './test-pop.js';

/** A `db` option for startLocalPop and how to clean up after it. */
export interface PopDatabase {
  readonly db: string;
  drop(): Promise<void>;
}

/** `[name, open]` pairs for `describe.each`. */
export function popDatabases(): [string, () => PopDatabase][] {
  const databases: [string, () => PopDatabase][] = [
    ['SQLite', () => ({ db: 'sqlite::memory:', drop: async () => undefined })],
  ];
  const postgresUrl = process.env.POP_TEST_POSTGRES_URL;
  if (postgresUrl !== undefined)
    databases.push([
      'PostgreSQL',
      () => {
        const url = new URL(postgresUrl);
        const schema = `pop_t_${randomBytes(5).toString('hex')}`;
        url.searchParams.set('schema', schema);
        return {
          db: url.toString(),
          drop: () => dropSchema(postgresUrl, schema),
        };
      },
    ]);
  return databases;
}

/**
 * Starts a test PoP on one of {@link popDatabases}; its `close()` also drops the database's scratch schema.
 */
export async function startPopOn(
  database: () => PopDatabase,
  options: Omit<LocalPopOptions, 'db'> = {},
): Promise<TestPop> {
  const target = database();
  const t = await startTestPop({ ...options, db: target.db });
  return {
    ...t,
    async close() {
      await t.close();
      await target.drop();
    },
  };
}
