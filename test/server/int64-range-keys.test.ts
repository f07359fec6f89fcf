/**
 * Range keys are 64-bit signed integers (docs/protocol.md#record-fields): the PoP must hold the whole range exactly, from
 * the request text through the database back to the response text, on SQLite and PostgreSQL. Bodies are
 * written and read as raw JSON text, because JSON.parse on the test side would round them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson } from '../../src/wire/json-codec.js';
import { popDatabases, startPopOn } from './support/pop-databases.js';
import type { TestPop } from './support/test-pop.js';

const US = '/v2/storage/records/us';
const postgresUrl = process.env.POP_TEST_POSTGRES_URL;
if (postgresUrl === undefined)
  console.warn('[skipped] 64-bit range keys on PostgreSQL: set POP_TEST_POSTGRES_URL');

/** Values around the edges: ±2^53, ±2^62, ±(2^63 − 1), −2^63. */
const EDGES: Record<string, string> = {
  'max-1': '9223372036854775806',
  max: '9223372036854775807',
  min: '-9223372036854775808',
  'min+1': '-9223372036854775807',
  'p62+3': '4611686018427387907',
  n62: '-4611686018427387904',
  p53p1: '9007199254740993',
  p53: '9007199254740992',
  safe: '9007199254740991',
  n53p1: '-9007199254740993',
  zero: '0',
};

describe.each(popDatabases())('64-bit range keys through the PoP on %s', (_name, database) => {
  let t: TestPop;

  beforeAll(async () => {
    t = await startPopOn(database);
    const records = Object.entries(EDGES)
      .map(([key, value]) => `{"record_key":"${key}","range_key1":${value},"range_key2":${value}}`)
      .join(',');
    const response = await t.call('POST', `${US}/batchWrite`, {
      body: `{"records":[${records}]}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(201);
    for (const value of Object.values(EDGES)) expect(response.text).toContain(`"range_key1":${value},`);
  });

  afterAll(() => t?.close());

  async function find(body: string): Promise<{ keys: string[]; text: string; status: number }> {
    const response = await t.call('POST', `${US}/find`, {
      body,
      headers: { 'content-type': 'application/json' },
    });
    const parsed = parseJson(response.text) as { data?: { record_key: string }[] };
    return {
      keys: (parsed.data ?? []).map((r) => r.record_key),
      text: response.text,
      status: response.status,
    };
  }

  it('writes one record and reads the exact digits back', async () => {
    const write = await t.call('POST', US, {
      body: '{"record_key":"single","range_key3":-9223372036854775808,"range_key4":9223372036854775807}',
      headers: { 'content-type': 'application/json' },
    });
    expect(write.status).toBe(201);
    const read = await t.call('GET', `${US}/single`);
    expect(read.text).toContain('"range_key3":-9223372036854775808');
    expect(read.text).toContain('"range_key4":9223372036854775807');
  });

  it('reads every edge value exactly, and safe values as ordinary JSON numbers', async () => {
    for (const [key, value] of Object.entries(EDGES)) {
      const read = await t.call('GET', `${US}/${key}`);
      expect(read.status).toBe(200);
      expect(read.text).toContain(`"range_key1":${value},`);
    }
  });

  it('finds by equality, lists, $not and comparisons without rounding neighbours together', async () => {
    expect((await find('{"filter":{"range_key1":9223372036854775807}}')).keys).toEqual(['max']);
    expect((await find('{"filter":{"range_key1":9007199254740993}}')).keys).toEqual(['p53p1']);
    expect((await find('{"filter":{"range_key1":9007199254740992}}')).keys).toEqual(['p53']);
    expect(
      (await find('{"filter":{"range_key1":[9223372036854775806,-9223372036854775808]}}')).keys.sort(),
    ).toEqual(['max-1', 'min']);
    const not = await find('{"filter":{"range_key1":{"$not":[9223372036854775807,0]}}}');
    // `$not` also matches records whose range_key1 is null ("single" below).
    expect(not.keys.filter((k) => k !== 'single').sort()).toEqual(
      Object.keys(EDGES)
        .filter((k) => k !== 'max' && k !== 'zero')
        .sort(),
    );
    expect((await find('{"filter":{"range_key1":{"$gt":9223372036854775806}}}')).keys).toEqual(['max']);
    expect(
      (await find('{"filter":{"range_key1":{"$gte":9007199254740992,"$lt":9007199254740993}}}')).keys,
    ).toEqual(['p53']);
    expect((await find('{"filter":{"range_key1":{"$lte":-9223372036854775807}}}')).keys.sort()).toEqual([
      'min',
      'min+1',
    ]);
  });

  it('sorts by the exact values in both directions', async () => {
    const byValue = Object.entries(EDGES)
      .sort(([, a], [, b]) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0))
      .map(([key]) => key);
    const filter = `"filter":{"record_key":${JSON.stringify(Object.keys(EDGES))}}`;
    expect((await find(`{${filter},"options":{"sort":[{"range_key2":"asc"}]}}`)).keys).toEqual(byValue);
    expect((await find(`{${filter},"options":{"sort":[{"range_key2":"desc"}]}}`)).keys).toEqual(
      [...byValue].reverse(),
    );
  });

  it.each([
    ['2^63', '9223372036854775808'],
    ['-2^63 - 1', '-9223372036854775809'],
    ['a 20-digit number', '12345678901234567890123'],
    ['a fraction', '1.5'],
    ['an exponent past 2^53', '1e19'],
  ])('refuses %s with one 400 item naming the field', async (_label, value) => {
    const write = await t.call('POST', US, {
      body: `{"record_key":"bad","range_key1":${value}}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(write.status).toBe(400);
    expect(write.json.errors).toHaveLength(1);
    expect(write.json.errors[0].source).toBe('body.range_key1');
    const batch = await t.call('POST', `${US}/batchWrite`, {
      body: `{"records":[{"record_key":"ok"},{"record_key":"bad","range_key5":${value}}]}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(batch.status).toBe(400);
    expect(batch.json.errors.map((e: { source: string }) => e.source)).toEqual(['body.records.1.range_key5']);
    const filter = await find(`{"filter":{"range_key1":{"$not":[1,${value}]}}}`);
    expect(filter.status).toBe(400);
    expect((JSON.parse(filter.text) as { errors: { source: string }[] }).errors.map((e) => e.source)).toEqual(
      ['body.filter.range_key1'],
    );
  });
});
