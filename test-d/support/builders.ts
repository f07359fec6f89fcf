/**
 * Builders of the type tests: `createQueryBuilder` over a dummy executor. Types only; never run.
 */
import { createQueryBuilder, type QueryExecutor } from '../../dist/index.js';

/** The record type the dummy executor returns. */
export interface Row {
  record_key: string;
}

declare const executor: QueryExecutor<Row>;

/** Raw storage, hashed search keys (the default). */
export const hashed = createQueryBuilder(executor, { config: { plainSearchKeys: false } });

/** Raw storage, plain search keys (`hashSearchKeys: false` or SSE). */
export const plain = createQueryBuilder(executor, { config: { plainSearchKeys: true } });

/** A repository-style builder over domain names. */
export const users = createQueryBuilder(executor, {
  config: { plainSearchKeys: true },
  fields: { id: 'record_key', email: 'key1', name: 'key2', age: 'range_key1', joined: 'created_at' },
});

/** The options of a query that sets none. */
export type Defaults = { limit: 100; offset: 0 };
