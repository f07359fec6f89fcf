/**
 * The inspector (`/_pop/ui`) in a real browser: Debian's chromium driven by playwright-core, against a
 * local PoP on SQLite and, when POP_TEST_POSTGRES_URL is set, PostgreSQL, with the SDK writing over real
 * HTTP. Run by `npm run test:browser` (.ci/run's browser step), not by `npm test`. A failing test leaves a
 * screenshot of each panel under test-results/browser/. With POP_INSPECTOR_DOCS_SCREENSHOTS=1 the SDK-write
 * test also writes the guide's screenshots to docs/images/.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStorage, EncryptionType, SecretKeyAccessor } from '../../src/index.js';
import type { LocalPopOptions } from '../../src/server/local-pop.js';
import { popDatabases, startPopOn } from '../server/support/pop-databases.js';
import type { TestPop } from '../server/support/test-pop.js';
import { chromiumAvailable, launchChromium, SCREENSHOT_ROOT, screenshotPanels } from './support/chromium.js';

if (!chromiumAvailable)
  console.warn(
    '[skipped] inspector browser tests: no chromium (apt-get install chromium, or set POP_TEST_CHROMIUM)',
  );

const ADMIN_TOKEN = 'inspector-admin-token-0123456789';
const HASH = /^[0-9a-f]{64}$/;
const CANARY = '<img src=x onerror="window.__pwned=1;alert(1)">';
/** How long the page may take to show what the test waits for. */
const SOON = { timeout: 10_000 } as const;
const DOCS_SCREENSHOTS = process.env.POP_INSPECTOR_DOCS_SCREENSHOTS === '1';

/** SDK options that fail fast: the fault tests must not wait for back-off. */
const fastRetries = { retryBaseDelay: 0.005, retryMaxDelay: 0.02 };

function localStorageFor(t: TestPop) {
  return createStorage({
    ...t.pop.storageOptions,
    secretKeyAccessor: new SecretKeyAccessor(() => 'inspector-test-secret'),
    options: { ...t.pop.storageOptions.options, httpOptions: fastRetries },
  });
}

function offStorageFor(t: TestPop) {
  return createStorage({
    ...t.pop.storageOptions,
    encrypt: EncryptionType.OFF,
    options: { ...t.pop.storageOptions.options, hashSearchKeys: false, httpOptions: fastRetries },
  });
}

