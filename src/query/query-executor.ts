/**
 * The seam between the query builder and whatever runs a find (the Storage client, a repository, a fake in
 * tests). The builder never does I/O itself.
 */
import type { WireFilter } from '../wire/wire-types.js';

/**
 * Paging and sorting of one find call, always complete (defaults applied).
 *
 * @example
 * const options: FindPageOptions = { limit: 10, offset: 20, sort: [{ key1: 'asc' }] };
 * @category Query builder
 */
export interface FindPageOptions {
  limit: number;
  offset: number;
  sort?: Array<Record<string, 'asc' | 'desc'>>;
}

/**
 * One page of find results: decoded records, paging meta, and records that failed to decode.
 *
 * @example
 * const { data, meta, errors } = await storage.in('us').limit(10).find();
 * @category Query builder
 */
export interface QueryPage<TRecord> {
  data: TRecord[];
  meta: { count: number; limit: number; offset: number; total: number };
  errors?: Array<{ error: Error; rawData: unknown }>;
}

/**
 * Runs one compiled find. `filter` holds plain values; hashing and encryption are the executor's job.
 *
 * @example
 * const empty: QueryExecutor<StorageRecord> = {
 *   find: async (_filter, options) => ({ data: [], meta: { count: 0, limit: options.limit, offset: options.offset, total: 0 } }),
 * };
 * @category Query builder
 */
export interface QueryExecutor<TRecord> {
  /** Runs one page of a find: `filter` in the wire DSL with plain values, paging and sorting complete. */
  find(filter: WireFilter, options: FindPageOptions): Promise<QueryPage<TRecord>>;
}
