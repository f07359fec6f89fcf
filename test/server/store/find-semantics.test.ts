/**
 * Find semantics (docs/protocol.md#find-dsl, docs/protocol.md#find-semantics), written once and run on every database: the same filter must give
 * the same records in the same order on SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordStore, Scope } from '../../../src/server/store/index.js';
import {
  type FindRequest,
  type FindRequestInput,
  findRequestSchema,
  type WireWriteRecord,
} from '../../../src/wire/index.js';
import { type OpenedStore, storeTargets } from './store-targets.js';

const T0 = Date.parse('2030-01-01T00:00:00Z');
/** Record kN is written at at(N), so created_at orders and filters are known. */
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const NOW = at(100);
const SCOPE: Scope = { environmentId: 'env-a', country: 'us' };

const DATA: WireWriteRecord[] = [
  {
    record_key: 'k1',
    key1: 'Alpha',
    key2: 'x',
    key3: 'one',
    range_key1: 1,
    range_key2: 6275438399,
    profile_key: 'p1',
  },
  {
    record_key: 'k2',
    key1: 'alpha',
    range_key1: 2,
    version: 1,
    expires_at: '2031-01-01T00:00:00Z',
    profile_key: 'p2',
  },
  { record_key: 'k3', key1: 'beta', key2: 'y', version: 2, expires_at: '2031-06-01T12:00:00.123456+00:00' },
  { record_key: 'k4', key2: 'x', range_key1: 10, key20: 'needle-in-20' },
  {
    record_key: 'k5',
    key1: '50%_off',
    key2: 'z',
    key3: 'a\\b',
    range_key1: -5,
    version: 3,
    expires_at: '2030-06-01T00:00:00Z',
  },
  {
    record_key: 'k6',
    key1: '50 percent off',
    key2: 'x',
    key3: 'aXb',
    range_key1: 2,
    expires_at: '2032-01-01T00:00:00+0000',
  },
  { record_key: 'k7', key1: 'Beta', range_key1: 100, service_key1: 's1' },
  { record_key: 'k8', key1: 'é', key2: 'x', range_key1: 3 },
  // Expired before NOW: must never show up, although it matches many filters.
  { record_key: 'k9', key1: 'Alpha', key2: 'x', range_key1: 2, expires_at: '2029-12-31T00:00:00Z' },
];

const ALL = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8'];

