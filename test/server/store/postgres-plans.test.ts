/**
 * PostgreSQL query plans that decide how finds scale: a find without a sort pages by `seq`, and must do
 * so inside its environment and country instead of walking every other country's records first.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore, type RecordStore } from '../../../src/server/store/index.js';
import { dropSchema, postgresUrl, testSchemaName } from './store-targets.js';

const NOW = new Date('2030-01-01T00:00:00Z');
const COUNTRIES = ['aa', 'bb', 'cc', 'dd'];
const PER_COUNTRY = 3000;
// The shape of the store's page query for a find without a sort (see kysely-record-store.ts).
const DEFAULT_ORDER_PAGE = `explain select seq from pop_records
  where environment_id = 'env' and country = 'dd' and (expires_at is null or expires_at > 0) and key4 = 'all'
  order by seq asc limit 100`;

describe.runIf(postgresUrl)('postgres plans', () => {
  const schema = testSchemaName();
  let store: RecordStore;
  let client: pg.Client;
  beforeAll(async () => {
    store = createPostgresStore({ url: postgresUrl!, schema });
    await store.init();
    // Loaded country after country, as a real import does: the last country's records have the highest seq.
    for (const country of COUNTRIES)
      for (let i = 0; i < PER_COUNTRY; i += 500)
        await store.batchWrite(
          { environmentId: 'env', country },
          Array.from({ length: 500 }, (_, j) => ({ record_key: `${country}-${i + j}`, key4: 'all' })),
          NOW,
        );
    client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(`set search_path to "${schema}"`);
    await client.query('analyze pop_records');
  }, 60_000);
  afterAll(async () => {
    await client?.end();
    await store?.close();
    await dropSchema(postgresUrl!, schema);
  });

  it('pages a find without a sort through the scope index, not the primary key', async () => {
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(DEFAULT_ORDER_PAGE);
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toContain('pop_records_scope_seq');
    expect(plan).not.toContain('pop_records_pkey');
  });
});
