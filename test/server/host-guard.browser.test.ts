/**
 * The two attacks in a real browser (Debian's chromium): a page from another local origin tries to reset
 * the PoP and to obtain a token with the dev credentials; a page whose host name was rebound to the PoP
 * tries the same as same-origin. Skipped (with a notice) where chromium is not installed;
 * POP_TEST_CHROMIUM points at another binary.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_FLAGS, chromiumAvailable } from '../browser/support/chromium.js';
import { startTestPop, type TestPop } from './support/test-pop.js';

const available = chromiumAvailable;
if (!available)
  console.warn(
    `[skipped] real-browser cross-site test: no chromium at ${CHROMIUM} ` +
      '(apt-get install chromium, or set POP_TEST_CHROMIUM)',
  );

const BASIC = Buffer.from('local-client:local-secret').toString('base64');
const TOKEN_REQUEST = `{
    method: 'POST',
    headers: { authorization: 'Basic ${BASIC}', 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&scope=local-dev',
  }`;

/** The attacker's page: every request it can make to the PoP, with what it could observe of each. */
function attackPage(popUrl: string): string {
  return `<!doctype html><html><body><script>
const pop = ${JSON.stringify(popUrl)};
const results = {};
async function attempt(name, url, init) {
  try {
    const response = await fetch(url, init);
    results[name] = response.type === 'opaque' ? 'opaque' : response.status + ' ' + (await response.text());
  } catch (error) {
    results[name] = 'blocked';
  }
}
function formPost(action, enctype, field) {
  return new Promise((resolve) => {
    const frame = document.createElement('iframe');
    frame.name = 'f' + Math.random().toString(36).slice(2);
    frame.onload = () => resolve();
    document.body.append(frame);
    const form = document.createElement('form');
    form.method = 'POST';
    form.action = action;
    form.enctype = enctype;
    form.target = frame.name;
    const input = document.createElement('input');
    input.name = field[0];
    input.value = field[1];
    form.append(input);
    document.body.append(form);
    form.submit();
  });
}
(async () => {
  await attempt('resetNoCors', pop + '/_pop/reset', { method: 'POST', mode: 'no-cors' });
  await attempt('resetText', pop + '/_pop/reset', { method: 'POST', mode: 'no-cors', body: '{}' });
  await attempt('resetJson', pop + '/_pop/reset', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}',
  });
  await attempt('faultNoCors', pop + '/_pop/faults', {
    method: 'POST', mode: 'no-cors', body: '{"route":"*","status":503}',
  });
  await attempt('token', pop + '/oauth2/token', ${TOKEN_REQUEST});
  await attempt('requestLog', pop + '/_pop/requests');
  await formPost(pop + '/_pop/reset', 'text/plain', ['{"a":"', '"}']);
  await formPost(pop + '/_pop/faults', 'application/x-www-form-urlencoded', ['status', '503']);
  await fetch('/report', { method: 'POST', body: JSON.stringify(results) });
})();
</script></body></html>`;
}

/** The page once its name points at the PoP: same-origin, so it could read every answer it got. */
function reboundPage(): string {
  return `<!doctype html><html><body><script>
const results = {};
async function attempt(name, url, init) {
  const response = await fetch(url, init);
  results[name] = response.status + ' ' + (await response.text());
}
(async () => {
  await attempt('token', '/oauth2/token', ${TOKEN_REQUEST});
  await attempt('requestLog', '/_pop/requests');
  await attempt('reset', '/_pop/reset', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  await attempt('countries', '/countries');
  await fetch('/report', { method: 'POST', body: JSON.stringify(results) });
})();
</script></body></html>`;
}

/** Collects the JSON a page POSTs to /report. */
function receiveReport(
  req: IncomingMessage,
  res: ServerResponse,
  deliver: (r: Record<string, string>) => void,
) {
  let body = '';
  req.on('data', (chunk: Buffer) => {
    body += chunk.toString('utf8');
  });
  req.on('end', () => {
    deliver(JSON.parse(body) as Record<string, string>);
    res.end();
  });
}