describe.each(storeTargets())('find on $name', (target) => {
  let opened: OpenedStore;
  let store: RecordStore;

  beforeAll(async () => {
    opened = await target.open();
    store = opened.store;
    for (const [i, record] of DATA.entries()) await store.write(SCOPE, record, at(i + 1));
    // Same keys elsewhere: other environment, other country.
    await store.write({ environmentId: 'env-b', country: 'us' }, { record_key: 'k1', key1: 'Alpha' }, at(50));
    await store.write({ environmentId: 'env-a', country: 'de' }, { record_key: 'k1', key1: 'Alpha' }, at(50));
  });
  afterAll(async () => {
    await opened.dispose();
  });

  async function find(input: FindRequestInput, scope: Scope = SCOPE) {
    const result = await store.find(scope, findRequestSchema.parse(input), NOW);
    return { keys: result.records.map((r) => r.record_key), total: result.total };
  }
  async function keys(filter: Record<string, unknown>, sort?: Record<string, 'asc' | 'desc'>[]) {
    return (await find({ filter, options: { limit: 100, offset: 0, ...(sort ? { sort } : {}) } })).keys;
  }

  it('matches everything live with an empty filter, in insertion order', async () => {
    expect(await find({})).toEqual({ keys: ALL, total: 8 });
  });

  describe('string keys', () => {
    it('equals and IN, case-sensitively', async () => {
      expect(await keys({ key1: 'Alpha' })).toEqual(['k1']);
      expect(await keys({ key1: 'alpha' })).toEqual(['k2']);
      expect(await keys({ key1: ['Alpha', 'beta'] })).toEqual(['k1', 'k3']);
      expect(await keys({ key1: ['Alpha'] })).toEqual(['k1']);
      expect(await keys({ profile_key: 'p1', service_key1: null })).toEqual(['k1']);
      expect(await keys({ record_key: ['k2', 'k9', 'nope'] })).toEqual(['k2']);
    });

    it('$not means not equal / not in, and null is not equal to anything', async () => {
      expect(await keys({ key2: { $not: 'x' } })).toEqual(['k2', 'k3', 'k5', 'k7']);
      expect(await keys({ key2: { $not: ['x', 'y'] } })).toEqual(['k2', 'k5', 'k7']);
    });

    it('null and {$not: null}', async () => {
      expect(await keys({ key2: null })).toEqual(['k2', 'k7']);
      expect(await keys({ key2: { $not: null } })).toEqual(['k1', 'k3', 'k4', 'k5', 'k6', 'k8']);
    });

    it('ANDs top-level conditions', async () => {
      expect(await keys({ key2: 'x', range_key1: { $gte: 3 } })).toEqual(['k4', 'k8']);
    });
  });

  describe('integers', () => {
    it('equals, IN, $not and null', async () => {
      expect(await keys({ range_key1: 2 })).toEqual(['k2', 'k6']);
      expect(await keys({ range_key1: [1, 10] })).toEqual(['k1', 'k4']);
      expect(await keys({ range_key1: { $not: 2 } })).toEqual(['k1', 'k3', 'k4', 'k5', 'k7', 'k8']);
      expect(await keys({ range_key1: { $not: [1, 2] } })).toEqual(['k3', 'k4', 'k5', 'k7', 'k8']);
      expect(await keys({ range_key1: null })).toEqual(['k3']);
      expect(await keys({ range_key1: { $not: null } })).toEqual(['k1', 'k2', 'k4', 'k5', 'k6', 'k7', 'k8']);
    });

    it('$gt, $gte, $lt, $lte and their combinations', async () => {
      expect(await keys({ range_key1: { $gt: 2 } })).toEqual(['k4', 'k7', 'k8']);
      expect(await keys({ range_key1: { $gte: 2 } })).toEqual(['k2', 'k4', 'k6', 'k7', 'k8']);
      expect(await keys({ range_key1: { $lt: 2 } })).toEqual(['k1', 'k5']);
      expect(await keys({ range_key1: { $lte: 2 } })).toEqual(['k1', 'k2', 'k5', 'k6']);
      expect(await keys({ range_key1: { $gt: 1, $lte: 3 } })).toEqual(['k2', 'k6', 'k8']);
      expect(await keys({ range_key1: { $gte: -5, $lt: 1 } })).toEqual(['k5']);
    });

    it('compares 64-bit values exactly', async () => {
      expect(await keys({ range_key2: 6275438399 })).toEqual(['k1']);
      expect(await keys({ range_key2: { $gt: 6275438398 } })).toEqual(['k1']);
      expect(await keys({ range_key2: { $gt: 6275438399 } })).toEqual([]);
    });

    it('filters version (default 0)', async () => {
      expect(await keys({ version: 0 })).toEqual(['k1', 'k4', 'k6', 'k7', 'k8']);
      expect(await keys({ version: [1, 3] })).toEqual(['k2', 'k5']);
      expect(await keys({ version: { $gt: 1 } })).toEqual(['k3', 'k5']);
      expect(await keys({ version: { $not: 0 } })).toEqual(['k2', 'k3', 'k5']);
    });
  });

  describe('dates', () => {
    it.each([
      '2031-01-01T00:00:00Z',
      '2031-01-01T00:00:00+00:00',
      '2031-01-01T00:00:00+0000',
      '2031-01-01T00:00:00+00',
      '2031-01-01T02:00:00+02:00',
      '2030-12-31T19:00:00-0500',
      '2031-01-01T00:00:00',
      '2031-01-01T00:00',
      '2031-01-01T00:00:00.000000Z',
      '2031-01-01T00:00:00.000000000+00:00',
    ])('compares instants whatever the offset form: %s', async (instant) => {
      expect(await keys({ expires_at: { $gt: instant } })).toEqual(['k3', 'k6']);
      expect(await keys({ expires_at: { $gte: instant } })).toEqual(['k2', 'k3', 'k6']);
      expect(await keys({ expires_at: { $lt: instant } })).toEqual(['k5']);
      expect(await keys({ expires_at: { $lte: instant } })).toEqual(['k2', 'k5']);
      expect(await keys({ expires_at: instant })).toEqual(['k2']);
    });

    it('keeps microseconds', async () => {
      expect(await keys({ expires_at: '2031-06-01T12:00:00.123456Z' })).toEqual(['k3']);
      expect(await keys({ expires_at: '2031-06-01T14:00:00.123456+02:00' })).toEqual(['k3']);
      expect(await keys({ expires_at: '2031-06-01T12:00:00.123Z' })).toEqual([]);
      expect(await keys({ expires_at: { $gt: '2031-06-01T12:00:00.123455Z' } })).toEqual(['k3', 'k6']);
      expect(await keys({ expires_at: { $gt: '2031-06-01T12:00:00.123456Z' } })).toEqual(['k6']);
    });

    it('null, {$not: null}, $not and lists', async () => {
      expect(await keys({ expires_at: null })).toEqual(['k1', 'k4', 'k7', 'k8']);
      expect(await keys({ expires_at: { $not: null } })).toEqual(['k2', 'k3', 'k5', 'k6']);
      expect(await keys({ expires_at: { $not: '2031-01-01T00:00:00Z' } })).toEqual([
        'k1',
        'k3',
        'k4',
        'k5',
        'k6',
        'k7',
        'k8',
      ]);
      expect(await keys({ expires_at: ['2031-01-01T00:00:00Z', '2030-06-01T00:00:00+00:00'] })).toEqual([
        'k2',
        'k5',
      ]);
    });

    it('filters created_at and updated_at', async () => {
      const iso = (s: number) => at(s).toISOString();
      expect(await keys({ created_at: { $gte: iso(3), $lt: iso(6) } })).toEqual(['k3', 'k4', 'k5']);
      expect(await keys({ created_at: { $gt: '2030-01-01T00:00:05' } })).toEqual(['k6', 'k7', 'k8']);
      expect(await keys({ updated_at: { $lte: '2030-01-01T01:00:02+01:00' } })).toEqual(['k1', 'k2']);
      expect(await keys({ created_at: iso(4) })).toEqual(['k4']);
    });
  });

  describe('$or', () => {
    it('ORs branches and ANDs the $or with the rest', async () => {
      expect(await keys({ $or: [{ key1: 'Alpha' }, { key2: 'y' }] })).toEqual(['k1', 'k3']);
      expect(await keys({ $or: [{ key1: 'Alpha' }, { key2: 'x' }], range_key1: { $gte: 3 } })).toEqual([
        'k4',
        'k8',
      ]);
    });

    it('supports null, $not and lists in branches, and ANDs inside a branch', async () => {
      expect(await keys({ $or: [{ key1: null }, { key2: { $not: 'x' } }] })).toEqual([
        'k2',
        'k3',
        'k4',
        'k5',
        'k7',
      ]);
      expect(await keys({ $or: [{ key1: 'alpha', key2: null }, { profile_key: 'p1' }] })).toEqual([
        'k1',
        'k2',
      ]);
      expect(
        await keys({ $or: [{ key1: ['beta', 'Beta'] }, { key2: { $not: null }, key1: { $not: null } }] }),
      ).toEqual(['k1', 'k3', 'k5', 'k6', 'k7', 'k8']);
    });
  });

  describe('$like and search_keys', () => {
    it('$like is a case-sensitive substring test', async () => {
      expect(await keys({ key1: { $like: 'lpha' } })).toEqual(['k1', 'k2']);
      expect(await keys({ key1: { $like: 'Alp' } })).toEqual(['k1']);
      expect(await keys({ key1: { $like: 'alp' } })).toEqual(['k2']);
      expect(await keys({ key1: { $like: 'é' } })).toEqual(['k8']);
    });

    it('$like treats %, _ and \\ as plain characters', async () => {
      expect(await keys({ key1: { $like: '%' } })).toEqual(['k5']);
      expect(await keys({ key1: { $like: '_' } })).toEqual(['k5']);
      expect(await keys({ key1: { $like: '50%_' } })).toEqual(['k5']);
      expect(await keys({ key1: { $like: '0 p' } })).toEqual(['k6']);
      expect(await keys({ key3: { $like: 'a_b' } })).toEqual([]);
      expect(await keys({ key3: { $like: 'a%b' } })).toEqual([]);
      expect(await keys({ key3: { $like: '\\' } })).toEqual(['k5']);
    });

    it('search_keys matches a substring of any key1..key20, case-sensitively', async () => {
      expect(await keys({ search_keys: 'needle' })).toEqual(['k4']);
      expect(await keys({ search_keys: 'in-20' })).toEqual(['k4']);
      expect(await keys({ search_keys: 'eta' })).toEqual(['k3', 'k7']);
      expect(await keys({ search_keys: 'Bet' })).toEqual(['k7']);
      expect(await keys({ search_keys: 'one' })).toEqual(['k1']);
      expect(await keys({ search_keys: 'eta', range_key1: { $gt: 50 } })).toEqual(['k7']);
    });

    it('search_keys treats % and _ as plain characters', async () => {
      expect(await keys({ search_keys: '%_o' })).toEqual(['k5']);
      expect(await keys({ search_keys: 'e_i' })).toEqual([]);
      expect(await keys({ search_keys: 'e%n' })).toEqual([]);
    });
  });

  describe('sort', () => {
    it('null is the largest value: asc puts nulls last, desc first; ties keep insertion order', async () => {
      expect(await keys({}, [{ range_key1: 'asc' }])).toEqual([
        'k5',
        'k1',
        'k2',
        'k6',
        'k8',
        'k4',
        'k7',
        'k3',
      ]);
      expect(await keys({}, [{ range_key1: 'desc' }])).toEqual([
        'k3',
        'k7',
        'k4',
        'k8',
        'k2',
        'k6',
        'k1',
        'k5',
      ]);
      expect(await keys({}, [{ expires_at: 'asc' }])).toEqual([
        'k5',
        'k2',
        'k3',
        'k6',
        'k1',
        'k4',
        'k7',
        'k8',
      ]);
      expect(await keys({}, [{ expires_at: 'desc' }])).toEqual([
        'k1',
        'k4',
        'k7',
        'k8',
        'k6',
        'k3',
        'k2',
        'k5',
      ]);
    });

    it('orders strings by code point', async () => {
      expect(await keys({}, [{ key1: 'asc' }])).toEqual(['k6', 'k5', 'k1', 'k7', 'k2', 'k3', 'k8', 'k4']);
      expect(await keys({}, [{ key1: 'desc' }])).toEqual(['k4', 'k8', 'k3', 'k2', 'k7', 'k1', 'k5', 'k6']);
    });

    it('applies several keys in list order', async () => {
      expect(await keys({}, [{ key2: 'asc' }, { range_key1: 'desc' }])).toEqual([
        'k4',
        'k8',
        'k6',
        'k1',
        'k3',
        'k5',
        'k7',
        'k2',
      ]);
      expect(await keys({ key2: 'x' }, [{ created_at: 'desc' }])).toEqual(['k8', 'k6', 'k4', 'k1']);
    });

    it('sorts dates as instants', async () => {
      expect(await keys({}, [{ created_at: 'desc' }])).toEqual([...ALL].reverse());
      expect(await keys({}, [{ updated_at: 'asc' }])).toEqual(ALL);
    });
  });

  describe('paging', () => {
    it('pages through a sorted result without overlap or gaps, with a stable total', async () => {
      const sort = [{ key2: 'asc' as const }];
      const full = await find({ options: { limit: 100, offset: 0, sort } });
      const pages = [];
      for (const offset of [0, 3, 6]) {
        const page = await find({ options: { limit: 3, offset, sort } });
        expect(page.total).toBe(8);
        pages.push(...page.keys);
      }
      expect(pages).toEqual(full.keys);
      expect(full.keys).toEqual(['k1', 'k4', 'k6', 'k8', 'k3', 'k5', 'k2', 'k7']);
    });

    it('counts all matches, not the page; past the end the page is empty and total is kept', async () => {
      expect(await find({ options: { limit: 1, offset: 0 } })).toEqual({ keys: ['k1'], total: 8 });
      expect(await find({ filter: { key2: 'x' }, options: { limit: 2, offset: 1 } })).toEqual({
        keys: ['k4', 'k6'],
        total: 4,
      });
      expect(await find({ filter: { key2: 'x' }, options: { limit: 10, offset: 1 } })).toEqual({
        keys: ['k4', 'k6', 'k8'],
        total: 4,
      });
      expect(await find({ filter: { key2: 'x' }, options: { limit: 4, offset: 0 } })).toEqual({
        keys: ['k1', 'k4', 'k6', 'k8'],
        total: 4,
      });
      expect(await find({ options: { limit: 10, offset: 8 } })).toEqual({ keys: [], total: 8 });
      expect(await find({ filter: { key2: 'x' }, options: { limit: 10, offset: 100 } })).toEqual({
        keys: [],
        total: 4,
      });
      expect(await find({ filter: { key1: 'nobody' } })).toEqual({ keys: [], total: 0 });
    });
  });

  describe('isolation', () => {
    it('never returns another environment or country', async () => {
      expect(await keys({ key1: 'Alpha' })).toEqual(['k1']);
      expect(await find({}, { environmentId: 'env-b', country: 'us' })).toEqual({ keys: ['k1'], total: 1 });
      expect(await find({}, { environmentId: 'env-a', country: 'de' })).toEqual({ keys: ['k1'], total: 1 });
      expect(await find({}, { environmentId: 'env-c', country: 'us' })).toEqual({ keys: [], total: 0 });
    });
  });

  describe('queries reused across filters of one shape', () => {
    it('answers each filter of a shape with its own values', async () => {
      expect(await keys({ key1: 'Alpha' })).toEqual(['k1']);
      expect(await keys({ key1: 'beta' })).toEqual(['k3']);
      expect(await keys({ key2: ['x', 'y'], range_key1: { $gt: 1, $lte: 3 } })).toEqual(['k6', 'k8']);
      expect(await keys({ key2: ['z', 'y'], range_key1: { $gt: -10, $lte: 0 } })).toEqual(['k5']);
      expect(await keys({ $or: [{ key1: 'Beta' }, { key2: { $not: 'x' } }] })).toEqual([
        'k2',
        'k3',
        'k5',
        'k7',
      ]);
      expect(await keys({ $or: [{ key1: 'alpha' }, { key2: { $not: 'z' } }] })).toEqual([
        'k1',
        'k2',
        'k3',
        'k4',
        'k6',
        'k7',
        'k8',
      ]);
      expect(await keys({ search_keys: 'needle' })).toEqual(['k4']);
      expect(await keys({ search_keys: 'eta' })).toEqual(['k3', 'k7']);
      expect(await keys({ key1: { $like: 'lph' } })).toEqual(['k1', 'k2']);
      expect(await keys({ key1: { $like: 'off' } })).toEqual(['k5', 'k6']);
    });

    it('keeps sort directions, page positions and totals apart', async () => {
      const page = (offset: number, direction: 'asc' | 'desc') =>
        find({ filter: { key2: 'x' }, options: { limit: 2, offset, sort: [{ range_key1: direction }] } });
      expect(await page(0, 'asc')).toEqual({ keys: ['k1', 'k6'], total: 4 });
      expect(await page(0, 'desc')).toEqual({ keys: ['k4', 'k8'], total: 4 });
      expect(await page(2, 'asc')).toEqual({ keys: ['k8', 'k4'], total: 4 });
      expect(await page(2, 'desc')).toEqual({ keys: ['k6', 'k1'], total: 4 });
    });

    it('still checks every value of a filter whose shape was accepted before', async () => {
      // Past the wire schema, as an in-process caller could: the store's own checks must still hold.
      const unchecked = async (filter: Record<string, unknown>) => {
        const request = { ...findRequestSchema.parse({}), filter } as FindRequest;
        return (await store.find(SCOPE, request, NOW)).records.map((r) => r.record_key);
      };
      expect(await unchecked({ created_at: { $gt: '2030-01-01T00:00:07Z' } })).toEqual(['k8']);
      await expect(unchecked({ created_at: { $gt: 'not a date' } })).rejects.toThrow(
        /^created_at\.\$gt: expected an ISO-8601 date-time/,
      );
      expect(await unchecked({ key1: { $not: 'x' }, range_key1: [1, 100] })).toEqual(['k1', 'k7']);
      await expect(unchecked({ key1: { $not: 'x' }, range_key1: [1, 2n ** 70n] })).rejects.toThrow(
        /^range_key1\.1: expected an integer within the signed 64-bit range/,
      );
    });
  });

  it('returns full records with attachments arrays', async () => {
    const { records } = await store.find(
      SCOPE,
      findRequestSchema.parse({ filter: { record_key: 'k3' } }),
      NOW,
    );
    expect(records[0]).toMatchObject({
      record_key: 'k3',
      key1: 'beta',
      key2: 'y',
      range_key1: null,
      version: 2,
      is_encrypted: null,
      body: null,
      expires_at: '2031-06-01T12:00:00.123456+00:00',
      created_at: '2030-01-01T00:00:03.000000+00:00',
      attachments: [],
    });
  });
});
