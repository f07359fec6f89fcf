import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../../src/errors.js';
import type { AnyQuery } from '../../src/query/index.js';
import { DEFAULTS, expectQuery, hashed, plain, users } from './query-fixtures.js';

describe('compiler golden tests: one operator at a time', () => {
  it('compiles an empty query to the default request', () => {
    expectQuery(hashed(), { filter: {}, options: DEFAULTS });
  });

  it.each([
    ['eq one value', hashed().where('key1').eq('a'), { key1: 'a' }],
    ['eq a list', hashed().where('key1').eq(['a', 'b']), { key1: ['a', 'b'] }],
    ['not one value', hashed().where('profile_key').not('a'), { profile_key: { $not: 'a' } }],
    ['not a list', hashed().where('service_key5').not(['a', 'b']), { service_key5: { $not: ['a', 'b'] } }],
    ['isNull', hashed().where('parent_key').isNull(), { parent_key: null }],
    ['isNotNull', hashed().where('key20').isNotNull(), { key20: { $not: null } }],
    ['eq an integer', hashed().where('range_key10').eq(6275438399), { range_key10: 6275438399 }],
    ['eq integers', hashed().where('version').eq([0, 1]), { version: [0, 1] }],
    ['not an integer', hashed().where('range_key1').not(5), { range_key1: { $not: 5 } }],
    ['gt', hashed().where('range_key1').gt(1), { range_key1: { $gt: 1 } }],
    ['gte', hashed().where('range_key2').gte(-1), { range_key2: { $gte: -1 } }],
    ['lt', hashed().where('version').lt(3), { version: { $lt: 3 } }],
    ['lte', hashed().where('range_key9').lte(0), { range_key9: { $lte: 0 } }],
    ['like', plain().where('key3').like('abc'), { key3: { $like: 'abc' } }],
    ['searchKeys', plain().searchKeys('gold'), { search_keys: 'gold' }],
    ['isNull on expires_at', hashed().where('expires_at').isNull(), { expires_at: null }],
  ])('%s', (_, builder, filter) => {
    expectQuery(builder, { filter, options: DEFAULTS });
  });
});

describe('compiler golden tests: dates', () => {
  const instant = new Date('2024-01-31T12:00:00.000Z');
  const dayjsLike = { toDate: () => instant };

  it('sends Date, dayjs-like and ISO strings as ISO strings', () => {
    expectQuery(
      hashed()
        .where('created_at')
        .gte(instant)
        .where('created_at')
        .lt('2024-02-01T00:00:00+00:00')
        .where('updated_at')
        .gt(dayjsLike)
        .where('expires_at')
        .eq([instant, '2024-01-31T12:00:00Z']),
      {
        filter: {
          created_at: { $gte: '2024-01-31T12:00:00.000Z', $lt: '2024-02-01T00:00:00+00:00' },
          updated_at: { $gt: '2024-01-31T12:00:00.000Z' },
          expires_at: ['2024-01-31T12:00:00.000Z', '2024-01-31T12:00:00Z'],
        },
        options: DEFAULTS,
      },
    );
  });

  it('rejects a dayjs-like value whose toDate() throws with InputValidationError, as records do', () => {
    const broken = {
      toDate: (): Date => {
        throw new Error('broken toDate');
      },
    };
    expect(() => hashed().where('created_at').gt(broken)).toThrow(InputValidationError);
    expect(() => hashed().where('created_at').gt(broken)).toThrow(/gt\(\) call failed/);
  });

  it('compiles not() on dates', () => {
    expectQuery(hashed().where('expires_at').not(instant), {
      filter: { expires_at: { $not: '2024-01-31T12:00:00.000Z' } },
      options: DEFAULTS,
    });
  });
});

