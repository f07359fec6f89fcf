/**
 * The Storage client end to end against the local PoP on 127.0.0.1 (HTTP, OAuth, SQLite in memory):
 * write, batchWrite of 100, read, and find of 100 records, in LOCAL and OFF mode in the same run, measured
 * round-robin so both modes see the same machine noise. Targets (docs/architecture.md#performance-design): find of 100 own records
 * under 20 ms median; LOCAL within 1.5x of OFF.
 * Run: `npm run bench -- storage` (or `npx tsx bench/storage.bench.ts`). Writes bench/results/storage.json.
 */
import { pathToFileURL } from 'node:url';
import {
  createStorage,
  EncryptionType,
  type RecordInput,
  SecretKeyAccessor,
  type Storage,
} from '../src/index.js';
import { startLocalPop } from '../src/server/index.js';
import { measureInterleaved, ms, printTable, writeResults } from './support/measure.js';

const BODY = JSON.stringify({ text: 'x'.repeat(1000) }).slice(0, 1024);

function records(prefix: string, count: number): RecordInput[] {
  return Array.from({ length: count }, (_, i) => ({
    record_key: `${prefix}-${i}`,
    key1: `email-${i}@example.com`,
    key2: `customer-${i % 50}`,
    key3: prefix,
    range_key1: i,
    body: BODY,
  }));
}

export async function run(): Promise<void> {
  const pop = await startLocalPop();
  try {
    const storages: Record<'LOCAL' | 'OFF', Storage> = {
      LOCAL: (await createStorage({
        ...pop.storageOptions,
        secretKeyAccessor: new SecretKeyAccessor(() => 'benchmark password'),
      })) as Storage,
      OFF: (await createStorage({ ...pop.storageOptions, encrypt: EncryptionType.OFF })) as Storage,
    };
    // 100 records per mode that find() returns, in a country of their own.
    for (const [mode, storage] of Object.entries(storages))
      await storage.batchWrite('de', records(`find-${mode}`, 100));
    const batch = { LOCAL: records('batch-LOCAL', 100), OFF: records('batch-OFF', 100) };
    let n = 0;

    const cases: Record<string, () => Promise<unknown>> = {};
    for (const mode of ['LOCAL', 'OFF'] as const) {
      const storage = storages[mode];
      cases[`write ${mode}`] = () =>
        storage.write('us', { ...batch[mode][0]!, record_key: `w-${mode}-${n++ % 200}` });
      cases[`batchWrite 100 ${mode}`] = () => storage.batchWrite('us', batch[mode]);
      cases[`read ${mode}`] = () => storage.read('de', `find-${mode}-7`);
      cases[`find 100 ${mode}`] = async () => {
        const found = await storage.find('de', { key3: `find-${mode}` }, { limit: 100 });
        if (found.data.length !== 100) throw new Error(`expected 100 records, got ${found.data.length}`);
      };
    }
    const m = await measureInterleaved(cases, { iterations: 40, warmup: 5 });

    const rows = ['write', 'batchWrite 100', 'read', 'find 100'].map((op) => {
      const local = m[`${op} LOCAL`]!.medianMs;
      const off = m[`${op} OFF`]!.medianMs;
      return { case: op, localMs: local, offMs: off, ratio: local / off };
    });
    printTable(
      rows.map((r) => ({
        case: r.case,
        'LOCAL median ms': ms(r.localMs),
        'OFF median ms': ms(r.offMs),
        'LOCAL/OFF': r.ratio.toFixed(2),
      })),
    );
    const find = rows.find((r) => r.case === 'find 100')!;
    const worst = Math.max(...rows.map((r) => r.ratio));
    console.log(
      `\nfind of 100 own records (LOCAL): ${ms(find.localMs)} ms median (target < 20 ms) — ${find.localMs < 20 ? 'met' : 'MISSED'}`,
    );
    console.log(
      `worst LOCAL/OFF ratio: ${worst.toFixed(2)} (target < 1.5) — ${worst < 1.5 ? 'met' : 'MISSED'}`,
    );
    const path = writeResults('storage', {
      rows,
      measurements: m,
      targets: { findMs: 20, localOffRatio: 1.5 },
    });
    console.log(`wrote ${path}`);
  } finally {
    await pop.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
