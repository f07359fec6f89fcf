/**
 * Filter maxima (src/wire/filter-limits.ts): the PoP answers 400 beyond them (it answered 500 from SQLite's
 * variable and expression-depth limits and PostgreSQL's parameter limit) and serves filters right at them,
 * on SQLite and PostgreSQL; the client refuses beyond them before sending.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EncryptionType, InputValidationError } from '../../src/index.js';
import { MAX_FILTER_LIST_VALUES, MAX_FILTER_VALUES, MAX_OR_BRANCHES } from '../../src/wire/index.js';
import { storageFor } from '../storage/support/storages.js';
import { storageCalls } from '../storage/support/test-pop.js';
import { popDatabases, startPopOn } from './support/pop-databases.js';
import { startTestPop, type TestPop } from './support/test-pop.js';

const FIND = '/v2/storage/records/us/find';

const values = (n: number, prefix = 'v') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const atListMax = { key1: values(MAX_FILTER_LIST_VALUES) };
const overListMax = { key1: values(MAX_FILTER_LIST_VALUES + 1) };
const branches = (n: number) => Array.from({ length: n }, (_, i) => ({ key2: `b${i}`, key3: values(5) }));
const atTotalMax = Object.fromEntries(
  Array.from({ length: MAX_FILTER_VALUES / MAX_FILTER_LIST_VALUES }, (_, i) => [
    `key${i + 1}`,
    values(MAX_FILTER_LIST_VALUES),
  ]),
);
const overTotalMax = { ...atTotalMax, record_key: 'one more' };

describe.each(popDatabases())('%s', (_name, database) => {
  let t: TestPop;
  beforeAll(async () => {
    t = await startPopOn(database);
    await t.call('POST', '/v2/storage/records/us', { body: { record_key: 'r', key1: 'v999', key2: 'b99' } });
  });
  afterAll(() => t.close());

  it.each([
    ['a list at its maximum', atListMax],
    ['$or at its maximum', { $or: branches(MAX_OR_BRANCHES) }],
    ['a filter at its total maximum', atTotalMax],
  ])('%s is served', async (_what, filter) => {
    const response = await t.call('POST', FIND, { body: { filter } });
    expect(response.status).toBe(200);
  });

  it.each([
    ['a list over its maximum', overListMax, 'body.filter.key1', /at most 1000 values/],
    [
      '$or over its maximum',
      { $or: branches(MAX_OR_BRANCHES + 1) },
      'body.filter.$or',
      /at most 100 branches/,
    ],
    ['a filter over its total maximum', overTotalMax, 'body.filter', /at most 10000 values in all/],
    [
      'the 32,763 values that broke SQLite',
      { key1: { $not: values(32_763) } },
      'body.filter.key1.$not',
      /at most 1000 values/,
    ],
  ])('%s is a 400', async (_what, filter, source, rule) => {
    const response = await t.call('POST', FIND, { body: { filter } });
    expect(response.status).toBe(400);
    expect(response.json.errors.map((e: { source: string }) => e.source)).toContain(source);
    expect(response.json.errors.map((e: { detail: string }) => e.detail).join(' ')).toMatch(rule);
  });
});

describe('client', () => {
  let t: TestPop;
  beforeAll(async () => {
    t = await startTestPop();
  });
  afterAll(() => t.close());

  it.each([EncryptionType.LOCAL, EncryptionType.SSE])(
    '%s: refuses beyond the maxima before sending',
    async (mode) => {
      const storage = await storageFor(t.pop, mode);
      for (const filter of [overListMax, { $or: branches(MAX_OR_BRANCHES + 1) }, overTotalMax]) {
        await expect(storage.find('us', filter as never)).rejects.toBeInstanceOf(InputValidationError);
      }
      expect(storageCalls(t.pop)).toEqual([]);
    },
  );
});
