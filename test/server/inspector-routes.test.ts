/**
 * The inspector's JSON routes and page over real HTTP, on SQLite and (with POP_TEST_POSTGRES_URL)
 * PostgreSQL: paging in SQL, raw rows as stored, attachment bytes as a download, NDJSON export, per-scope
 * reset, the log polled by seq, the admin guard, and the page's security headers. The page's behaviour in
 * a browser is test/browser/inspector-page.test.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { popDatabases, startPopOn } from './support/pop-databases.js';
import { startTestPop, type TestPop } from './support/test-pop.js';

const ADMIN_TOKEN = 'inspector-admin-token-0123456789';

describe.each(popDatabases())('inspector routes on %s', (_name, database) => {
  let t: TestPop;
  const us = () => `env=${encodeURIComponent(t.env)}&country=us`;

  beforeAll(async () => {
    t = await startPopOn(database);
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    await t.pop.admin.reset();
    t.pop.admin.clearRequests();
  });

  async function writeMany(country: string, count: number, extra: Record<string, unknown> = {}) {
    for (let start = 0; start < count; start += 100) {
      const records = Array.from({ length: Math.min(100, count - start) }, (_, i) => ({
        record_key: `${country}-${start + i}`,
        body: `2:${'x'.repeat(10)}`,
        ...extra,
      }));
      expect(
        (await t.call('POST', `/v2/storage/records/${country}/batchWrite`, { body: { records } })).status,
      ).toBe(201);
    }
  }

  it('lists scopes with live, expired and attachment counts', async () => {
    await writeMany('us', 3);
    await writeMany('de', 1);
    await t.call('POST', '/v2/storage/records/us', {
      body: { record_key: 'gone', expires_at: '2000-01-01T00:00:00Z' },
    });
    const form = new FormData();
    form.append('file', new Blob(['abc']), 'a.txt');
    expect((await t.call('POST', '/v2/storage/records/us/us-0/attachments', { body: form })).status).toBe(
      201,
    );

    const { json } = await t.call('GET', '/_pop/scopes', { anonymous: true });
    expect(json.scopes).toEqual([
      { environmentId: t.env, country: 'de', records: 1, expired: 0, attachments: 0 },
      { environmentId: t.env, country: 'us', records: 3, expired: 1, attachments: 1 },
    ]);
  });

  it('pages records newest first with the body summarised, and counts them all', async () => {
    await writeMany('us', 120, { key1: 'k', range_key1: 6_275_438_399 });
    const first = await t.call('GET', `/_pop/records?${us()}&limit=50`, { anonymous: true });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ total: 120, limit: 50, offset: 0 });
    expect(first.json.records).toHaveLength(50);
    const row = first.json.records[0];
    expect(row).toMatchObject({
      record_key: 'us-119',
      key1: 'k',
      range_key1: '6275438399',
      body_bytes: 12,
      body_prefix: '2:xxxxxxxxxx',
      expired: false,
      attachments: 0,
      version: '0',
    });
    expect(row).not.toHaveProperty('body');
    const last = await t.call('GET', `/_pop/records?${us()}&limit=50&offset=100`, { anonymous: true });
    expect(last.json.records.map((r: { record_key: string }) => r.record_key).at(-1)).toBe('us-0');
    expect(last.json.total).toBe(120);
  });

  it('finds records by any key field equal to one of the searched values', async () => {
    await writeMany('us', 5);
    await t.call('POST', '/v2/storage/records/us', {
      body: { record_key: 'x', key7: 'needle', profile_key: 'p' },
    });
    const search = await t.call('GET', `/_pop/records?${us()}&key=needle&key=p`, { anonymous: true });
    expect(search.json.records.map((r: { record_key: string }) => r.record_key)).toEqual(['x']);
    expect(search.json.total).toBe(1);
  });

  it('answers bad queries with a 400 naming the parameter', async () => {
    for (const [query, source] of [
      ['country=us', 'query.env'],
      [`env=${t.env}&country=usa`, 'query.country'],
      [`${us()}&limit=501`, 'query.limit'],
      [`${us()}&offset=-1`, 'query.offset'],
      [`${us()}&key=a&key=b&key=c&key=d&key=e`, 'query.key'],
    ] as const) {
      const answer = await t.call('GET', `/_pop/records?${query}`, { anonymous: true });
      expect({ query, status: answer.status, source: answer.json.errors[0].source }).toEqual({
        query,
        status: 400,
        source,
      });
    }
  });

  it('shows one stored row in full, expired or not, and 404s a missing one', async () => {
    await t.call('POST', '/v2/storage/records/us', {
      body: { record_key: 'old', body: 'pt:abc', expires_at: '2000-01-01T00:00:00Z', is_encrypted: false },
    });
    const { json } = await t.call('GET', `/_pop/record?${us()}&record_key=old`, { anonymous: true });
    expect(json.record).toMatchObject({
      record_key: 'old',
      body: 'pt:abc',
      body_bytes: 6,
      expired: true,
      is_encrypted: false,
      expires_at: '2000-01-01T00:00:00.000000+00:00',
      attachments: [],
    });
    expect((await t.call('GET', `/_pop/record?${us()}&record_key=none`, { anonymous: true })).status).toBe(
      404,
    );
  });

  it('serves an attachment as a download that a browser never renders', async () => {
    await t.call('POST', '/v2/storage/records/us', { body: { record_key: 'r' } });
    const form = new FormData();
    form.append('file', new Blob(['<script>alert(1)</script>'], { type: 'text/html' }), 'page é.html');
    const added = await t.call('POST', '/v2/storage/records/us/r/attachments', { body: form });
    const answer = await t.call(
      'GET',
      `/_pop/attachment?${us()}&record_key=r&file_id=${added.json.file_id}`,
      { anonymous: true },
    );
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('<script>alert(1)</script>');
    expect(answer.headers.get('content-type')).toBe('application/octet-stream');
    expect(answer.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''page%20%C3%A9.html");
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('exports a scope as NDJSON of the raw rows, in insertion order, across export batches', async () => {
    await writeMany('us', 1201);
    await writeMany('de', 2);
    const answer = await t.call('GET', `/_pop/export?${us()}`, { anonymous: true });
    expect(answer.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toContain('.ndjson');
    const rows = answer.text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows).toHaveLength(1201);
    expect(rows[0]).toMatchObject({ record_key: 'us-0', body: '2:xxxxxxxxxx' });
    expect(rows.at(-1).record_key).toBe('us-1200');
  });

  it('resets one scope with POST /_pop/reset {env, country}, and refuses half a scope', async () => {
    await writeMany('us', 3);
    await writeMany('de', 2);
    const reset = await t.call('POST', '/_pop/reset', {
      body: { env: t.env, country: 'US' },
      anonymous: true,
    });
    expect(reset.json).toEqual({ deleted: 3 });
    const { json } = await t.call('GET', '/_pop/scopes', { anonymous: true });
    expect(json.scopes.map((s: { country: string }) => s.country)).toEqual(['de']);
    const half = await t.call('POST', '/_pop/reset', { body: { env: t.env }, anonymous: true });
    expect(half.status).toBe(400);
    await t.pop.admin.reset({ environmentId: t.env, country: 'DE' });
    expect((await t.call('GET', '/_pop/scopes', { anonymous: true })).json.scopes).toEqual([]);
  });

  it('numbers the log, gives what came after a seq, and marks requests a fault fired on', async () => {
    await t.call('GET', '/countries', { anonymous: true });
    t.pop.admin.addFault({ route: 'countries', status: 503, times: 1 });
    await t.call('GET', '/countries', { anonymous: true });
    await t.call('GET', '/countries', { anonymous: true });
    const all = (await t.call('GET', '/_pop/requests', { anonymous: true })).json.requests;
    expect(all.map((r: { fault: boolean; status: number }) => [r.status, r.fault])).toEqual([
      [200, false],
      [503, true],
      [200, false],
    ]);
    const seqs = all.map((r: { seq: number }) => r.seq);
    expect(seqs[1]).toBe(seqs[0] + 1);
    const after = (await t.call('GET', `/_pop/requests?after=${seqs[0]}&limit=1`, { anonymous: true })).json;
    expect(after.requests.map((r: { seq: number }) => r.seq)).toEqual([seqs[1]]);
    // Clearing keeps counting: a poller never sees a number twice.
    t.pop.admin.clearRequests();
    await t.call('GET', '/countries', { anonymous: true });
    expect(t.pop.admin.requests()[0]!.seq).toBe(seqs[2] + 1);
  });

  it('tells what the PoP is, with database passwords redacted', async () => {
    const { json, headers } = await t.call('GET', '/_pop/info', { anonymous: true });
    expect(json).toMatchObject({ adminMode: 'open', strict: false, inspector: true });
    expect(json.limits).toMatchObject({ maxFindBytes: 32 * 1024 * 1024, requestLogSize: 1000 });
    expect(JSON.stringify(json.databases)).not.toMatch(/:[^:@/]+@/);
    expect(headers.get('cache-control')).toBe('no-store');
  });
});

describe('the inspector page and its guard', () => {
  let guarded: TestPop;
  beforeAll(async () => {
    guarded = await startTestPop({
      adminToken: ADMIN_TOKEN,
      db: { de: 'sqlite::memory:', '*': 'sqlite::memory:' },
    });
  });
  afterAll(async () => {
    await guarded.close();
  });

  it('serves the page, module and stylesheet without the token, with a strict CSP, and never logs them', async () => {
    guarded.pop.admin.clearRequests();
    for (const [path, type] of [
      ['/_pop/ui', 'text/html; charset=utf-8'],
      ['/_pop/ui/inspector.js', 'text/javascript; charset=utf-8'],
      ['/_pop/ui/inspector.css', 'text/css; charset=utf-8'],
    ] as const) {
      const answer = await guarded.call('GET', path, { anonymous: true });
      expect({ path, status: answer.status, type: answer.headers.get('content-type') }).toEqual({
        path,
        status: 200,
        type,
      });
      const csp = answer.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
      expect(answer.headers.get('cache-control')).toBe('no-store');
    }
    const html = (await guarded.call('GET', '/_pop/ui', { anonymous: true })).text;
    expect(html).toContain('data-admin-mode="token"');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    expect(html).not.toMatch(/https?:\/\//); // nothing from elsewhere: works offline
    expect(guarded.pop.admin.requests()).toEqual([]);
  });

  it('answers the page and the data routes only to its own host name (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const port = Number(new URL(guarded.url).port);
    for (const path of ['/_pop/ui', '/_pop/ui/inspector.js', '/_pop/scopes']) {
      const status = await new Promise<number | undefined>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port, path, headers: { host: `evil.example:${port}` } },
          (res) => {
            res.resume();
            resolve(res.statusCode);
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect({ path, status }).toEqual({ path, status: 403 });
    }
  });

  it('guards every data route with the admin token', async () => {
    for (const path of [
      '/_pop/info',
      '/_pop/scopes',
      '/_pop/records?env=e&country=us',
      '/_pop/export?env=e&country=us',
    ])
      expect({ path, status: (await guarded.call('GET', path, { anonymous: true })).status }).toEqual({
        path,
        status: 401,
      });
    const info = await guarded.call('GET', '/_pop/info', { token: ADMIN_TOKEN, env: 'x' });
    expect(info.status).toBe(200);
    expect(info.json.databases).toEqual([
      { countries: 'de', database: 'sqlite::memory:' },
      { countries: '*', database: 'sqlite::memory:' },
    ]);
    expect(info.text).not.toContain(ADMIN_TOKEN);
  });

  it('lists scopes across routed databases once each', async () => {
    await guarded.call('POST', '/v2/storage/records/de', { body: { record_key: 'a' } });
    await guarded.call('POST', '/v2/storage/records/us', { body: { record_key: 'b' } });
    const { json } = await guarded.call('GET', '/_pop/scopes', { token: ADMIN_TOKEN });
    expect(json.scopes.map((s: { country: string }) => s.country)).toEqual(['de', 'us']);
  });

  it('redacts passwords of PostgreSQL URLs', async () => {
    const { redactDatabaseUrl } = await import('../../src/server/pop-about.js');
    expect(redactDatabaseUrl('postgres://pop:hunter2@db:5432/pop?schema=s')).toBe(
      'postgres://pop:***@db:5432/pop?schema=s',
    );
    expect(redactDatabaseUrl('postgres://user:pw@[zz')).toBe('postgres:…');
  });

  it('has no page with inspector: false, while the JSON routes stay', async () => {
    const off = await startTestPop({ inspector: false });
    try {
      expect(off.pop.inspectorUrl).toBeUndefined();
      expect((await off.call('GET', '/_pop/ui', { anonymous: true })).status).toBe(404);
      expect((await off.call('GET', '/_pop/ui/inspector.js', { anonymous: true })).status).toBe(404);
      expect((await off.call('GET', '/_pop/info', { anonymous: true })).json.inspector).toBe(false);
    } finally {
      await off.close();
    }
  });

  it('tells a strict PoP without a token to the page, which then asks for nothing', async () => {
    const strict = await startTestPop({
      strict: true,
      credentials: [{ environmentId: 'e', clientId: 'c', clientSecret: 'strict-secret-0123' }],
    });
    try {
      expect((await strict.call('GET', '/_pop/ui', { anonymous: true })).text).toContain(
        'data-admin-mode="closed"',
      );
      expect((await strict.call('GET', '/_pop/scopes', { token: 'x'.repeat(20) })).status).toBe(401);
    } finally {
      await strict.close();
    }
  });
});
