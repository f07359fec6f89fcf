/**
 * The inspector with 20,000 records in one scope (issue 24: the first page in under 1 s): the
 * `/_pop/records` first page and `/_pop/scopes` on their own, and in chromium the time from a click on
 * the scope to its first page on screen, and from "next" to the second. SQLite, and PostgreSQL when
 * POP_TEST_POSTGRES_URL is set. Needs Debian's chromium (or POP_TEST_CHROMIUM) for the browser cases.
 * Run: `npm run bench -- inspector`. Writes bench/results/inspector.json.
 */
import { createHash, randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { startLocalPop } from '../src/server/index.js';
import { chromiumAvailable, launchChromium } from '../test/browser/support/chromium.js';
import { fetchToken } from '../test/server/support/test-pop.js';
import { median, ms, printTable, writeResults } from './support/measure.js';
import { withScratchSchema } from './support/scratch-schema.js';

const RECORDS = 20_000;
const RUNS = 7;

async function fill(url: string, token: string, env: string): Promise<void> {
  for (let batch = 0; batch < RECORDS / 100; batch++) {
    const records = Array.from({ length: 100 }, (_, i) => ({
      record_key: createHash('sha256')
        .update(`bulk-${batch * 100 + i}:${env}`)
        .digest('hex'),
      key1: createHash('sha256').update(`k-${i}:${env}`).digest('hex'),
      body: `2:${randomBytes(700).toString('base64')}`,
      range_key1: batch * 100 + i,
    }));
    const answer = await fetch(`${url}/v2/storage/records/us/batchWrite`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'x-env-id': env, 'content-type': 'application/json' },
      body: JSON.stringify({ records }),
    });
    if (answer.status !== 201) throw new Error(`batch write failed: ${answer.status}`);
  }
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

async function measureOn(name: string, db: string): Promise<Record<string, string | number>[]> {
  const pop = await startLocalPop({ db });
  try {
    const { environmentId: env, clientId, clientSecret } = pop.storageOptions;
    await fill(pop.url, await fetchToken(pop.url, clientId, clientSecret, env), env);
    const records = `${pop.url}/_pop/records?env=${env}&country=us&limit=50`;
    const samples = {
      records: [] as number[],
      scopes: [] as number[],
      click: [] as number[],
      next: [] as number[],
    };
    for (let run = 0; run < RUNS; run++) {
      samples.records.push(await timed(async () => (await fetch(records)).json()));
      samples.scopes.push(await timed(async () => (await fetch(`${pop.url}/_pop/scopes`)).json()));
    }
    if (chromiumAvailable) {
      const browser = await launchChromium();
      try {
        for (let run = 0; run < RUNS; run++) {
          const page = await browser.newPage();
          await page.goto(`${pop.url}/_pop/ui`);
          const scope = page.locator('#scopes tbody tr[data-country="us"]');
          await scope.waitFor();
          samples.click.push(
            await timed(async () => {
              await scope.click();
              await page.locator('#page-info', { hasText: '1–50 of 20,000' }).waitFor();
            }),
          );
          samples.next.push(
            await timed(async () => {
              await page.click('#page-next');
              await page.locator('#page-info', { hasText: '51–100 of 20,000' }).waitFor();
            }),
          );
          await page.close();
        }
      } finally {
        await browser.close();
      }
    }
    const row = (label: string, values: number[]) => ({
      database: name,
      case: label,
      'median ms': values.length === 0 ? 'n/a' : ms(median(values)),
      'max ms': values.length === 0 ? 'n/a' : ms(Math.max(...values)),
    });
    return [
      row('GET /_pop/records first page (50)', samples.records),
      row('GET /_pop/scopes', samples.scopes),
      row('chromium: click scope -> first page shown', samples.click),
      row('chromium: next -> second page shown', samples.next),
    ];
  } finally {
    await pop.close();
  }
}

/** Runs the cases on SQLite and, when configured, PostgreSQL. */
export async function run(): Promise<void> {
  if (!chromiumAvailable) console.log('chromium not found: browser cases skipped');
  const rows = await measureOn('SQLite', 'sqlite::memory:');
  const postgres = process.env.POP_TEST_POSTGRES_URL;
  if (postgres !== undefined)
    rows.push(
      ...(await withScratchSchema(postgres, 'bench_inspector', (schema) => {
        const url = new URL(postgres);
        url.searchParams.set('schema', schema);
        return measureOn('PostgreSQL', url.toString());
      })),
    );
  printTable(rows);
  console.log(`results: ${writeResults('inspector', { records: RECORDS, runs: RUNS, rows })}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