describe.skipIf(!chromiumAvailable).each(popDatabases())(
  'the inspector in chromium on %s',
  (_name, database) => {
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let dialogs: string[];
    let pageErrors: string[];
    let t: TestPop;
    const started: TestPop[] = [];

    /** A PoP for one test, closed (and its schema dropped) after it. */
    async function pop(options: Omit<LocalPopOptions, 'db'> = {}): Promise<TestPop> {
      const opened = await startPopOn(database, options);
      started.push(opened);
      return opened;
    }

    /** Opens the inspector and waits until its data has been read once (or it shows it is locked). */
    async function open(target: TestPop, fragment = ''): Promise<void> {
      await page.goto(`${target.url}/_pop/ui${fragment}`);
      await page.locator('#main:not([hidden]), #locked:not([hidden])').waitFor();
    }

    async function selectScope(env: string, country: string): Promise<void> {
      const row = page.locator(`#scopes tbody tr[data-env="${env}"][data-country="${country}"]`);
      await row.click();
      await page.locator('#records-panel:not([hidden])').waitFor();
    }

    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
    });
    beforeEach(async () => {
      context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      page = await context.newPage();
      dialogs = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.type());
        void dialog.dismiss();
      });
      pageErrors = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      t = await pop();
    });
    afterEach(async (ctx) => {
      if (ctx.task.result?.state === 'fail') {
        const dir = join(SCREENSHOT_ROOT, `${_name}-${ctx.task.name}`.replace(/[^\w.-]+/g, '-'));
        const files = await screenshotPanels(page, dir);
        console.warn(`screenshots of the failed test: ${files.join(', ')}`);
      } else {
        // Every test also proves the page threw nothing along the way.
        expect(pageErrors).toEqual([]);
      }
      await context.close();
      for (const opened of started.splice(0)) await opened.close();
    });

    it('keeps the #token= fragment in sessionStorage and strips it from the URL', async () => {
      const guarded = await pop({ adminToken: ADMIN_TOKEN });
      await open(guarded, `#token=${ADMIN_TOKEN}`);

      await page.locator('#main').waitFor({ state: 'visible' });
      expect(page.url()).toBe(`${guarded.url}/_pop/ui`);
      expect(await page.evaluate('location.hash')).toBe('');
      expect(await page.evaluate("sessionStorage.getItem('incountry-pop-admin-token')")).toBe(ADMIN_TOKEN);
      // A reload in the same tab still works: the token came from sessionStorage, not the URL.
      await page.reload();
      await page.locator('#main:not([hidden])').waitFor();
      await expect.poll(() => page.locator('#about').textContent(), SOON).toContain('admin token');
    });

    it('asks for the token when a guarded PoP is opened without one', async () => {
      const guarded = await pop({ adminToken: ADMIN_TOKEN });
      await open(guarded);
      await expect.poll(() => page.locator('#locked').textContent(), SOON).toContain('#token=');
      await page.locator('#main').waitFor({ state: 'hidden' });
    });

    it('shows an SDK write as stored: a 64-hex record key and a 2: body, found by a plain value hashed in the page', async () => {
      await open(t);
      const storage = await localStorageFor(t);
      await storage.write('us', {
        record_key: 'user-1',
        key1: 'alice@example.com',
        body: 'hello',
        range_key1: 42,
      });
      await storage.write('de', { record_key: 'user-2', body: 'hallo' });

      await selectScope(t.env, 'us');
      const row = page.locator('#records tbody tr').first();
      await expect.poll(() => row.locator('td.envelope').textContent(), SOON).toBe('2:');
      const cells = await row.locator('td').allTextContents();
      expect(cells.filter((text) => HASH.test(text)).length).toBeGreaterThanOrEqual(2); // record_key, key1
      expect(cells.join(' ')).not.toContain('alice');
      expect(cells.join(' ')).not.toContain('user-1');
      await page.locator('#plain-banner').waitFor({ state: 'hidden' });

      // The page hashes exactly as the SDK does: sha256(value + ':' + environmentId).
      await page.fill('#search-value', 'alice@example.com');
      await page.click('#search button[type=submit]');
      const expected = createHash('sha256').update(`alice@example.com:${t.env}`).digest('hex');
      await expect.poll(() => page.locator('#search-info').textContent(), SOON).toContain(expected);
      await expect.poll(() => page.locator('#page-info').textContent(), SOON).toBe('1–1 of 1');
      await page.fill('#search-value', 'nobody');
      await page.click('#search button[type=submit]');
      await expect
        .poll(() => page.locator('#records tbody').textContent(), SOON)
        .toContain('No record matches.');
      await page.click('#search-clear');
      await expect.poll(() => page.locator('#page-info').textContent(), SOON).toBe('1–1 of 1');

      await row.click();
      await page.locator('#drawer').waitFor({ state: 'visible' });
      await expect
        .poll(() => page.locator('#drawer-row').textContent(), SOON)
        .toContain(createHash('sha256').update(`user-1:${t.env}`).digest('hex'));
      await expect
        .poll(() => page.locator('#drawer-row dd').filter({ hasText: /^2:/ }).count(), SOON)
        .toBe(1);

      if (DOCS_SCREENSHOTS && _name === 'SQLite') {
        await page.locator('#drawer-close').click();
        const inAnHour = new Date(Date.now() + 3_600_000);
        await storage.batchWrite(
          'us',
          ['bob', 'carol', 'dave'].map((name, i) => ({
            record_key: `user-${i + 2}`,
            key1: `${name}@example.com`,
            range_key1: 30 + i,
            body: `profile of ${name}`,
            ...(i === 0 ? { expires_at: inAnHour } : {}),
          })),
        );
        t.pop.admin.addFault({ route: 'find', country: 'de', status: 503, times: 3 });
        await storage.read('us', 'user-1');
        await page.locator('#log tbody tr[data-route="read"]').waitFor();
        await expect.poll(() => page.locator('#faults tbody tr').count(), SOON).toBe(1);
        await expect.poll(() => page.locator('#page-info').textContent(), SOON).toBe('1–4 of 4');
        await page.screenshot({ path: 'docs/images/inspector-overview.png' });
        await page.locator('#records tbody tr').last().click();
        await page.locator('#drawer-row dd', { hasText: 'alice' }).waitFor({ state: 'detached' });
        await page.locator('#drawer').screenshot({ path: 'docs/images/inspector-row.png' });
      }
    });

    it('renders an OFF-mode <img onerror> canary in key1 as text: no element, no dialog', async () => {
      await open(t);
      const storage = await offStorageFor(t);
      await storage.write('us', {
        record_key: 'canary',
        key1: CANARY,
        key2: '</td><script>alert(2)</script>',
      });

      await selectScope(t.env, 'us');
      await page.locator('#plain-banner').waitFor({ state: 'visible' });
      await expect
        .poll(() => page.locator('#records tbody td', { hasText: CANARY }).textContent(), SOON)
        .toBe(CANARY);
      await page.locator('#records tbody tr').first().click();
      await expect
        .poll(() => page.locator('#drawer-row dd', { hasText: CANARY }).textContent(), SOON)
        .toBe(CANARY);

      expect(await page.locator('img').count()).toBe(0);
      expect(await page.locator('body script').count()).toBe(0);
      expect(await page.evaluate('window.__pwned')).toBeUndefined();
      expect(dialogs).toEqual([]);
    });

    it('shows a new request in the log within 2 s, polling ?after=<seq>', async () => {
      const polls: string[] = [];
      page.on('request', (request) => {
        if (request.url().includes('/_pop/requests')) polls.push(new URL(request.url()).search);
      });
      await open(t);
      const storage = await localStorageFor(t);
      await storage.write('us', { record_key: 'logged', body: 'x' });

      await page.locator('#log tbody tr[data-route="write"][data-status="201"]').waitFor({ timeout: 2000 });
      expect(polls.some((query) => /[?&]after=[1-9]\d*/.test(query))).toBe(true);
      // Filters work on what arrived.
      await page.fill('#filter-status', '5xx');
      await page.locator('#log tbody tr[data-route="write"]').waitFor({ state: 'hidden' });
    });

    it('adds a 503 fault from the page: the next SDK call fails and the log shows it', async () => {
      await open(t);
      const storage = await localStorageFor(t);
      await page.selectOption('#fault-form select[name=route]', 'write');
      await page.fill('#fault-form input[name=status]', '503');
      await page.click('#fault-form button[type=submit]');
      await expect.poll(() => page.locator('#faults tbody tr').count(), SOON).toBe(1);
      expect(t.pop.admin.faults()).toEqual([
        expect.objectContaining({ rule: { route: 'write', status: 503 }, remaining: null }),
      ]);

      // The SDK retries a 503 on a write (an upsert is idempotent), then gives up.
      await expect(storage.write('us', { record_key: 'refused', body: 'x' })).rejects.toThrow(/503/);
      const faulted = page.locator('#log tbody tr[data-route="write"][data-status="503"][data-fault="true"]');
      await expect.poll(() => faulted.count(), SOON).toBeGreaterThan(0);
      await page.check('#filter-fault');
      await faulted.first().waitFor({ state: 'visible' });
      await page.fill('#filter-status', '2xx');
      await faulted.first().waitFor({ state: 'hidden' });

      await page.click('#faults-clear');
      await expect.poll(() => page.locator('#faults tbody tr').count(), SOON).toBe(0);
      expect(t.pop.admin.faults()).toEqual([]);
      await storage.write('us', { record_key: 'accepted', body: 'x' });

      // A rule the schema refuses is explained in the page (no effect given here).
      await page.selectOption('#fault-form select[name=route]', 'read');
      await page.click('#fault-form button[type=submit]');
      await expect
        .poll(() => page.locator('#fault-error').textContent(), SOON)
        .toContain('a fault needs an effect');
    });

    it('downloads an attachment from the row drawer and exports the scope as NDJSON', async () => {
      await t.call('POST', '/v2/storage/records/us', { body: { record_key: 'with-file', body: '2:abc' } });
      const form = new FormData();
      form.append('file', new Blob(['<h1>not rendered</h1>'], { type: 'text/html' }), 'report.html');
      expect(
        (await t.call('POST', '/v2/storage/records/us/with-file/attachments', { body: form })).status,
      ).toBe(201);
      await open(t);
      await selectScope(t.env, 'us');
      await page.locator('#records tbody tr').first().click();
      await page.locator('#drawer-attachments li', { hasText: 'report.html' }).waitFor();

      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.click('#drawer-attachments button'),
      ]);
      expect(file.suggestedFilename()).toBe('report.html');
      expect(await readFile((await file.path())!, 'utf8')).toBe('<h1>not rendered</h1>');

      await page.click('#drawer-close');
      const [exported] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
      expect(exported.suggestedFilename()).toBe(`pop-${t.env}-us.ndjson`);
      const lines = (await readFile((await exported.path())!, 'utf8')).trimEnd().split('\n');
      expect(lines.map((line) => JSON.parse(line))).toEqual([
        expect.objectContaining({
          record_key: 'with-file',
          body: '2:abc',
          attachments: [expect.objectContaining({ filename: 'report.html' })],
        }),
      ]);
    });

    it('resets one scope after confirmation, emptying its table and leaving the others', async () => {
      const storage = await localStorageFor(t);
      await storage.batchWrite('us', [{ record_key: 'a' }, { record_key: 'b' }, { record_key: 'c' }]);
      await storage.write('de', { record_key: 'kept' });
      await open(t);
      await selectScope(t.env, 'us');
      await expect.poll(() => page.locator('#page-info').textContent(), SOON).toBe('1–3 of 3');

      await page.click('#reset-scope');
      await page.locator('#confirm').waitFor({ state: 'visible' });
      await page.click('#confirm-ok');
      await expect
        .poll(() => page.locator('#records tbody').textContent(), SOON)
        .toContain('This scope holds no records.');
      await expect.poll(() => page.locator(`#scopes tbody tr[data-country="us"]`).count(), SOON).toBe(0);
      await expect.poll(() => page.locator(`#scopes tbody tr[data-country="de"]`).count(), SOON).toBe(1);
      expect(dialogs).toEqual([]);
      expect((await storage.read('de', 'kept')).record.record_key).toBe('kept');
    });

    it('pages through 20,000 records in one scope without loading them all', async () => {
      // Straight to the batch route, 100 wire records per request: the SDK's crypto is not what this tests.
      for (let batch = 0; batch < 200; batch++) {
        const records = Array.from({ length: 100 }, (_, i) => ({
          record_key: createHash('sha256')
            .update(`bulk-${batch * 100 + i}`)
            .digest('hex'),
          body: `2:${randomBytes(48).toString('base64')}`,
          key1: createHash('sha256').update(`k-${i}`).digest('hex'),
          range_key1: batch * 100 + i,
        }));
        const answer = await t.call('POST', '/v2/storage/records/us/batchWrite', { body: { records } });
        expect(answer.status).toBe(201);
      }
      const pages: string[] = [];
      page.on('request', (request) => {
        if (request.url().includes('/_pop/records?'))
          pages.push(new URL(request.url()).searchParams.get('limit')!);
      });
      await open(t);
      await expect
        .poll(() => page.locator('#scopes tbody tr[data-country="us"] td').nth(2).textContent(), SOON)
        .toBe('20,000');
      await selectScope(t.env, 'us');

      await expect.poll(() => page.locator('#page-info').textContent(), SOON).toBe('1–50 of 20,000');
      await expect.poll(() => page.locator('#records tbody tr').count(), SOON).toBe(50);
      await expect
        .poll(() => page.locator('#records tbody tr').first().locator('td').first().textContent(), SOON)
        .toMatch(HASH);
      await page.click('#page-next');
      await expect.poll(() => page.locator('#page-info').textContent(), SOON).toBe('51–100 of 20,000');
      expect(pages.every((limit) => Number(limit) <= 500)).toBe(true);
      // The page still answers: a click on a row opens its drawer.
      await page.locator('#records tbody tr').first().click();
      await page.locator('#drawer').waitFor({ state: 'visible' });
    }, 180_000);

    it('shows no data in strict mode without an admin token, only how to enable it', async () => {
      const strict = await pop({
        strict: true,
        credentials: [
          { environmentId: 'strict-env', clientId: 'strict-client', clientSecret: 'strict-secret-0123' },
        ],
      });
      await strict.call('POST', '/v2/storage/records/us', {
        body: { record_key: 'secret-row', body: 'CANARY-BODY' },
      });
      const dataRequests: string[] = [];
      page.on('request', (request) => {
        if (new URL(request.url()).pathname.startsWith('/_pop/') && !request.url().includes('/_pop/ui'))
          dataRequests.push(request.url());
      });

      await open(strict);
      await expect.poll(() => page.locator('#locked').textContent(), SOON).toContain('--admin-token');
      await page.locator('#main').waitFor({ state: 'hidden' });
      expect(await page.content()).not.toContain('secret-row');
      expect(dataRequests).toEqual([]);
      const direct = await page.evaluate(
        "fetch('/_pop/records?env=strict-env&country=us').then((r) => r.status)",
      );
      expect(direct).toBe(401);
    });

    it('lets no cross-site page reset a scope, change faults or read records', async () => {
      const storage = await localStorageFor(t);
      await storage.write('us', { record_key: 'survivor', body: 'PLAIN' });
      const popUrl = t.url;
      const attacker: Server = createServer((_req, res) => {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(`<!doctype html><body><iframe id="framed" src="${popUrl}/_pop/ui"></iframe><script>
const pop = ${JSON.stringify(popUrl)};
const env = ${JSON.stringify(t.env)};
window.results = {};
async function attempt(name, url, init) {
  try {
    const response = await fetch(url, init);
    results[name] = response.type === 'opaque' ? 'opaque' : String(response.status);
  } catch { results[name] = 'blocked'; }
}
(async () => {
  const scope = JSON.stringify({ env, country: 'us' });
  await attempt('resetScopeNoCors', pop + '/_pop/reset', { method: 'POST', mode: 'no-cors', body: scope });
  await attempt('resetScopeJson', pop + '/_pop/reset', { method: 'POST', headers: { 'content-type': 'application/json' }, body: scope });
  await attempt('faultNoCors', pop + '/_pop/faults', { method: 'POST', mode: 'no-cors', body: '{"route":"*","status":503}' });
  await attempt('clearFaultsNoCors', pop + '/_pop/faults', { method: 'DELETE', mode: 'no-cors', body: '{}' });
  await attempt('records', pop + '/_pop/records?env=' + env + '&country=us');
  await attempt('export', pop + '/_pop/export?env=' + env + '&country=us');
  window.done = true;
})();
</script></body>`);
      });
      await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
      try {
        t.pop.admin.addFault({ route: 'healthcheck', latencyMs: 1 });
        await page.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
        await page.waitForFunction('window.done === true');
        expect(await page.evaluate('window.results')).toEqual({
          resetScopeNoCors: 'opaque',
          resetScopeJson: 'blocked',
          faultNoCors: 'opaque',
          clearFaultsNoCors: 'blocked',
          records: 'blocked',
          export: 'blocked',
        });
        // frame-ancestors 'none': the inspector does not render inside another site's frame.
        const framed = page.frame({ url: /\/_pop\/ui/ });
        expect(
          await framed
            ?.locator('#main:not([hidden])')
            .count()
            .catch(() => 0),
        ).toBeFalsy();
      } finally {
        await new Promise((resolve) => attacker.close(resolve));
      }
      expect((await storage.read('us', 'survivor')).record.body).toBe('PLAIN');
      expect(t.pop.admin.faults()).toHaveLength(1);
    });
  },
);
