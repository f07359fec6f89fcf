/**
 * A throwaway PostgreSQL schema for one benchmark case: created by the PoP store on first use, dropped
 * afterwards whatever happens, so benches never leave tables behind in a shared test database.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Runs `use` with a fresh schema name, then drops that schema. */
export async function withScratchSchema<T>(
  url: string,
  prefix: string,
  use: (schema: string) => Promise<T>,
): Promise<T> {
  const schema = `${prefix}_${randomBytes(4).toString('hex')}`;
  try {
    return await use(schema);
  } finally {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  }
}