/** A headless chromium on a fresh profile, and how to stop it (only this process, by its handle). */
async function launch(url: string, extraFlags: readonly string[] = []) {
  const profile = await mkdtemp(join(tmpdir(), 'pop-chromium-'));
  const child: ChildProcess = spawn(
    CHROMIUM,
    [...CHROMIUM_FLAGS, ...extraFlags, `--user-data-dir=${profile}`, url],
    {
      stdio: 'ignore',
    },
  );
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    await rm(profile, { recursive: true, force: true });
  };
}

/** A local server on a free port; `report` resolves with what the page POSTs to /report. */
async function pageServer(serve: (req: IncomingMessage, res: ServerResponse) => void) {
  let deliver: (results: Record<string, string>) => void = () => undefined;
  const report = new Promise<Record<string, string>>((resolve) => {
    deliver = resolve;
  });
  const server: Server = createServer((req, res) => {
    if (req.method === 'POST' && new URL(req.url ?? '/', 'http://x').pathname === '/report')
      receiveReport(req, res, deliver);
    else serve(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    report,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

function html(res: ServerResponse, page: string): void {
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.end(page);
}

describe.skipIf(!available)('attacks from a real browser (chromium)', () => {
  let t: TestPop;
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    t = await startTestPop();
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await t.close();
  });
  beforeEach(async () => {
    await t.pop.admin.reset();
    await t.call('POST', '/v2/storage/records/us', { body: { record_key: 'survivor', body: 'PLAIN' } });
    t.pop.admin.clearFaults();
    t.pop.admin.clearRequests();
  });

  async function expectUntouched() {
    expect((await t.call('GET', '/v2/storage/records/us/survivor')).json.body).toBe('PLAIN');
    expect(t.pop.admin.faults()).toEqual([]);
    // Every request of the page that reached a logged route was refused: no token was issued.
    const fromPage = t.pop.admin.requests().filter((r) => r.route !== 'read');
    expect(fromPage.length).toBeGreaterThan(0);
    expect(fromPage.filter((r) => r.status !== 403)).toEqual([]);
  }

  it('a page from another local origin can neither reset, add a fault, read the log nor get a token', async () => {
    const attacker = await pageServer((_req, res) => html(res, attackPage(t.url)));
    cleanups.push(attacker.close);
    cleanups.push(await launch(`http://127.0.0.1:${attacker.port}/`));

    expect(await attacker.report).toEqual({
      resetNoCors: 'opaque',
      resetText: 'opaque',
      resetJson: 'blocked',
      faultNoCors: 'opaque',
      token: 'blocked',
      requestLog: 'blocked',
    });
    await expectUntouched();
  }, 60_000);

  it('a page whose host name was rebound to the PoP gets 403 for everything it asks', async () => {
    const popPort = Number(new URL(t.url).port);
    // Stands in for DNS: the browser's first visit of evil.example gets the attacker's page, every later
    // request (same origin, Host: evil.example:<pop port>) reaches the PoP, as after a rebinding.
    const rebinder = await pageServer((req, res) => {
      const target = new URL(req.url ?? '/', 'http://evil.example');
      if (target.pathname === '/') return html(res, reboundPage());
      const upstream = request(
        {
          host: '127.0.0.1',
          port: popPort,
          method: req.method,
          path: target.pathname + target.search,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    cleanups.push(rebinder.close);
    cleanups.push(
      await launch(`http://evil.example:${popPort}/`, [`--proxy-server=http://127.0.0.1:${rebinder.port}`]),
    );

    const results = await rebinder.report;
    expect(Object.keys(results).sort()).toEqual(['countries', 'requestLog', 'reset', 'token']);
    for (const [name, answer] of Object.entries(results)) {
      expect({ name, status: answer.slice(0, 4) }).toEqual({ name, status: '403 ' });
      expect(answer).toContain('header.host');
      expect(answer).not.toMatch(/access_token|requests"|countries"/);
    }
    await expectUntouched();
  }, 60_000);
});
