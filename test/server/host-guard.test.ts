import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StorageConfigValidationError } from '../../src/errors.js';
import { startLocalPop } from '../../src/server/local-pop.js';
import { errorBodySchema } from '../../src/wire/index.js';
import { type RawRequest, type RawResponse, rawExchange, rawRequest } from './support/raw-http.js';
import { startTestPop, type TestPop } from './support/test-pop.js';

let t: TestPop;
let port: number;
let own: string;

beforeAll(async () => {
  t = await startTestPop();
  port = Number(new URL(t.url).port);
  own = `127.0.0.1:${port}`;
});
afterAll(() => t.close());

const EVIL = 'http://evil.example';
const basicDev = `Basic ${Buffer.from('local-client:local-secret').toString('base64')}`;

function send(req: RawRequest, url = t.url): Promise<RawResponse> {
  return rawRequest(url, req);
}

function expectNoCors(response: RawResponse): void {
  expect(Object.keys(response.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
}

function expectRefused(response: RawResponse, status: number, source: string): void {
  expect(response.status).toBe(status);
  const body = errorBodySchema.parse(response.json);
  expect(body.errors[0]?.source).toBe(source);
  expectNoCors(response);
}

/** The state a cross-site request would try to change: a record, a fault rule and the request log. */
async function seedState() {
  t.pop.admin.clearFaults();
  expect((await t.call('POST', '/v2/storage/records/us', { body: { record_key: 'keep-me' } })).status).toBe(
    201,
  );
  // A rule that matches nothing the tests send, so it only shows whether the fault list changed.
  t.pop.admin.addFault({ route: 'countries', method: 'DELETE', status: 500 });
  return { faults: t.pop.admin.faults(), requests: t.pop.admin.requests().length };
}

async function expectStateKept(before: Awaited<ReturnType<typeof seedState>>) {
  expect(t.pop.admin.faults()).toEqual(before.faults);
  expect(t.pop.admin.requests()).toHaveLength(before.requests);
  expect((await t.call('GET', '/v2/storage/records/us/keep-me')).status).toBe(200);
}

describe('simple cross-site requests to the admin routes change nothing', () => {
  // What a page can send with fetch(no-cors) or a <form> without a CORS preflight.
  const simpleBodies = [
    { kind: 'no body, no content-type', headers: {}, body: undefined },
    { kind: 'a body without content-type', headers: {}, body: '{"route":"*","status":503}' },
    {
      kind: 'text/plain',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: '{"route":"*","status":503}',
    },
    {
      kind: 'form-encoded',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'route=*&status=503',
    },
    {
      kind: 'multipart',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: '--x\r\nContent-Disposition: form-data; name="status"\r\n\r\n503\r\n--x--\r\n',
    },
  ];
  const adminRoutes = [
    ['POST', '/_pop/reset'],
    ['POST', '/_pop/faults'],
    ['DELETE', '/_pop/requests'],
    ['DELETE', '/_pop/faults'],
  ] as const;
  const cases = adminRoutes.flatMap(([method, path]) =>
    simpleBodies.flatMap((b) => [
      { method, path, ...b, origin: EVIL, expected: [403, 'header.origin'] as const },
      // Without Origin (or with a matching one) the JSON-body rule alone still refuses it.
      { method, path, ...b, origin: undefined, expected: [415, 'header.content-type'] as const },
    ]),
  );

  it.each(cases)('$method $path with $kind from origin $origin → $expected.0', async (c) => {
    const before = await seedState();
    const headers: Record<string, string> = { ...c.headers };
    if (c.origin !== undefined) headers.origin = c.origin;
    const response = await send({
      method: c.method,
      path: c.path,
      headers,
      ...(c.body === undefined ? {} : { body: c.body }),
    });
    expectRefused(response, c.expected[0], c.expected[1]);
    await expectStateKept(before);
  });

  it('a JSON body that is not an object is refused with 400, also changing nothing', async () => {
    const before = await seedState();
    for (const body of ['', '[]', 'null', '"reset"']) {
      const response = await send({
        method: 'POST',
        path: '/_pop/reset',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expectRefused(response, 400, 'body');
    }
    await expectStateKept(before);
  });

  it('the same routes work with Content-Type: application/json from the PoP itself', async () => {
    await seedState();
    const headers = { 'content-type': 'application/json', origin: `http://${own}` };
    const reset = await send({ method: 'POST', path: '/_pop/reset', headers, body: '{}' });
    expect(reset.status).toBe(200);
    expectNoCors(reset);
    expect((await t.call('GET', '/v2/storage/records/us/keep-me')).status).toBe(404);
    const fault = await send({
      method: 'POST',
      path: '/_pop/faults',
      headers,
      body: '{"route":"countries","method":"DELETE","status":503}',
    });
    expect(fault.status).toBe(201);
    expect((await send({ method: 'DELETE', path: '/_pop/faults', headers, body: '{}' })).status).toBe(200);
    expect(t.pop.admin.faults()).toEqual([]);
    expect((await send({ method: 'DELETE', path: '/_pop/requests', headers, body: '{}' })).status).toBe(200);
    expect(t.pop.admin.requests()).toEqual([]);
  });
});

describe('Host must name the PoP (DNS rebinding)', () => {
  beforeEach(async () => {
    await t.pop.admin.reset();
    await t.call('POST', '/v2/storage/records/us', {
      body: { record_key: 'secret-record', body: 'PLAIN-BODY' },
    });
  });

  const auth = () => ({ authorization: `Bearer ${t.token}`, 'x-env-id': t.env });
  const json = { 'content-type': 'application/json' };
  // Each request succeeds with the PoP's own Host; only the Host differs in the refused run.
  const routes: { name: string; ok: number; req: () => RawRequest }[] = [
    {
      name: 'storage read',
      ok: 200,
      req: () => ({ method: 'GET', path: '/v2/storage/records/us/secret-record', headers: auth() }),
    },
    {
      name: 'storage write',
      ok: 201,
      req: () => ({
        method: 'POST',
        path: '/v2/storage/records/us',
        headers: { ...auth(), ...json },
        body: '{"record_key":"rebound"}',
      }),
    },
    {
      name: 'storage find',
      ok: 200,
      req: () => ({
        method: 'POST',
        path: '/v2/storage/records/us/find',
        headers: { ...auth(), ...json },
        body: '{}',
      }),
    },
    { name: 'healthcheck', ok: 200, req: () => ({ method: 'GET', path: '/healthcheck', headers: auth() }) },
    { name: 'countries', ok: 200, req: () => ({ method: 'GET', path: '/countries' }) },
    {
      name: 'OAuth token with the dev credentials',
      ok: 200,
      req: () => ({
        method: 'POST',
        path: '/oauth2/token',
        headers: { authorization: basicDev, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials&scope=local-dev',
      }),
    },
    { name: 'admin request log', ok: 200, req: () => ({ method: 'GET', path: '/_pop/requests' }) },
    { name: 'admin health', ok: 200, req: () => ({ method: 'GET', path: '/_pop/health' }) },
    {
      name: 'admin reset',
      ok: 200,
      req: () => ({ method: 'POST', path: '/_pop/reset', headers: json, body: '{}' }),
    },
    { name: 'an unknown route', ok: 404, req: () => ({ method: 'GET', path: '/nope' }) },
  ];

  it.each(routes)('$name: Host evil.example → 403, own Host → $ok', async (route) => {
    const base = route.req();
    const refused = await send({ ...base, headers: { ...base.headers, host: `evil.example:${port}` } });
    expectRefused(refused, 403, 'header.host');
    expect(refused.text).not.toMatch(/PLAIN-BODY|access_token|secret-record|local-secret/);
    // Nothing happened: the record is still there (not reset, not overwritten).
    expect((await t.call('GET', '/v2/storage/records/us/secret-record')).json.body).toBe('PLAIN-BODY');
    expect((await t.call('GET', '/v2/storage/records/us/rebound')).status).toBe(404);

    const allowed = await send({ ...base, headers: { ...base.headers, host: own } });
    expect(allowed.status).toBe(route.ok);
    expectNoCors(allowed);
  });

  it('refuses every other spelling of a foreign or mismatched host', async () => {
    const refused = [
      'evil.example',
      `evil.example:${port}`,
      `127.0.0.1:${port === 1 ? 2 : 1}`,
      `localhost:${port + 1}`,
      `localhost.evil.example:${port}`,
      `127.0.0.1.nip.io:${port}`,
      `evil.example@127.0.0.1:${port}`,
      `127.0.0.1:${port}/path`,
      `localhost.:${port}`,
      `[::ffff:7f00:1]:${port}`,
    ];
    for (const host of refused) {
      const response = await send({ method: 'GET', path: '/countries', headers: { host } });
      expect({ host, status: response.status }).toEqual({ host, status: 403 });
    }
  });

  it('refuses a request without a Host header (HTTP/1.0)', async () => {
    expect(await rawExchange(t.url, 'GET /countries HTTP/1.0\r\n\r\n')).toBe(403);
    expect(await rawExchange(t.url, `GET /countries HTTP/1.0\r\nHost: ${own}\r\n\r\n`)).toBe(200);
  });

  it('accepts the loopback names and IPs at its port, in any letter case', async () => {
    for (const host of [
      own,
      `localhost:${port}`,
      `LocalHost:${port}`,
      `[::1]:${port}`,
      `[0:0:0:0:0:0:0:1]:${port}`,
    ]) {
      const response = await send({ method: 'GET', path: '/countries', headers: { host } });
      expect({ host, status: response.status }).toEqual({ host, status: 200 });
    }
  });

  it('logs a refused storage request, so the developer can see it', async () => {
    t.pop.admin.clearRequests();
    await send({ method: 'GET', path: '/countries', headers: { host: 'evil.example' } });
    expect(t.pop.admin.requests()).toEqual([expect.objectContaining({ route: 'countries', status: 403 })]);
  });
});

describe('Origin, when present, must be the PoP itself; no CORS is granted', () => {
  it('refuses foreign, opaque and look-alike origins on every kind of route', async () => {
    const origins = [
      EVIL,
      `http://localhost:${port + 1}`,
      'null',
      `http://evil.example/?http://${own}`,
      `http://user@${own}`,
      `file://${own}`,
      'not a url',
    ];
    for (const origin of origins)
      for (const path of ['/countries', '/_pop/health', '/healthcheck']) {
        const response = await send({ method: 'GET', path, headers: { origin } });
        expect({ origin, path, status: response.status }).toEqual({ origin, path, status: 403 });
        expectNoCors(response);
      }
    const token = await send({
      method: 'POST',
      path: '/oauth2/token',
      headers: { origin: EVIL, authorization: basicDev, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=local-dev',
    });
    expectRefused(token, 403, 'header.origin');
    expect(token.text).not.toContain('access_token');
  });

  it('accepts its own origin under any loopback name', async () => {
    for (const origin of [`http://${own}`, `http://localhost:${port}`, `http://[::1]:${port}`]) {
      const response = await send({ method: 'GET', path: '/countries', headers: { origin } });
      expect({ origin, status: response.status }).toEqual({ origin, status: 200 });
      expectNoCors(response);
    }
  });

  it('answers a CORS preflight from another origin with 403 and no access-control headers', async () => {
    const response = await send({
      method: 'OPTIONS',
      path: '/_pop/reset',
      headers: {
        origin: EVIL,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expectRefused(response, 403, 'header.origin');
  });
});

describe('allowedHosts', () => {
  it('lets the named hosts through, at the PoP port or at the port an entry names', async () => {
    const pop = await startLocalPop({ allowedHosts: ['pop.test', 'LOCALHOST:18080', '10.1.2.3'] });
    try {
      const popPort = new URL(pop.url).port;
      const status = async (host: string, origin?: string) =>
        (
          await rawRequest(pop.url, {
            method: 'GET',
            path: '/countries',
            headers: origin === undefined ? { host } : { host, origin },
          })
        ).status;
      expect(await status(`pop.test:${popPort}`)).toBe(200);
      expect(await status(`pop.test:${popPort}`, `http://pop.test:${popPort}`)).toBe(200);
      expect(await status(`10.1.2.3:${popPort}`)).toBe(200);
      expect(await status('localhost:18080', 'http://localhost:18080')).toBe(200);
      expect(await status(`127.0.0.1:${popPort}`)).toBe(200);
      expect(await status('pop.test:18080')).toBe(403);
      expect(await status(`sub.pop.test:${popPort}`)).toBe(403);
      expect(await status(`pop.test:${popPort}`, EVIL)).toBe(403);
      expect(await status(`evil.example:${popPort}`)).toBe(403);

      const token = await rawRequest(pop.url, {
        method: 'POST',
        path: '/oauth2/token',
        headers: {
          host: `pop.test:${popPort}`,
          authorization: basicDev,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials&scope=local-dev',
      });
      expect(token.status).toBe(200);
    } finally {
      await pop.close();
    }
  });

  it('a wildcard bind hands out a loopback URL the Host check accepts, and refuses Host 0.0.0.0', async () => {
    const pop = await startLocalPop({ host: '0.0.0.0' });
    try {
      const popPort = new URL(pop.url).port;
      expect(pop.url).toBe(`http://127.0.0.1:${popPort}`);
      expect((await fetch(`${pop.url}/countries`)).status).toBe(200);
      const wildcard = await rawRequest(pop.url, {
        method: 'GET',
        path: '/countries',
        headers: { host: `0.0.0.0:${popPort}` },
      });
      expect(wildcard.status).toBe(403);
    } finally {
      await pop.close();
    }
  });

  it.each([['http://pop.test'], ['pop.test/x'], ['a b'], [''], ['user@pop.test'], ['pop.test:99999']])(
    'rejects %j with StorageConfigValidationError',
    async (entry) => {
      await expect(startLocalPop({ allowedHosts: [entry] })).rejects.toThrow(StorageConfigValidationError);
      await expect(startLocalPop({ allowedHosts: [entry] })).rejects.toThrow(/allowedHosts/);
    },
  );
});

describe('strict mode is unchanged, and guarded the same way', () => {
  const credentials = [{ environmentId: 'prod-like', clientId: 'svc', clientSecret: 's3cr3t-value' }];
  const adminToken = 'admin-token-0123456789';
  let strict: TestPop;
  beforeAll(async () => {
    strict = await startTestPop({ strict: true, credentials, adminToken });
  });
  afterAll(() => strict.close());

  const admin = (headers: Record<string, string>, body?: string) =>
    rawRequest(strict.url, {
      method: 'POST',
      path: '/_pop/reset',
      headers,
      ...(body === undefined ? {} : { body }),
    });
  const bearer = { authorization: `Bearer ${adminToken}` };

  it('refuses the dev credentials and needs the admin token', async () => {
    const dev = await rawRequest(strict.url, {
      method: 'POST',
      path: '/oauth2/token',
      headers: { authorization: basicDev, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=local-dev',
    });
    expect(dev.status).toBe(401);
    expect((await admin({ 'content-type': 'application/json' }, '{}')).status).toBe(401);
    // A token of another length is refused like any wrong one (the comparison never throws).
    expect(
      (await admin({ authorization: 'Bearer x', 'content-type': 'application/json' }, '{}')).status,
    ).toBe(401);
    expect((await admin({ authorization: `Bearer ${adminToken}x` }, '{}')).status).toBe(401);
  });

  it('with the admin token, still needs a JSON body and the right Host', async () => {
    expectRefused(await admin(bearer), 415, 'header.content-type');
    expectRefused(await admin({ ...bearer, 'content-type': 'text/plain' }, '{}'), 415, 'header.content-type');
    expectRefused(
      await admin({ ...bearer, 'content-type': 'application/json', host: 'evil.example' }, '{}'),
      403,
      'header.host',
    );
    expect((await admin({ ...bearer, 'content-type': 'application/json' }, '{}')).status).toBe(200);
    expect((await strict.call('GET', '/healthcheck')).status).toBe(200);
  });
});
