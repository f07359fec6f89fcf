/**
 * What telemetry costs a `find` of 10 records (OFF mode, local PoP on 127.0.0.1): no subscriber and no
 * `telemetry` option (the seam's `hasSubscribers` check only), the OpenTelemetry bridge over the API's
 * no-op providers (no SDK registered), and the bridge over real SDK providers that export nothing
 * (BasicTracerProvider without processors, MeterProvider without readers). Measured round-robin. A second
 * table times the seam itself around an already-resolved call, per call.
 * Run: `npm run bench -- telemetry`. Writes bench/results/telemetry.json.
 */
import { pathToFileURL } from 'node:url';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { createStorage, EncryptionType, type Storage } from '../src/index.js';
import { otelTelemetry } from '../src/otel/index.js';
import { startLocalPop } from '../src/server/index.js';
import { traceOperation } from '../src/telemetry/operation-tracing.js';
import { measureInterleaved, ms, printTable, writeResults } from './support/measure.js';

export async function run(): Promise<void> {
  const pop = await startLocalPop();
  try {
    const off = { ...pop.storageOptions, encrypt: EncryptionType.OFF } as const;
    const storages: Record<string, Storage> = {
      'no subscriber': (await createStorage(off)) as Storage,
      'bridge, API no-op providers': (await createStorage({ ...off, telemetry: otelTelemetry() })) as Storage,
      'bridge, SDK without exporters': (await createStorage({
        ...off,
        telemetry: otelTelemetry({
          tracerProvider: new BasicTracerProvider(),
          meterProvider: new MeterProvider(),
        }),
      })) as Storage,
    };
    await storages['no subscriber']?.batchWrite(
      'us',
      Array.from({ length: 10 }, (_, i) => ({ record_key: `r-${i}`, key2: 'bench', body: 'x'.repeat(200) })),
    );
    const cases = Object.fromEntries(
      Object.entries(storages).map(([name, storage]) => [
        `find 10, ${name}`,
        async () => {
          const found = await storage.find('us', { key2: 'bench' });
          if (found.data.length !== 10) throw new Error(`expected 10 records, got ${found.data.length}`);
        },
      ]),
    );
    const m = await measureInterleaved(cases, { iterations: 300, warmup: 30 });
    const base = m['find 10, no subscriber']!.medianMs;
    const rows = Object.values(m).map((r) => ({
      case: r.name,
      'median ms': ms(r.medianMs),
      'vs no subscriber': `${(((r.medianMs - base) / base) * 100).toFixed(1)} %`,
    }));
    printTable(rows);

    // The seam alone, 10,000 calls per sample, so the per-call cost is visible above timer resolution.
    const calls = 10_000;
    const resolved = Promise.resolve(1);
    const call = () => resolved;
    const describe = () => ({ operation: 'find', country: 'us' });
    const bridged = { environmentId: 'env', telemetry: otelTelemetry() };
    const seam = await measureInterleaved(
      {
        'direct call': async () => {
          for (let i = 0; i < calls; i++) await call();
        },
        'traceOperation, nobody listening': async () => {
          for (let i = 0; i < calls; i++) await traceOperation(undefined, describe, call);
        },
        'traceOperation, bridge (no-op API)': async () => {
          for (let i = 0; i < calls; i++) await traceOperation(bridged, describe, call);
        },
      },
      { iterations: 30, warmup: 5 },
    );
    const seamRows = Object.values(seam).map((r) => ({
      case: r.name,
      'ns per call': ((r.medianMs * 1e6) / calls).toFixed(0),
    }));
    printTable(seamRows);
    const path = writeResults('telemetry', { find: m, seam, callsPerSample: calls });
    console.log(`wrote ${path}`);
  } finally {
    await pop.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
