import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_FIELDS } from '../../src/fields.js';
import { errorBodySchema, findResponseSchema, wireFullRecordSchema } from '../../src/wire/index.js';
import { loadVectors } from '../support/vectors.js';
import { startTestPop, type TestPop, type TestResponse } from './support/test-pop.js';

const US = '/v2/storage/records/us';
let t: TestPop;

beforeAll(async () => {
  t = await startTestPop();
});
afterAll(() => t.close());

function expectError(response: TestResponse, status: number, source?: string): void {
  expect(response.status).toBe(status);
  expect(errorBodySchema.parse(response.json).errors.length).toBeGreaterThan(0);
  if (source !== undefined)
    expect(response.json.errors.map((e: { source: string }) => e.source)).toContain(source);
}

describe('write', () => {
  it('answers 201 with the full record shape: every field, nulls included', async () => {
    const response = await t.call('POST', `${US}`, {
      body: {
        record_key: 'w-full',
        key1: 'k1',
        range_key1: 6275438399,
        body: 'b',
        version: 2,
        is_encrypted: true,
      },
    });
    expect(response.status).toBe(201);
    const record = wireFullRecordSchema.parse(response.json);
    expect(Object.keys(response.json).sort()).toEqual([...RECORD_FIELDS].sort());
    expect(record).toMatchObject({ record_key: 'w-full', key1: 'k1', key2: null, range_key1: 6275438399 });
    expect(record).toMatchObject({
      body: 'b',
      precommit_body: null,
      version: 2,
      is_encrypted: true,
      expires_at: null,
    });
    expect(record.attachments).toEqual([]);
  });

  it('treats the country in the path case-insensitively', async () => {
    expect((await t.call('POST', '/v2/storage/records/DE', { body: { record_key: 'ci' } })).status).toBe(201);
    expect((await t.call('GET', '/v2/storage/records/de/ci')).status).toBe(200);
    expect((await t.call('GET', '/v2/storage/records/De/ci')).status).toBe(200);
  });

  it('upserts: keeps created_at, nulls fields left out, defaults version to 0', async () => {
    const first = (await t.call('POST', US, { body: { record_key: 'up', key1: 'a', range_key2: 1 } })).json;
    const second = await t.call('POST', US, { body: { record_key: 'up', key2: 'b' } });
    expect(second.status).toBe(201);
    expect(second.json).toMatchObject({ key1: null, key2: 'b', range_key2: null, version: 0 });
    expect(second.json.created_at).toBe(first.created_at);
    expect(Date.parse(second.json.updated_at)).toBeGreaterThanOrEqual(Date.parse(first.updated_at));
  });

  it('drops read-only and unknown fields instead of failing', async () => {
    const response = await t.call('POST', US, {
      body: { record_key: 'ro', created_at: '2000-01-01T00:00:00Z', attachments: [], nonsense: 1 },
    });
    expect(response.status).toBe(201);
    expect(response.json.created_at).not.toBe('2000-01-01T00:00:00Z');
    expect(response.json).not.toHaveProperty('nonsense');
  });

  it.each([
    ['a missing record_key', { body: 'x' }, 'body.record_key'],
    ['a numeric record_key', { record_key: 42 }, 'body.record_key'],
    ['an empty record_key', { record_key: '' }, 'body.record_key'],
    ['a fractional range key', { record_key: 'k', range_key1: 1.5 }, 'body.range_key1'],
    ['a bad expires_at', { record_key: 'k', expires_at: 'tomorrow' }, 'body.expires_at'],
    ['a negative version', { record_key: 'k', version: -1 }, 'body.version'],
    ['an array body', [1, 2], 'body'],
  ])('answers 400 naming the field for %s', async (_name, body, source) => {
    expectError(await t.call('POST', US, { body }), 400, source);
  });

  it('answers 400 without echoing the offending value', async () => {
    const response = await t.call('POST', US, {
      body: { record_key: 'k', key1: { secret: 'CANARY-VALUE' } },
    });
    expectError(response, 400, 'body.key1');
    expect(response.text).not.toContain('CANARY-VALUE');
  });

  it('answers 400 for malformed JSON and for no body at all', async () => {
    const headers = { 'content-type': 'application/json' };
    expectError(await t.call('POST', US, { body: '{"record_key": ', headers }), 400, 'body');
    expectError(await t.call('POST', US, { body: '', headers }), 400, 'body');
    expectError(await t.call('POST', US), 400, 'body');
  });

  it('answers 415 for a body that is not JSON', async () => {
    expectError(
      await t.call('POST', US, { body: 'record_key=k', headers: { 'content-type': 'text/plain' } }),
      415,
    );
    const form = await t.call('POST', US, {
      body: 'record_key=k',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectError(form, 415, 'header.content-type');
  });

  it('answers 413 for a JSON body over the limit', async () => {
    const small = await startTestPop({ maxJsonBytes: 4096 });
    try {
      expectError(await small.call('POST', US, { body: { record_key: 'big', body: 'x'.repeat(8192) } }), 413);
    } finally {
      await small.close();
    }
  });

  it('answers 400 for a country that is not two letters', async () => {
    expectError(
      await t.call('POST', '/v2/storage/records/usa', { body: { record_key: 'k' } }),
      400,
      'path.country',
    );
    expectError(await t.call('GET', '/v2/storage/records/u1/k'), 400, 'path.country');
  });

  it('accepts the date-time forms every SDK sends', async () => {
    for (const expires of [
      '2999-01-31T12:36:52.607Z',
      '2999-01-31T12:36:52.607534+00:00',
      '2999-01-31T12:36:52.607+0000',
    ]) {
      const response = await t.call('POST', US, { body: { record_key: 'dates', expires_at: expires } });
      expect(response.status).toBe(201);
      expect(Date.parse(response.json.expires_at)).toBe(Date.parse('2999-01-31T12:36:52.607Z'));
    }
  });
});

describe('batch write', () => {
  it('answers 201 with every stored record', async () => {
    const records = Array.from({ length: 100 }, (_, i) => ({ record_key: `bw-${i}`, range_key1: i }));
    const response = await t.call('POST', `${US}/batchWrite`, { body: { records } });
    expect(response.status).toBe(201);
    expect(response.json.records).toHaveLength(100);
    for (const record of response.json.records) wireFullRecordSchema.parse(record);
  });

  it('answers 400 for an empty batch, more than 100 records, or a bad record', async () => {
    expectError(await t.call('POST', `${US}/batchWrite`, { body: { records: [] } }), 400, 'body.records');
    const tooMany = Array.from({ length: 101 }, (_, i) => ({ record_key: `x${i}` }));
    expectError(
      await t.call('POST', `${US}/batchWrite`, { body: { records: tooMany } }),
      400,
      'body.records',
    );
    const bad = await t.call('POST', `${US}/batchWrite`, {
      body: { records: [{ record_key: 'ok' }, { key1: 'x' }] },
    });
    expectError(bad, 400, 'body.records.1.record_key');
    expect((await t.call('GET', `${US}/ok`)).status).toBe(404);
  });
});

describe('read', () => {
  it('answers 200 with the record and 404 for a missing one', async () => {
    await t.call('POST', US, { body: { record_key: 'r1', key3: 'three' } });
    const response = await t.call('GET', `${US}/r1`);
    expect(response.status).toBe(200);
    expect(wireFullRecordSchema.parse(response.json)).toMatchObject({ record_key: 'r1', key3: 'three' });
    expectError(await t.call('GET', `${US}/missing`), 404, 'path.key');
  });

  it('hides records whose expires_at has passed', async () => {
    await t.call('POST', US, { body: { record_key: 'expired', expires_at: '2001-01-01T00:00:00Z' } });
    expectError(await t.call('GET', `${US}/expired`), 404);
    expectError(await t.call('DELETE', `${US}/expired`), 404);
  });

  it('reads keys that need percent-encoding (SSE keys are plain text)', async () => {
    const key = 'user 1+2 ünïcode';
    expect((await t.call('POST', US, { body: { record_key: key } })).status).toBe(201);
    const response = await t.call('GET', `${US}/${encodeURIComponent(key)}`);
    expect(response.json.record_key).toBe(key);
  });
});

describe('find', () => {
  beforeAll(async () => {
    const records = Array.from({ length: 30 }, (_, i) => ({
      record_key: `f-${i}`,
      key1: i % 2 === 0 ? 'even' : 'odd',
      range_key3: i,
    }));
    await t.call('POST', '/v2/storage/records/fr/batchWrite', { body: { records } });
  });

  it('answers data and meta {count, limit, offset, total}', async () => {
    const response = await t.call('POST', '/v2/storage/records/fr/find', {
      body: {
        filter: { key1: 'even', range_key3: { $gte: 10 } },
        options: { limit: 3, offset: 1, sort: [{ range_key3: 'desc' }] },
      },
    });
    expect(response.status).toBe(200);
    const result = findResponseSchema.parse(response.json);
    expect(result.meta).toEqual({ count: 3, limit: 3, offset: 1, total: 10 });
    expect(result.data.map((r) => r.range_key3)).toEqual([26, 24, 22]);
    for (const record of response.json.data) wireFullRecordSchema.parse(record);
  });

  it('defaults to limit 100, offset 0 and an empty filter', async () => {
    const response = await t.call('POST', '/v2/storage/records/fr/find', { body: {} });
    expect(response.json.meta).toEqual({ count: 30, limit: 100, offset: 0, total: 30 });
  });

  it.each([
    ['limit above 100', { options: { limit: 101 } }, 'body.options.limit'],
    ['limit 0', { options: { limit: 0 } }, 'body.options.limit'],
    ['negative offset', { options: { offset: -1 } }, 'body.options.offset'],
    ['an unknown field', { filter: { nope: 1 } }, 'body.filter.nope'],
    ['$gt with $gte', { filter: { range_key1: { $gt: 1, $gte: 2 } } }, 'body.filter.range_key1'],
    ['an unsortable field', { options: { sort: [{ body: 'asc' }] } }, 'body.options.sort.0.body'],
    ['search_keys with key1', { filter: { search_keys: 'abc', key1: 'x' } }, 'body.filter.search_keys'],
  ])('answers 400 for %s', async (_name, body, source) => {
    expectError(await t.call('POST', `${US}/find`, { body }), 400, source);
  });
});

describe('find requests built by the Java SDK', () => {
  const vectors = loadVectors<{ vectors: Array<{ id: string; expected_request_body: unknown }> }>(
    'find-requests',
  );
  it.each(vectors.vectors.map((v) => [v.id, v.expected_request_body] as const))(
    'accepts %s',
    async (_id, body) => {
      const response = await t.call('POST', `${US}/find`, { body });
      expect(response.status).toBe(200);
      findResponseSchema.parse(response.json);
    },
  );
});

describe('wire record vectors', () => {
  const vectors = loadVectors<{ vectors: Array<{ id: string; api_record: Record<string, unknown> }> }>(
    'records',
  );
  it.each(vectors.vectors.map((v) => [v.id, v.api_record] as const))(
    'stores %s as given',
    async (_id, record) => {
      const written = await t.call('POST', '/v2/storage/records/gb', { body: record });
      expect(written.status).toBe(201);
      const read = await t.call('GET', `/v2/storage/records/gb/${record.record_key}`);
      for (const [field, value] of Object.entries(record)) {
        if (field === 'expires_at') expect(Date.parse(read.json[field])).toBe(Date.parse(value as string));
        else expect(read.json[field]).toEqual(value);
      }
    },
  );
});

describe('delete and batch delete', () => {
  it('delete answers 200 {} and then the record is gone; a missing one is 404', async () => {
    await t.call('POST', US, { body: { record_key: 'd1' } });
    const response = await t.call('DELETE', `${US}/d1`);
    expect(response.status).toBe(200);
    expect(response.json).toEqual({});
    expectError(await t.call('GET', `${US}/d1`), 404);
    expectError(await t.call('DELETE', `${US}/d1`), 404);
  });

  it('accepts a bodiless DELETE that still says Content-Type: application/json (the Node SDK does)', async () => {
    await t.call('POST', US, { body: { record_key: 'd2' } });
    const response = await t.call('DELETE', `${US}/d2`, {
      body: '',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(200);
  });

  it('batch delete answers 200 {}; one missing key is a 404 and deletes nothing', async () => {
    await t.call('POST', `${US}/batchWrite`, {
      body: { records: [{ record_key: 'bd1' }, { record_key: 'bd2' }, { record_key: 'bd3' }] },
    });
    const ok = await t.call('POST', `${US}/batchDelete`, {
      body: { filter: { record_key: ['bd1', 'bd2'] } },
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({});
    expectError(
      await t.call('POST', `${US}/batchDelete`, { body: { filter: { record_key: ['bd3', 'nope'] } } }),
      404,
    );
    expect((await t.call('GET', `${US}/bd3`)).status).toBe(200);
    expectError(
      await t.call('POST', `${US}/batchDelete`, { body: { filter: { record_key: [] } } }),
      400,
      'body.filter.record_key',
    );
    expectError(await t.call('POST', `${US}/batchDelete`, { body: { filter: { key1: ['x'] } } }), 400);
  });
});

describe('auth, health check and unknown routes', () => {
  it('answers 401 without a token, with a wrong token, and without x-env-id', async () => {
    expectError(await t.call('GET', `${US}/r1`, { anonymous: true }), 401, 'header.authorization');
    expectError(await t.call('GET', `${US}/r1`, { token: 'not-a-token' }), 401, 'header.authorization');
    const noEnv = await t.call('GET', `${US}/r1`, {
      anonymous: true,
      headers: { authorization: `Bearer ${t.token}` },
    });
    expectError(noEnv, 401, 'header.x-env-id');
    expect(noEnv.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('checks auth before validating the body', async () => {
    expectError(await t.call('POST', US, { anonymous: true, body: { nope: true } }), 401);
  });

  it('health check answers 200 with auth and 401 without', async () => {
    expect((await t.call('GET', '/healthcheck')).status).toBe(200);
    expectError(await t.call('GET', '/healthcheck', { anonymous: true }), 401);
  });

  it('answers unknown routes and methods with 404 in the error format', async () => {
    expectError(await t.call('GET', '/nope'), 404, 'path');
    expectError(await t.call('PUT', `${US}/r1`), 404);
    expectError(await t.call('GET', '/v2/storage/records/us/a/b/c/d/e'), 404);
  });

  it('answers a malformed URL with 400, not 500', async () => {
    expectError(await t.call('GET', `${US}/%E0%A4%A`), 400);
  });
});

describe('bad input never yields a 500', () => {
  const json = fc.jsonValue({ maxDepth: 3 });
  const paths = [US, `${US}/batchWrite`, `${US}/find`, `${US}/batchDelete`];

  it('for arbitrary JSON bodies on every JSON route', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), json, async (path, body) => {
        const response = await t.call('POST', path, {
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        });
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) errorBodySchema.parse(response.json);
      }),
      { numRuns: 150 },
    );
  });

  it('for arbitrary text in path segments', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), fc.string({ maxLength: 200 }), async (country, key) => {
        const path = `/v2/storage/records/${encodeURIComponent(country)}/${encodeURIComponent(key)}`;
        const response = await t.call('GET', path);
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
  });
});
