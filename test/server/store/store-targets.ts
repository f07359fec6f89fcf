/**
 * The databases every store suite runs against: SQLite in memory always, PostgreSQL when
 * POP_TEST_POSTGRES_URL is set (CI always sets it). Each PostgreSQL store gets its own schema, dropped
 * afterwards, so test files running in parallel never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPostgresStore, createSqliteStore, type RecordStore } from '../../../src/server/store/index.js';

/** A database to run a suite against. */
export interface StoreTarget {
  readonly name: string;
  /** A fresh, initialised store and how to dispose of it. */
  open(): Promise<OpenedStore>;
}

export interface OpenedStore {
  readonly store: RecordStore;
  dispose(): Promise<void>;
}

export const postgresUrl = process.env.POP_TEST_POSTGRES_URL;

/** A unique schema name for one PostgreSQL test store. */
export function testSchemaName(): string {
  return `t_${randomBytes(6).toString('hex')}`;
}

/** Drops a test schema and everything in it. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

const sqliteMemory: StoreTarget = {
  name: 'sqlite :memory:',
  async open() {
    const store = createSqliteStore({ filename: ':memory:' });
    await store.init();
    return { store, dispose: () => store.close() };
  },
};

function postgres(url: string): StoreTarget {
  return {
    name: 'postgres',
    async open() {
      const schema = testSchemaName();
      const store = createPostgresStore({ url, schema, maxConnections: 4 });
      await store.init();
      return {
        store,
        async dispose() {
          await store.close();
          await dropSchema(url, schema);
        },
      };
    },
  };
}

let warned = false;

/** Every target available in this environment; warns once when PostgreSQL is skipped. */
export function storeTargets(): StoreTarget[] {
  if (postgresUrl) return [sqliteMemory, postgres(postgresUrl)];
  if (!warned) {
    warned = true;
    console.warn(
      '[skipped] PostgreSQL store tests: set POP_TEST_POSTGRES_URL (e.g. url=$(bash scripts/postgres.sh start | tail -1))',
    );
  }
  return [sqliteMemory];
}
