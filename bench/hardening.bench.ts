/**
 * Memory and latency of the hardening limits (issue 10): the client refusing a 300 MB response (peak RSS
 * growth), a find over 55 records of 2 MB (time to answer, and a read of another environment meanwhile),
 * and token issuance with 52k live tokens (time per issue) and over 100k issues (live tokens, RSS growth).
 * Run: `npm run bench -- hardening` (or `npx tsx bench/hardening.bench.ts`). Writes bench/results/hardening.json.
 * Numbers from a shared machine are noisy; the memory figures are what matter.
 */
import { pathToFileURL } from 'node:url';
import { createStorage, EncryptionType } from '../src/index.js';
import { startLocalPop } from '../src/server/index.js';
import { TokenRegistry } from '../src/server/token-registry.js';
import { hugeBodyServer } from '../test/support/hostile-servers.js';
import { printTable, writeResults } from './support/measure.js';

const MiB = 1024 * 1024;

async function peakRssGrowth(action: () => Promise<unknown>): Promise<{ mib: number; outcome: string }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 2);
  let outcome: string;
  try {
    await action();
    outcome = 'answered';
  } catch (error) {
    outcome = `${(error as Error).name}: ${(error as Error).message.slice(0, 80)}`;
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  return { mib: Math.round((peak - before) / MiB), outcome };
}

async function hugeResponse() {
  const pop = await startLocalPop();
  const server = await hugeBodyServer(300 * 1000 * 1000);
  try {
    const storage = await createStorage({
      ...pop.storageOptions,
      endpoint: server.url,
      encrypt: EncryptionType.SSE,
      options: { ...pop.storageOptions.options, httpOptions: { timeout: 120 } },
    });
    return await peakRssGrowth(() => storage.read('us', 'k'));
  } finally {
    await server.close();
    await pop.close();
  }
}

async function bigFind() {
  const pop = await startLocalPop({
    credentials: [
      { environmentId: 'big', clientId: 'big', clientSecret: 'big-secret-0123456789' },
      { environmentId: 'other', clientId: 'other', clientSecret: 'other-secret-0123456789' },
    ],
  });
  try {
    const big = pop.admin.issueToken('big');
    const other = pop.admin.issueToken('other');
    const call = (token: string, env: string, path: string, body?: unknown) =>
      fetch(`${pop.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${token}`, 'x-env-id': env, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const payload = 'b'.repeat(2 * MiB);
    for (let i = 0; i < 55; i++)
      await (await call(big, 'big', '/v2/storage/records/us', { record_key: `r${i}`, body: payload })).text();
    await (await call(other, 'other', '/v2/storage/records/us', { record_key: 'small' })).text();

    const started = performance.now();
    let readMs = 0;
    const find = call(big, 'big', '/v2/storage/records/us/find', {
      filter: {},
      options: { limit: 100 },
    }).then(async (r) => ({
      status: r.status,
      bytes: (await r.arrayBuffer()).byteLength,
      ms: performance.now() - started,
    }));
    // Another tenant's read issued right behind the find.
    const readStarted = performance.now();
    const read = call(other, 'other', '/v2/storage/records/us/small').then(async (r) => {
      await r.text();
      readMs = performance.now() - readStarted;
      return r.status;
    });
    const [found, readStatus] = await Promise.all([find, read]);
    return { ...found, readStatus, readMs };
  } finally {
    await pop.close();
  }
}

function tokens() {
  const registry = new TokenRegistry(3600);
  for (let i = 0; i < 52_000; i++) registry.issue('env');
  const samples: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t0 = performance.now();
    registry.issue('env');
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const medianUs = Math.round(samples[samples.length >> 1]! * 1000 * 100) / 100;

  let clock = 0;
  const realNow = Date.now;
  Date.now = () => clock;
  try {
    const short = new TokenRegistry(1);
    const before = process.memoryUsage().rss;
    let live = 0;
    for (let i = 0; i < 100_000; i++) {
      short.issue('env');
      clock += 1;
      live = Math.max(live, (short as unknown as { size?: number }).size ?? Number.NaN);
    }
    return { medianUs, liveMax: live, rssGrowthMiB: Math.round((process.memoryUsage().rss - before) / MiB) };
  } finally {
    Date.now = realNow;
  }
}

export async function run(): Promise<void> {
  const huge = await hugeResponse();
  const find = await bigFind();
  const token = tokens();
  const rows = [
    { case: 'client: 300 MB response', result: huge.outcome, figure: `peak RSS +${huge.mib} MiB` },
    {
      case: 'PoP: find over 55 x 2 MB',
      result: `${find.status} (${Math.round(find.bytes / 1024)} KiB answer)`,
      figure: `${Math.round(find.ms)} ms; other env read ${find.readStatus} in ${Math.round(find.readMs)} ms`,
    },
    { case: 'PoP: token issue, 52k live', result: 'issued', figure: `median ${token.medianUs} µs` },
    {
      case: 'PoP: 100k token issues, 1 s TTL',
      result: `max live ${token.liveMax}`,
      figure: `RSS +${token.rssGrowthMiB} MiB`,
    },
  ];
  printTable(rows);
  writeResults('hardening', { huge, find, token });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
