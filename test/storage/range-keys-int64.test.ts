/**
 * 64-bit range keys through the public API, end to end over HTTP on SQLite and PostgreSQL: values written
 * by another SDK (raw HTTP) are read, found and sorted exactly; arbitrary int64 values round-trip through
 * write, read, find and sort; values a double cannot hold come back as bigints, safe ones as numbers.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EncryptionType, InputValidationError, type Storage } from '../../src/index.js';
import { canonicalInt64, INT64_MAX, INT64_MIN } from '../../src/wire/int64.js';
import { popDatabases, startPopOn } from '../server/support/pop-databases.js';
import type { TestPop } from '../server/support/test-pop.js';
import { storageFor } from './support/storages.js';

const postgresUrl = process.env.POP_TEST_POSTGRES_URL;
if (postgresUrl === undefined)
  console.warn('[skipped] 64-bit range keys on PostgreSQL: set POP_TEST_POSTGRES_URL');

const P53 = 2n ** 53n;
const P62 = 2n ** 62n;
/** Around ±2^53, ±2^62 and ±(2^63 − 1), as another SDK (Java `Long`, Python `int`) may store them. */
const EDGE_VALUES = [
  INT64_MIN,
  INT64_MIN + 1n,
  -P62 - 1n,
  -P62,
  -P53 - 1n,
  -P53,
  -P53 + 1n,
  -1n,
  0n,
  P53 - 1n,
  P53,
  P53 + 1n,
  P62,
  P62 + 3n,
  INT64_MAX - 1n,
  INT64_MAX,
];

