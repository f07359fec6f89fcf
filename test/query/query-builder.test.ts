import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../../src/errors.js';
import { createQueryBuilder } from '../../src/query/index.js';
import { DEFAULTS, expectQuery, type FakeRecord, fakeExecutor, hashed } from './query-fixtures.js';

async function collect(iterable: AsyncIterable<FakeRecord>): Promise<string[]> {
  const keys: string[] = [];
  for await (const record of iterable) keys.push(record.record_key);
  return keys;
}

describe('immutability and branching', () => {
  it('never changes a builder: every call returns a new one', () => {
    const base = hashed().where('key1').eq('a');
    const withSort = base.sortBy('range_key1', 'asc');
    const withLimit = base.limit(5);
    expect(withSort).not.toBe(base);
    expectQuery(base, { filter: { key1: 'a' }, options: DEFAULTS });
    expectQuery(withSort, { filter: { key1: 'a' }, options: { ...DEFAULTS, sort: [{ range_key1: 'asc' }] } });
    expectQuery(withLimit, { filter: { key1: 'a' }, options: { limit: 5, offset: 0 } });
  });

  it('branches one field builder into independent queries', () => {
    const field = hashed().where('range_key1');
    expectQuery(field.gt(1), { filter: { range_key1: { $gt: 1 } }, options: DEFAULTS });
    expectQuery(field.lt(1), { filter: { range_key1: { $lt: 1 } }, options: DEFAULTS });
  });

  it('branches or() builders independently', () => {
    let shared: unknown;
    const q = hashed().or((b) => {
      const start = b.where('key1').eq('a');
      shared = start;
      start.where('key2').eq('ignored');
      return start.where('key3').eq('c');
    });
    expect(shared).toBeDefined();
    expectQuery(q, { filter: { $or: [{ key1: 'a' }, { key3: 'c' }] }, options: DEFAULTS });
  });

  it('does not share value lists with the caller', () => {
    const values = ['a', 'b'];
    const q = hashed().where('key1').eq(values);
    values.push('c');
    const compiled = q.toQuery();
    expect(compiled.filter.key1).toStrictEqual(['a', 'b']);
    compiled.filter.key1.push('d');
    expect(q.toQuery().filter.key1).toStrictEqual(['a', 'b']);
  });

  it('freezes builders', () => {
    const q = hashed();
    expect(() => Object.assign(q.where('key1'), { eq: () => 0 })).toThrow(TypeError);
  });
});

describe('find and findOne', () => {
  it('find() sends the compiled request once', async () => {
    const executor = fakeExecutor(3);
    const page = await hashed(executor).where('key1').eq('a').limit(2).offset(1).find();
    expect(executor.calls).toStrictEqual([{ filter: { key1: 'a' }, options: { limit: 2, offset: 1 } }]);
    expect(page.data.map((r) => r.record_key)).toStrictEqual(['r1', 'r2']);
    expect(page.meta).toStrictEqual({ count: 2, limit: 2, offset: 1, total: 3 });
  });

  it('findOne() asks for one record with the offset and sort', async () => {
    const executor = fakeExecutor(3);
    const found = await hashed(executor).sortBy('created_at', 'desc').offset(2).limit(50).findOne();
    expect(found).toStrictEqual({ record: { record_key: 'r2' } });
    expect(executor.calls[0]?.options).toStrictEqual({ limit: 1, offset: 2, sort: [{ created_at: 'desc' }] });
  });

  it('findOne() returns null when nothing matches', async () => {
    expect(await hashed(fakeExecutor(0)).findOne()).toBeNull();
  });

  it('findOne() throws the decoding error of the one record found', async () => {
    const error = new Error('cannot decrypt');
    const executor = fakeExecutor(0, (o) => ({
      data: [],
      errors: [{ error, rawData: {} }],
      meta: { count: 1, limit: o.limit, offset: o.offset, total: 1 },
    }));
    await expect(hashed(executor).findOne()).rejects.toBe(error);
  });

  it('validates before any call: nothing reaches the executor on bad input', async () => {
    const executor = fakeExecutor(1);
    expect(() => hashed(executor).limit(0 as number)).toThrow(InputValidationError);
    expect(executor.calls).toHaveLength(0);
  });
});

