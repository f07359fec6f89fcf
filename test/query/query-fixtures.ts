/**
 * Shared fixtures of the query tests: builders over a recording fake executor, and `expectQuery`.
 */
import { expect } from 'vitest';
import {
  createQueryBuilder,
  type FindPageOptions,
  type QueryConfig,
  type QueryExecutor,
  type QueryPage,
} from '../../src/query/index.js';
import type { WireFilter } from '../../src/wire/find.js';

/** A stored row of the fake executor. */
export interface FakeRecord {
  record_key: string;
}

/** A fake executor paging over `total` records (or custom pages), remembering every call. */
export function fakeExecutor(
  total = 0,
  page?: (options: FindPageOptions) => QueryPage<FakeRecord>,
): QueryExecutor<FakeRecord> & { calls: Array<{ filter: WireFilter; options: FindPageOptions }> } {
  const all = Array.from({ length: total }, (_, i) => ({ record_key: `r${i}` }));
  const calls: Array<{ filter: WireFilter; options: FindPageOptions }> = [];
  return {
    calls,
    async find(filter, options) {
      calls.push({ filter, options });
      if (page) return page(options);
      const data = all.slice(options.offset, options.offset + options.limit);
      return { data, meta: { count: data.length, limit: options.limit, offset: options.offset, total } };
    },
  };
}

/** A raw-storage builder with hashed search keys. */
export const hashed = (executor = fakeExecutor()) =>
  createQueryBuilder(executor, { config: { plainSearchKeys: false } });

/** A raw-storage builder with plain search keys (hashSearchKeys: false or SSE). */
export const plain = (executor = fakeExecutor()) =>
  createQueryBuilder(executor, { config: { plainSearchKeys: true } });

/** A builder whose configuration is typed `boolean` (a widened `hashSearchKeys`); hashed at run time. */
export const widened = (executor = fakeExecutor()) =>
  createQueryBuilder(executor, { config: { plainSearchKeys: false } as QueryConfig });

/** A repository-style builder over domain names. */
export const users = (executor = fakeExecutor()) =>
  createQueryBuilder(executor, {
    config: { plainSearchKeys: true },
    fields: { id: 'record_key', email: 'key1', name: 'key2', age: 'range_key1', joined: 'created_at' },
  });

/** Golden test of the compiler: the builder's request equals `expected` exactly. */
export function expectQuery(builder: { toQuery(): unknown }, expected: unknown): void {
  expect(builder.toQuery()).toStrictEqual(expected);
}

/** Default options of a request that sets none. */
export const DEFAULTS = { limit: 100, offset: 0 } as const;
