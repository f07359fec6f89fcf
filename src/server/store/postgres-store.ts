/**
 * The PoP on PostgreSQL: pg's Pool through kysely's PostgresDialect. Upserts use ON CONFLICT, batch
 * operations run in one transaction, and an optional schema keeps several PoPs (or test runs) apart in one
 * database.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { z } from 'zod';
import { formatIssues, StorageConfigValidationError, zodIssues } from '../../errors.js';
import { KyselyRecordStore } from './kysely-record-store.js';
import type { PopDatabase } from './pop-database.js';
import type { RecordStore } from './record-store.js';
import { postgresFlavour } from './sql-flavour.js';

/** Options of {@link createPostgresStore}. */
export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database` (or `postgresql://…`). */
  readonly url: string;
  /** Schema holding the PoP tables, created by `init()` when missing; default: the server's search_path. */
  readonly schema?: string | undefined;
  /** Maximum pooled connections; default 10. */
  readonly maxConnections?: number | undefined;
}

const postgresStoreOptionsSchema = z.strictObject({
  url: z
    .string()
    .regex(/^postgres(?:ql)?:\/\//, 'url must start with postgres:// or postgresql://')
    .refine((url) => URL.canParse(url), 'url must be a valid URL'),
  schema: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'schema must be a lower-case SQL identifier (a-z, 0-9, _)')
    .optional(),
  maxConnections: z.number().int().min(1, 'maxConnections must be at least 1').optional(),
});

/**
 * A RecordStore on PostgreSQL. Call `init()` before use; it creates the schema and tables.
 *
 * @example
 * const store = createPostgresStore({ url: 'postgres://pop@127.0.0.1/pop', schema: 'pop_de' });
 * await store.init();
 */
export function createPostgresStore(options: PostgresStoreOptions): RecordStore {
  const parsed = postgresStoreOptionsSchema.safeParse(options);
  if (!parsed.success) {
    // The issues never echo the URL: it may carry a password.
    const issues = zodIssues(parsed.error);
    throw new StorageConfigValidationError(`invalid PostgreSQL store options: ${formatIssues(issues)}`, {
      issues,
    });
  }
  const { url, schema, maxConnections } = parsed.data;
  const pool = new pg.Pool({
    connectionString: url,
    max: maxConnections ?? 10,
    // Every pooled connection resolves unqualified table names in the PoP's schema, so the queries stay
    // schema-agnostic.
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle client losing its connection must not crash the process; the pool replaces it on next use.
  pool.on('error', () => undefined);
  const db = new Kysely<PopDatabase>({ dialect: new PostgresDialect({ pool }) });
  return new KyselyRecordStore(db, postgresFlavour(schema ?? 'public'), {
    beforeInit: async (kysely) => {
      if (schema === undefined) return;
      try {
        await sql`create schema if not exists ${sql.id(schema)}`.execute(kysely);
      } catch (error) {
        // Two processes creating the schema at once: the loser sees a duplicate, which is fine.
        const code = (error as { code?: unknown }).code;
        if (code !== '42P06' && code !== '23505') throw error;
      }
    },
  });
}