describe('async iteration', () => {
  it('pages with the limit as page size until a short page', async () => {
    const executor = fakeExecutor(25);
    const keys = await collect(hashed(executor).where('key1').eq('a').limit(10));
    expect(keys).toHaveLength(25);
    expect(keys[24]).toBe('r24');
    expect(executor.calls.map((c) => c.options)).toStrictEqual([
      { limit: 10, offset: 0 },
      { limit: 10, offset: 10 },
      { limit: 10, offset: 20 },
    ]);
  });

  it('uses 100 as the default page size and starts at the offset', async () => {
    const executor = fakeExecutor(230);
    const keys = await collect(hashed(executor).offset(5));
    expect(keys).toHaveLength(225);
    expect(keys[0]).toBe('r5');
    expect(executor.calls.map((c) => c.options.offset)).toStrictEqual([5, 105, 205]);
  });

  it('stops when the total is reached, without asking for an empty page', async () => {
    const executor = fakeExecutor(20);
    await collect(hashed(executor).limit(10));
    expect(executor.calls).toHaveLength(2);
  });

  it('stops on an empty first page', async () => {
    const executor = fakeExecutor(0);
    expect(await collect(hashed(executor))).toStrictEqual([]);
    expect(executor.calls).toHaveLength(1);
  });

  it('yields the good records of a page, then throws its decoding error', async () => {
    const error = new Error('cannot decrypt');
    const executor = fakeExecutor(0, (o) => ({
      data: [{ record_key: 'ok' }],
      errors: [{ error, rawData: {} }],
      meta: { count: 2, limit: o.limit, offset: o.offset, total: 2 },
    }));
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const record of hashed(executor)) seen.push(record.record_key);
      })(),
    ).rejects.toBe(error);
    expect(seen).toStrictEqual(['ok']);
  });

  it('can be iterated twice, each time from the start', async () => {
    const q = hashed(fakeExecutor(3));
    expect(await collect(q)).toStrictEqual(await collect(q));
  });
});

describe('createQueryBuilder', () => {
  it('rejects a field map onto a field that cannot be filtered', () => {
    expect(() =>
      createQueryBuilder(fakeExecutor(), {
        config: { plainSearchKeys: false },
        fields: { data: 'body' as 'key1' },
      }),
    ).toThrow('createQueryBuilder() call failed: data maps to a field that cannot be filtered');
  });

  it('only accepts the names of the map', () => {
    const q = createQueryBuilder(fakeExecutor(), {
      config: { plainSearchKeys: false },
      fields: { email: 'key1' },
    });
    expect(() => q.where('key1' as 'email')).toThrow('where() call failed: key1 is not a filterable field');
  });
});

describe('$dynamic, $call and $if for queries built in pieces', () => {
  it('$dynamic() builds the same DSL and is reassignable', () => {
    let q = hashed().$dynamic();
    for (const bound of [1, 9])
      q = bound < 5 ? q.where('range_key1').gt(bound) : q.where('range_key1').lte(bound);
    expectQuery(q.limit(10), {
      filter: { range_key1: { $gt: 1, $lte: 9 } },
      options: { limit: 10, offset: 0 },
    });
  });

  it('checks the rules that depend on earlier calls at run time', () => {
    const q = hashed().$dynamic().limit(10);
    expect(() => q.limit(20)).toThrow('limit() call failed: limit() may be called once per query');
    const bounded = hashed().$dynamic().where('range_key1').gt(1);
    expect(() => bounded.where('range_key1').gte(2)).toThrow('gte() call failed: range_key1 already has $gt');
  });

  it('$if with branches that differ applies the branch taken', () => {
    const pick = (first: boolean) =>
      hashed().$if(true, (q) => (first ? q.where('range_key1').gt(1) : q.where('range_key2').gt(1)));
    expectQuery(pick(false), { filter: { range_key2: { $gt: 1 } }, options: DEFAULTS });
  });
});
