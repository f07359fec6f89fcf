// A consumer with @opentelemetry/sdk-trace-base and sdk-metrics: incountry-ts/otel records write, batchWrite,
// find and read spans with their attributes, retry events and the duration histogram, and no canary.
import { createHash } from 'node:crypto';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { createStorage, SecretKeyAccessor } from 'incountry-ts';
import { otelTelemetry } from 'incountry-ts/otel';

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const spans = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({
  exporter: metricExporter,
  exportIntervalMillis: 3_600_000,
});
const meterProvider = new MeterProvider({ readers: [reader] });

const canary = `cnry${Date.now().toString(36)}`;
const storage = await createStorage({
  secretKeyAccessor: new SecretKeyAccessor(() => 'otel secret'),
  options: { httpOptions: { retryBaseDelay: 0.005, retryMaxDelay: 0.02 } },
  telemetry: otelTelemetry({ tracerProvider, meterProvider }),
});
const endpoint = process.env.INC_ENDPOINT;
await fetch(`${endpoint}/_pop/faults`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ route: 'find', status: 429, retryAfter: 0, times: 2 }),
});
await storage.write('us', { record_key: `${canary}-1`, key1: canary, body: canary });
await storage.batchWrite('us', [{ record_key: `${canary}-2` }, { record_key: `${canary}-3` }]);
await storage.find('us', { key1: canary });
await storage.read('us', `${canary}-1`);
await reader.forceFlush();

const fail = (what) => {
  throw new Error(`otel consumer: ${what}`);
};
const byName = new Map(spans.getFinishedSpans().map((s) => [s.name, s]));
for (const name of ['write us', 'batchWrite us', 'find us', 'read us'])
  if (!byName.has(name)) fail(`no ${name} span (got ${[...byName.keys()].join(', ')})`);
const find = byName.get('find us');
if (find.attributes['db.system.name'] !== 'incountry' || find.attributes['db.response.returned_rows'] !== 1)
  fail(`find attributes: ${JSON.stringify(find.attributes)}`);
if (byName.get('batchWrite us').attributes['db.operation.batch.size'] !== 2)
  fail('batchWrite has no batch size');
if (find.events.filter((e) => e.name === 'retry').length !== 2) fail('find has no two retry events');
const metrics = metricExporter
  .getMetrics()
  .at(-1)
  .scopeMetrics.flatMap((s) => s.metrics);
if (!metrics.some((m) => m.descriptor.name === 'db.client.operation.duration')) fail('no duration histogram');
const text = JSON.stringify({
  spans: spans
    .getFinishedSpans()
    .map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, status: s.status })),
  metrics,
});
const hash = createHash('sha256').update(`${canary}-1:${process.env.INC_ENVIRONMENT_ID}`).digest('hex');
if (text.includes(canary) || text.includes(hash)) fail('a canary or its hash reached telemetry');
console.log(`ok otel: ${byName.size} spans, ${metrics.length} metrics, no canary`);