function byValue(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

describe.each(popDatabases())('64-bit range keys through Storage on %s', (_name, database) => {
  let t: TestPop;
  let sse: Storage;
  let off: Storage;

  beforeAll(async () => {
    t = await startPopOn(database);
    sse = await storageFor(t.pop, EncryptionType.SSE);
    off = await storageFor(t.pop, EncryptionType.OFF);
  });

  afterAll(() => t?.close());

  describe('records written by another SDK over raw HTTP', () => {
    const keyOf = (value: bigint) => `raw-${value}`;

    beforeAll(async () => {
      // The exact text a Java or Python client puts on the wire; SSE keeps record keys plain.
      const records = EDGE_VALUES.map(
        (v) => `{"record_key":"${keyOf(v)}","key1":"raw","range_key1":${v},"range_key10":${-v - 1n}}`,
      );
      const response = await t.call('POST', '/v2/storage/records/gb/batchWrite', {
        body: `{"records":[${records.join(',')}]}`,
        headers: { 'content-type': 'application/json', 'x-encrypted-storage': 'true' },
      });
      expect(response.status).toBe(201);
    });

    it('reads them exactly: bigint past ±(2^53 − 1), number otherwise', async () => {
      for (const value of EDGE_VALUES) {
        const { record } = await sse.read('gb', keyOf(value));
        expect(record.range_key1).toBe(canonicalInt64(value));
        expect(record.range_key10).toBe(canonicalInt64(-value - 1n));
        expect(typeof record.range_key1).toBe(
          value >= -(P53 - 1n) && value <= P53 - 1n ? 'number' : 'bigint',
        );
      }
    });

    it('finds them by equality, lists, $not and comparisons (object DSL and builder)', async () => {
      const keys = (page: { data: { record_key: string }[] }) => page.data.map((r) => r.record_key).sort();
      for (const value of [INT64_MAX, INT64_MIN, P53 + 1n, P53, P62 + 3n]) {
        expect(keys(await sse.find('gb', { range_key1: value }))).toEqual([keyOf(value)]);
        expect(keys(await sse.in('gb').where('range_key1').eq(value).find())).toEqual([keyOf(value)]);
      }
      expect(keys(await sse.find('gb', { range_key1: [INT64_MAX - 1n, -P62] }))).toEqual(
        [keyOf(INT64_MAX - 1n), keyOf(-P62)].sort(),
      );
      expect(keys(await sse.find('gb', { range_key1: { $gt: INT64_MAX - 1n } }))).toEqual([keyOf(INT64_MAX)]);
      expect(
        keys(
          await sse
            .in('gb')
            .where('range_key1')
            .gte(P53)
            .where('range_key1')
            .lt(P53 + 1n)
            .find(),
        ),
      ).toEqual([keyOf(P53)]);
      expect(
        keys(
          await sse
            .in('gb')
            .where('range_key1')
            .lte(INT64_MIN + 1n)
            .find(),
        ),
      ).toEqual([keyOf(INT64_MIN), keyOf(INT64_MIN + 1n)].sort());
      const not = await sse.find('gb', { key1: 'raw', range_key1: { $not: [INT64_MAX, 0] } });
      expect(not.data).toHaveLength(EDGE_VALUES.length - 2);
      // A safe number and the equal bigint are the same filter value.
      expect(keys(await sse.find('gb', { range_key1: -(2 ** 53 - 1) }))).toEqual([keyOf(-P53 + 1n)]);
    });

    it('sorts them by the exact values', async () => {
      const expected = [...EDGE_VALUES].sort(byValue).map(keyOf);
      const asc = await sse.in('gb').where('key1').eq('raw').sortBy('range_key1', 'asc').find();
      expect(asc.data.map((r) => r.record_key)).toEqual(expected);
      const desc = await sse.find('gb', { key1: 'raw' }, { sort: [{ range_key10: 'asc' }] });
      expect(desc.data.map((r) => r.record_key)).toEqual([...expected].reverse());
    });
  });

  it('round-trips arbitrary int64 values through write, read, find and sort', async () => {
    const int64 = fc.oneof(
      fc.bigInt({ min: INT64_MIN, max: INT64_MAX }),
      fc.constantFrom(...EDGE_VALUES),
      fc.bigInt({ min: -P53 - 4n, max: -P53 + 4n }),
      fc.bigInt({ min: P53 - 4n, max: P53 + 4n }),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.tuple(int64, fc.boolean()), { minLength: 1, maxLength: 8, selector: ([v]) => v }),
        async (values) => {
          const tag = `run-${run++}`;
          // As a bigint or, when it is safe, as a plain number: both must be stored the same.
          const given = (v: bigint, asNumber: boolean) => {
            const canonical = canonicalInt64(v);
            return asNumber && typeof canonical === 'number' ? canonical : v;
          };
          const [[first, firstAsNumber], ...rest] = values as [[bigint, boolean], ...[bigint, boolean][]];
          await off.write('us', {
            record_key: `${tag}-${first}`,
            key2: tag,
            range_key3: given(first, firstAsNumber),
          });
          if (rest.length > 0)
            await off.batchWrite(
              'us',
              rest.map(([v, asNumber]) => ({
                record_key: `${tag}-${v}`,
                key2: tag,
                range_key3: given(v, asNumber),
              })),
            );
          for (const [v] of values) {
            const { record } = await off.read('us', `${tag}-${v}`);
            expect(record.range_key3).toBe(canonicalInt64(v));
            const found = await off.find('us', { key2: tag, range_key3: v });
            expect(found.data.map((r) => r.record_key)).toEqual([`${tag}-${v}`]);
          }
          const sorted = await off.in('us').where('key2').eq(tag).sortBy('range_key3', 'desc').find();
          expect(sorted.data.map((r) => r.range_key3)).toEqual(
            values
              .map(([v]) => v)
              .sort((a, b) => byValue(b, a))
              .map(canonicalInt64),
          );
        },
      ),
      { numRuns: 12 },
    );
  });

  it('refuses values no 64-bit integer can hold, and numbers that may already be rounded', async () => {
    await expect(off.write('us', { record_key: 'big', range_key1: INT64_MAX + 1n })).rejects.toThrow(
      InputValidationError,
    );
    await expect(off.write('us', { record_key: 'big', range_key1: 2 ** 62 })).rejects.toThrow(/bigint/);
    await expect(off.find('us', { range_key1: { $lt: INT64_MIN - 1n } })).rejects.toThrow(
      InputValidationError,
    );
    expect(() =>
      off
        .in('us')
        .where('range_key1')
        .eq(2 ** 60),
    ).toThrow(InputValidationError);
    expect(() =>
      off
        .in('us')
        .where('range_key1')
        .gt(INT64_MAX + 1n),
    ).toThrow(InputValidationError);
  });
});