describe('compiler golden tests: combinations', () => {
  it('compiles the DESIGN example', () => {
    expectQuery(
      hashed()
        .where('range_key3')
        .gt(1)
        .where('range_key3')
        .lte(10)
        .where('key1')
        .eq(['english', 'french'])
        .or((b) => b.where('key2').eq('a').where('key3').not('b'))
        .sortBy('range_key1', 'asc')
        .limit(10)
        .offset(20),
      {
        filter: {
          range_key3: { $gt: 1, $lte: 10 },
          key1: ['english', 'french'],
          $or: [{ key2: 'a' }, { key3: { $not: 'b' } }],
        },
        options: { limit: 10, offset: 20, sort: [{ range_key1: 'asc' }] },
      },
    );
  });

  it('merges all four bound combinations on one field', () => {
    expectQuery(hashed().where('range_key1').gte(1).where('range_key1').lt(9), {
      filter: { range_key1: { $gte: 1, $lt: 9 } },
      options: DEFAULTS,
    });
    expectQuery(hashed().where('range_key1').lte(9).where('range_key1').gt(1), {
      filter: { range_key1: { $lte: 9, $gt: 1 } },
      options: DEFAULTS,
    });
  });

  it('compiles or() branches of every string condition, the same field twice included', () => {
    expectQuery(
      hashed().or((b) =>
        b
          .where('record_key')
          .eq(['a', 'b'])
          .where('record_key')
          .eq('c')
          .where('service_key1')
          .not(['x'])
          .where('parent_key')
          .isNull()
          .where('key19')
          .isNotNull(),
      ),
      {
        filter: {
          $or: [
            { record_key: ['a', 'b'] },
            { record_key: 'c' },
            { service_key1: { $not: ['x'] } },
            { parent_key: null },
            { key19: { $not: null } },
          ],
        },
        options: DEFAULTS,
      },
    );
  });

  it('compiles searchKeys with non-key conditions and sorting by keys', () => {
    expectQuery(
      plain()
        .searchKeys('abc')
        .where('record_key')
        .eq('k')
        .where('expires_at')
        .isNotNull()
        .sortBy('key1', 'desc')
        .sortBy('created_at', 'asc')
        .sortBy('expires_at', 'desc'),
      {
        filter: { search_keys: 'abc', record_key: 'k', expires_at: { $not: null } },
        options: { ...DEFAULTS, sort: [{ key1: 'desc' }, { created_at: 'asc' }, { expires_at: 'desc' }] },
      },
    );
  });

  it('compiles like next to or()', () => {
    expectQuery(
      plain()
        .where('key1')
        .like('ab')
        .or((b) => b.where('key2').eq('a').where('key3').eq('b')),
      { filter: { key1: { $like: 'ab' }, $or: [{ key2: 'a' }, { key3: 'b' }] }, options: DEFAULTS },
    );
  });

  it('maps domain names to record fields', () => {
    expectQuery(
      users()
        .where('email')
        .eq('a@example.com')
        .where('age')
        .gte(18)
        .where('joined')
        .lt(new Date('2024-01-01T00:00:00Z'))
        .or((b) => b.where('id').eq('u1').where('name').eq('Ann'))
        .sortBy('age', 'desc')
        .sortBy('email', 'asc'),
      {
        filter: {
          key1: 'a@example.com',
          range_key1: { $gte: 18 },
          created_at: { $lt: '2024-01-01T00:00:00.000Z' },
          $or: [{ record_key: 'u1' }, { key2: 'Ann' }],
        },
        options: { ...DEFAULTS, sort: [{ range_key1: 'desc' }, { key1: 'asc' }] },
      },
    );
  });

  it('applies $if only when the condition holds, and $call always', () => {
    const adults = <Q extends AnyQuery>(q: Q) => q.where('range_key1').gte(18);
    expectQuery(
      hashed().$if(true, (q) => q.where('key1').eq('a')),
      { filter: { key1: 'a' }, options: DEFAULTS },
    );
    expectQuery(
      hashed().$if(false, (q) => q.where('key1').eq('a')),
      { filter: {}, options: DEFAULTS },
    );
    expectQuery(hashed().$call(adults), { filter: { range_key1: { $gte: 18 } }, options: DEFAULTS });
  });
});
