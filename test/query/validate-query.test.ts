import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../../src/errors.js';
import { type QueryConfig, queryConfigFromOptions, validateQuery } from '../../src/query/index.js';

const HASHED = { plainSearchKeys: false } as const;
const PLAIN = { plainSearchKeys: true } as const;

function issuesOf(filter: unknown, options: unknown, config: QueryConfig = HASHED): string[] {
  try {
    validateQuery(filter, options, config);
  } catch (error) {
    expect(error).toBeInstanceOf(InputValidationError);
    return (error as InputValidationError).issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  }
  return [];
}

describe('validateQuery: accepted requests', () => {
  it('fills in the default limit and offset', () => {
    expect(validateQuery(undefined, undefined, HASHED)).toStrictEqual({
      filter: {},
      options: { limit: 100, offset: 0 },
    });
  });

  it('keeps a full request as it is', () => {
    const filter = {
      key1: ['a', 'b'],
      range_key1: { $gt: 1, $lte: 10 },
      profile_key: { $not: null },
      $or: [{ key2: 'a' }, { record_key: { $not: ['x', 'y'] } }],
    };
    const options = { limit: 10, offset: 20, sort: [{ range_key1: 'desc' }, { created_at: 'asc' }] };
    expect(validateQuery(filter, options, HASHED)).toStrictEqual({ filter, options });
  });

  it('converts Date and dayjs-like values of date fields to ISO strings', () => {
    const instant = new Date('2024-01-31T12:00:00.000Z');
    const { filter } = validateQuery(
      {
        created_at: { $gte: instant, $lt: { toDate: () => instant } },
        expires_at: [instant, '2024-02-01T00:00:00Z'],
        updated_at: { $not: instant },
      },
      {},
      HASHED,
    );
    expect(filter).toStrictEqual({
      created_at: { $gte: '2024-01-31T12:00:00.000Z', $lt: '2024-01-31T12:00:00.000Z' },
      expires_at: ['2024-01-31T12:00:00.000Z', '2024-02-01T00:00:00Z'],
      updated_at: { $not: '2024-01-31T12:00:00.000Z' },
    });
  });

  it('allows $like, search_keys and key sorting with plain search keys', () => {
    expect(issuesOf({ key1: { $like: 'ab' } }, { sort: [{ key1: 'asc' }] }, PLAIN)).toStrictEqual([]);
    expect(issuesOf({ search_keys: 'abc', record_key: 'k' }, {}, PLAIN)).toStrictEqual([]);
  });
});

describe('validateQuery: rejected requests', () => {
  const PLAIN_HINT =
    "needs plain search keys; create the storage with options.hashSearchKeys: false or encrypt: 'SSE'";

  it.each([
    ['$like with hashed keys', { key3: { $like: 'ab' } }, {}, [`filter.key3.$like: $like ${PLAIN_HINT}`]],
    [
      'search_keys with hashed keys',
      { search_keys: 'abc' },
      {},
      [`filter.search_keys: search_keys ${PLAIN_HINT}`],
    ],
    [
      'sorting by keyN with hashed keys',
      {},
      { sort: [{ key9: 'asc' }] },
      [`options.sort.0.key9: sorting by key9 ${PLAIN_HINT}`],
    ],
    [
      '$gt with $gte',
      { range_key1: { $gt: 1, $gte: 2 } },
      {},
      ['filter.range_key1: use either $gt or $gte, not both'],
    ],
    [
      'a limit over 100',
      {},
      { limit: 101 },
      ['options.limit: limit must be between 1 and 100; use offset to page further'],
    ],
    ['a negative offset', {}, { offset: -1 }, ['options.offset: expected a number >= 0']],
    [
      'the same sort field twice',
      {},
      { sort: [{ created_at: 'asc' }, { created_at: 'desc' }] },
      ['options.sort: a field may appear only once in sort'],
    ],
    [
      'a filter on body',
      { body: 'x' },
      {},
      expect.arrayContaining([expect.stringMatching(/^filter\.body: unknown filter field/)]),
    ],
    ['an $or with one branch', { $or: [{ key1: 'a' }] }, {}, ['filter.$or: $or needs at least two branches']],
  ])('%s', (_, filter, options, expected) => {
    expect(issuesOf(filter, options)).toStrictEqual(expected);
  });

  it('reports search_keys next to keyN and $or (wire rules)', () => {
    const issues = issuesOf(
      { search_keys: 'abc', key1: 'a', $or: [{ key2: 'a' }, { key3: 'b' }] },
      {},
      PLAIN,
    );
    expect(issues).toContain(
      'filter.search_keys: search_keys cannot be combined with a key1..key20 condition (key1)',
    );
    expect(issues).toContain('filter.search_keys: search_keys cannot be combined with $or');
  });

  it('limits plain key values to 256 characters, in $or branches too', () => {
    const long = 'x'.repeat(257);
    expect(
      issuesOf({ key1: long, $or: [{ key2: [long] }, { key3: { $not: long } }] }, {}, PLAIN),
    ).toStrictEqual([
      'filter.key1: plain key1..key20 values have at most 256 characters',
      'filter.$or.0.key2: plain key1..key20 values have at most 256 characters',
      'filter.$or.1.key3: plain key1..key20 values have at most 256 characters',
    ]);
  });

  it('names the problems in the message, never the values', () => {
    const secret = 'canary-7d1e-value';
    try {
      validateQuery({ range_key1: secret, key1: { $like: secret } }, { limit: secret }, HASHED);
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toMatch(/^Invalid find query: /);
      expect((error as Error).message).not.toContain(secret);
      expect(JSON.stringify(error)).not.toContain(secret);
    }
  });
});

describe('queryConfigFromOptions', () => {
  it.each([
    [{}, false],
    [{ encrypt: 'SSE' as const }, true],
    [{ encrypt: 'LOCAL' as const, options: { hashSearchKeys: false } }, true],
    [{ options: { hashSearchKeys: true } }, false],
    [{ encrypt: false }, false],
  ])('%j -> plainSearchKeys %s', (options, expected) => {
    expect(queryConfigFromOptions(options)).toStrictEqual({ plainSearchKeys: expected });
  });
});
