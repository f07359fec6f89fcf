import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StorageConfigValidationError } from '../../src/errors.js';
import {
  errorBodySchema,
  findResponseSchema,
  tokenResponseSchema,
  wireRecordSchema,
} from '../../src/wire/index.js';
import { readResponse, startTestPop, type TestPop } from './support/test-pop.js';

let t: TestPop;
beforeAll(async () => {
  t = await startTestPop();
});
afterAll(() => t.close());
afterEach(async () => {
  t.pop.admin.clearFaults();
});

/** Calls `/_pop/<path>`; state-changing methods send a JSON body (`{}` by default), as the PoP requires. */
async function admin(
  method: string,
  path: string,
  body: unknown = method === 'GET' ? undefined : {},
  headers: Record<string, string> = {},
) {
  return readResponse(
    await fetch(`${t.url}/_pop${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
}

describe('admin endpoints', () => {
  it('GET /_pop/health answers 200 with the store status', async () => {
    const response = await admin('GET', '/health');
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ status: 'ok', store: true });
  });

  it('POST /_pop/reset wipes data and keeps tokens valid', async () => {
    await t.call('POST', '/v2/storage/records/us', { body: { record_key: 'before-reset' } });
    expect((await admin('POST', '/reset')).status).toBe(200);
    expect((await t.call('GET', '/v2/storage/records/us/before-reset')).status).toBe(404);
    expect((await t.call('GET', '/healthcheck')).status).toBe(200);
  });

  it('GET /_pop/requests lists recent requests without bodies, tokens, headers or record keys', async () => {
    await admin('DELETE', '/requests');
    await t.call('POST', '/v2/storage/records/us', {
      body: { record_key: 'CANARY-KEY', body: 'CANARY-BODY' },
      headers: { 'x-custom': 'CANARY-HEADER' },
    });
    await t.call('GET', '/v2/storage/records/US/CANARY-KEY?x=CANARY-QUERY');
    await t.call('GET', '/nope');
    const response = await admin('GET', '/requests');
    expect(response.status).toBe(200);
    expect(response.json.requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/v2/storage/records/us',
        route: 'write',
        status: 201,
        country: 'us',
      }),
      expect.objectContaining({
        method: 'GET',
        path: '/v2/storage/records/US/:key',
        route: 'read',
        status: 200,
        country: 'us',
      }),
      expect.objectContaining({ method: 'GET', path: '/:segment', route: null, status: 404, country: null }),
    ]);
    for (const entry of response.json.requests) {
      expect(Object.keys(entry).sort()).toEqual([
        'country',
        'fault',
        'injectedLatencyMs',
        'latencyMs',
        'method',
        'path',
        'route',
        'seq',
        'status',
        'time',
      ]);
      expect(Number.isNaN(Date.parse(entry.time))).toBe(false);
    }
    for (const secret of ['CANARY', t.token, t.pop.storageOptions.clientSecret])
      expect(response.text).not.toContain(secret);
    expect(JSON.stringify(t.pop.admin.requests())).not.toContain('CANARY');
  });

  it('GET /_pop/requests?limit=N returns the last N; DELETE clears; limit is validated', async () => {
    t.pop.admin.clearRequests();
    for (let i = 0; i < 5; i++) await t.call('GET', `/v2/storage/records/us/k${i}`);
    const response = await admin('GET', '/requests?limit=2');
    expect(response.json.requests).toHaveLength(2);
    expect(t.pop.admin.requests(3)).toHaveLength(3);
    expect((await admin('GET', '/requests?limit=zero')).status).toBe(400);
    expect((await admin('DELETE', '/requests')).status).toBe(200);
    expect(t.pop.admin.requests()).toEqual([]);
  });

  it('keeps only requestLogSize entries', async () => {
    const small = await startTestPop({ requestLogSize: 3 });
    try {
      for (let i = 0; i < 5; i++) await small.call('GET', `/v2/storage/records/us/k${i}`);
      expect(small.pop.admin.requests().map((r) => r.status)).toEqual([404, 404, 404]);
    } finally {
      await small.close();
    }
  });
});

describe('faults over HTTP', () => {
  it('POST /_pop/faults adds a rule (201), GET lists it, DELETE clears', async () => {
    const added = await admin('POST', '/faults', { route: 'read', status: 503 });
    expect(added.status).toBe(201);
    expect(added.json.fault).toMatchObject({
      rule: { route: 'read', status: 503 },
      remaining: null,
      hits: 0,
    });
    expect((await admin('GET', '/faults')).json.faults).toHaveLength(1);
    expect((await admin('DELETE', '/faults')).status).toBe(200);
    expect((await admin('GET', '/faults')).json.faults).toEqual([]);
  });

  it('answers 400 naming the field for an invalid rule', async () => {
    const response = await admin('POST', '/faults', { route: 'everything', status: 42 });
    expect(response.status).toBe(400);
    const sources = response.json.errors.map((e: { source: string }) => e.source);
    expect(sources).toEqual(expect.arrayContaining(['body.route', 'body.status']));
    expect((await admin('POST', '/faults', { route: 'write' })).status).toBe(400);
  });

  it('status + retryAfter: answers in the PoP error format with Retry-After, `times` times', async () => {
    await admin('POST', '/faults', { route: 'write', status: 429, retryAfter: 2, times: 2 });
    for (let i = 0; i < 2; i++) {
      const response = await t.call('POST', '/v2/storage/records/us', { body: { record_key: 'f' } });
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('2');
      errorBodySchema.parse(response.json);
    }
    expect((await t.call('POST', '/v2/storage/records/us', { body: { record_key: 'f' } })).status).toBe(201);
    expect((await admin('GET', '/faults')).json.faults).toEqual([]);
  });

  it('fires before authentication', async () => {
    await admin('POST', '/faults', { route: '*', status: 503 });
    expect((await t.call('GET', '/v2/storage/records/us/x', { anonymous: true })).status).toBe(503);
  });

  it('never applies to the admin endpoints', async () => {
    await admin('POST', '/faults', { route: '*', status: 503 });
    expect((await admin('GET', '/health')).status).toBe(200);
    expect((await admin('DELETE', '/faults')).status).toBe(200);
  });

  it('matches on method and country', async () => {
    await admin('POST', '/faults', { country: 'DE', method: 'get', status: 500 });
    expect((await t.call('GET', '/v2/storage/records/us/none')).status).toBe(404);
    expect((await t.call('POST', '/v2/storage/records/de', { body: { record_key: 'de1' } })).status).toBe(
      201,
    );
    expect((await t.call('GET', '/v2/storage/records/de/de1')).status).toBe(500);
  });

  it('unauthorizedOnce answers 401 once, then lets the request through', async () => {
    await admin('POST', '/faults', { route: 'healthcheck', unauthorizedOnce: true });
    const first = await t.call('GET', '/healthcheck');
    expect(first.status).toBe(401);
    errorBodySchema.parse(first.json);
    expect((await t.call('GET', '/healthcheck')).status).toBe(200);
  });

  it('reset destroys the socket', async () => {
    await admin('POST', '/faults', { route: 'read', reset: true, times: 1 });
    await expect(t.call('GET', '/v2/storage/records/us/x')).rejects.toThrow(/fetch failed/);
    expect(t.pop.admin.requests().at(-1)).toMatchObject({ route: 'read', status: 0 });
    expect((await t.call('GET', '/v2/storage/records/us/x')).status).toBe(404);
  });

  it('malformed answers 200 with a body that breaks the response schema', async () => {
    await admin('POST', '/faults', { malformed: true });
    const find = await t.call('POST', '/v2/storage/records/us/find', { body: {} });
    expect(find.status).toBe(200);
    expect(findResponseSchema.safeParse(find.json).success).toBe(false);
    const read = await t.call('GET', '/v2/storage/records/us/x');
    expect(wireRecordSchema.safeParse(read.json).success).toBe(false);
    const token = await fetch(`${t.url}/oauth2/token`, { method: 'POST' });
    expect(tokenResponseSchema.safeParse(await token.json()).success).toBe(false);
    const del = await t.call('DELETE', '/v2/storage/records/us/x');
    expect(del.status).toBe(200);
    expect(del.json).toBeUndefined();
  });

  it('latencyMs delays the answer and otherwise lets it through', async () => {
    await admin('POST', '/faults', { route: 'countries', latencyMs: 40 });
    t.pop.admin.clearRequests();
    const response = await fetch(`${t.url}/countries`);
    expect(response.status).toBe(200);
    expect(t.pop.admin.requests()[0]!.injectedLatencyMs).toBe(40);
  });

  it('probability 0 never fires, probability 1 always does', async () => {
    await admin('POST', '/faults', { route: 'countries', status: 503, probability: 0 });
    expect((await fetch(`${t.url}/countries`)).status).toBe(200);
    await admin('POST', '/faults', { route: 'countries', status: 502, probability: 1 });
    expect((await fetch(`${t.url}/countries`)).status).toBe(502);
  });

  it('adds the latency of every matching rule; the first terminal rule decides', async () => {
    t.pop.admin.addFault({ latencyMs: 15 });
    t.pop.admin.addFault({ route: 'countries', status: 429, times: 1 });
    t.pop.admin.addFault({ route: 'countries', status: 500, times: 1 });
    t.pop.admin.clearRequests();
    expect((await fetch(`${t.url}/countries`)).status).toBe(429);
    expect((await fetch(`${t.url}/countries`)).status).toBe(500);
    expect((await fetch(`${t.url}/countries`)).status).toBe(200);
    expect(t.pop.admin.requests().map((r) => r.injectedLatencyMs)).toEqual([15, 15, 15]);
  });
});

describe('programmatic admin', () => {
  it('addFault validates the rule with StorageConfigValidationError', () => {
    expect(() => t.pop.admin.addFault({ status: 9000 })).toThrow(StorageConfigValidationError);
    expect(() => t.pop.admin.addFault({})).toThrow(/needs an effect/);
  });

  it('lists, clears, resets and issues tokens', async () => {
    const fault = t.pop.admin.addFault({ route: 'find', status: 503 });
    expect(t.pop.admin.faults()).toEqual([fault]);
    t.pop.admin.clearFaults();
    expect(t.pop.admin.faults()).toEqual([]);
    await t.call('POST', '/v2/storage/records/us', { body: { record_key: 'gone-soon' } });
    await t.pop.admin.reset();
    expect((await t.call('GET', '/v2/storage/records/us/gone-soon')).status).toBe(404);
    const token = t.pop.admin.issueToken();
    expect((await t.call('GET', '/healthcheck', { token })).status).toBe(200);
  });
});

describe('admin guard', () => {
  const credentials = [{ environmentId: 'prod-like', clientId: 'svc', clientSecret: 's3cr3t-value' }];

  it('strict mode without an admin token closes /_pop/', async () => {
    const strict = await startTestPop({ strict: true, credentials });
    try {
      const response = await readResponse(await fetch(`${strict.url}/_pop/health`));
      expect(response.status).toBe(401);
      expect(response.json.errors[0].detail).toMatch(/admin token/);
    } finally {
      await strict.close();
    }
  });

  it('an admin token guards /_pop/', async () => {
    const adminToken = 'admin-token-0123456789';
    const guarded = await startTestPop({ strict: true, credentials, adminToken });
    try {
      expect((await fetch(`${guarded.url}/_pop/health`)).status).toBe(401);
      const ok = await fetch(`${guarded.url}/_pop/health`, {
        headers: { authorization: `Bearer ${adminToken}` },
      });
      expect(ok.status).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});
