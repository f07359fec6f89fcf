/**
 * otelTelemetry() end to end: the SDK against the real local PoP, recorded with real OpenTelemetry SDK
 * parts (BasicTracerProvider + InMemorySpanExporter, AsyncLocalStorageContextManager, MeterProvider +
 * InMemoryMetricExporter). Faults come from the PoP's fault injection.
 */
import { tracingChannel } from 'node:diagnostics_channel';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  type AttemptContext,
  EncryptionType,
  StorageNetworkError,
  StorageServerError,
  TELEMETRY_CHANNELS,
} from '../../src/index.js';
import { otelTelemetry } from '../../src/otel/index.js';
import { storageFor } from '../storage/support/storages.js';
import { useLocalPop } from '../storage/support/test-pop.js';
import { createOtelHarness, metricPoints, type OtelHarness } from './support/otel-harness.js';

const ctx = useLocalPop();
let otel: OtelHarness;
beforeEach(() => {
  otel = createOtelHarness();
});

async function tracedStorage(options: Parameters<typeof otelTelemetry>[0] = {}, mode = EncryptionType.LOCAL) {
  const telemetry = otelTelemetry({
    tracerProvider: otel.tracerProvider,
    meterProvider: otel.meterProvider,
    ...options,
  });
  return storageFor(ctx.pop, mode, { telemetry });
}

function spanNamed(name: string) {
  const found = otel.spans().filter((s) => s.name === name);
  expect(found, `spans named ${name}`).toHaveLength(1);
  return found[0] as NonNullable<(typeof found)[number]>;
}

describe('spans', () => {
  it('write, batchWrite, find and read: one CLIENT span each, with the database-client attributes', async () => {
    const storage = await tracedStorage();
    await storage.write('us', { record_key: 'k1', key1: 'alice', body: 'b' });
    await storage.batchWrite('us', [{ record_key: 'k2' }, { record_key: 'k3' }]);
    await storage.find('us', { key1: 'alice' });
    await storage.read('us', 'k1');
    const { port } = new URL(ctx.pop.url);
    const common = {
      'db.system.name': 'incountry',
      'db.collection.name': 'us',
      'db.namespace': ctx.pop.storageOptions.environmentId,
      'server.address': '127.0.0.1',
      'server.port': Number(port),
    };
    expect(otel.spans().map((s) => s.name)).toEqual(['write us', 'batchWrite us', 'find us', 'read us']);
    for (const span of otel.spans()) {
      expect(span.kind).toBe(SpanKind.CLIENT);
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      expect(span.instrumentationScope.name).toBe('incountry-ts');
    }
    expect(spanNamed('write us').attributes).toEqual({
      ...common,
      'db.operation.name': 'write',
      'db.response.status_code': '201',
      'db.response.returned_rows': 1,
    });
    expect(spanNamed('batchWrite us').attributes).toEqual({
      ...common,
      'db.operation.name': 'batchWrite',
      'db.operation.batch.size': 2,
      'db.response.status_code': '201',
      'db.response.returned_rows': 2,
    });
    expect(spanNamed('find us').attributes).toEqual({
      ...common,
      'db.operation.name': 'find',
      'db.response.status_code': '200',
      'db.response.returned_rows': 1,
    });
    expect(spanNamed('read us').attributes).toMatchObject({
      'db.operation.name': 'read',
      'db.response.returned_rows': 1,
    });
  });

  it('a builder find (and so a repository find) is a find span too; db.query.text is the shape when asked', async () => {
    const storage = await tracedStorage({ captureQueryShape: true });
    await storage
      .in('us')
      .where('key1')
      .eq('alice')
      .where('range_key1')
      .gte(18)
      .sortBy('range_key1', 'asc')
      .limit(10)
      .find();
    await storage.find('us', { key1: ['a', 'b'], $or: [{ key2: 'x' }, { key3: 'y' }] }, { offset: 5 });
    const [builder, object] = otel.spans();
    expect(builder?.name).toBe('find us');
    expect(builder?.attributes['db.query.text']).toBe(
      '{"key1":?,"range_key1":{"$gte":?}} sort:range_key1 limit:? offset:?',
    );
    expect(object?.attributes['db.query.text']).toBe('{"key1":?,"$or":[{"key2":?},{"key3":?}]} offset:?');
  });

  it('db.query.text is not recorded unless asked for', async () => {
    const storage = await tracedStorage();
    await storage.find('us', { key1: 'alice' });
    expect(spanNamed('find us').attributes).not.toHaveProperty('db.query.text');
  });

  it('requireParentSpan: no root spans, and spans inside an application span', async () => {
    const storage = await tracedStorage({ requireParentSpan: true });
    await storage.find('us');
    expect(otel.spans()).toEqual([]);
    const tracer = otel.tracerProvider.getTracer('app');
    await tracer.startActiveSpan('handle request', async (app) => {
      await storage.find('us');
      app.end();
    });
    const find = spanNamed('find us');
    expect(find.parentSpanContext?.spanId).toBe(spanNamed('handle request').spanContext().spanId);
  });

  it('the call span is the active span while the call runs (so HTTP spans nest under it)', async () => {
    const storage = await tracedStorage();
    const active: (string | undefined)[] = [];
    const attempts = tracingChannel<AttemptContext, AttemptContext>(TELEMETRY_CHANNELS.attempt);
    const onStart = () => active.push(trace.getActiveSpan()?.spanContext().spanId);
    attempts.start.subscribe(onStart);
    try {
      await storage.find('us');
    } finally {
      attempts.start.unsubscribe(onStart);
    }
    // The token request and the find request, both under the call.
    expect(active).toEqual(Array(2).fill(spanNamed('find us').spanContext().spanId));
  });

  it('attemptSpans: one INTERNAL span per HTTP attempt under the call span', async () => {
    ctx.pop.admin.addFault({ route: 'find', status: 503, times: 1 });
    const storage = await tracedStorage({ attemptSpans: true });
    await storage.find('us');
    const find = spanNamed('find us');
    const attempts = otel.spans().filter((s) => s.name === 'find attempt');
    expect(spanNamed('token request').parentSpanContext?.spanId).toBe(find.spanContext().spanId);
    expect(
      attempts.map((s) => [
        s.kind,
        s.attributes['incountry.attempt'],
        s.attributes['db.response.status_code'],
      ]),
    ).toEqual([
      [SpanKind.INTERNAL, 1, '503'],
      [SpanKind.INTERNAL, 2, '200'],
    ]);
    for (const a of attempts) expect(a.parentSpanContext?.spanId).toBe(find.spanContext().spanId);
  });
});

describe('faults', () => {
  it('429 twice, then success: two retry events, status unset', async () => {
    ctx.pop.admin.addFault({ route: 'find', status: 429, retryAfter: 0, times: 2 });
    const storage = await tracedStorage();
    await storage.find('us');
    const find = spanNamed('find us');
    expect(find.status.code).toBe(SpanStatusCode.UNSET);
    expect(
      find.events.map((e) => [
        e.name,
        e.attributes?.['incountry.retry.attempt'],
        e.attributes?.['incountry.retry.reason'],
      ]),
    ).toEqual([
      ['retry', 2, 'http_429'],
      ['retry', 3, 'http_429'],
    ]);
    for (const e of find.events) expect(e.attributes?.['incountry.retry.delay']).toBeTypeOf('number');
    const retries = metricPoints(await otel.metrics(), 'incountry.client.retries');
    expect(retries).toEqual([
      {
        attributes: expect.objectContaining({
          'db.operation.name': 'find',
          'incountry.retry.reason': 'http_429',
        }),
        value: 2,
      },
    ]);
  });

  it('503 on write: ERROR with StorageServerError, the status text and no message', async () => {
    ctx.pop.admin.addFault({ route: 'write', status: 503 });
    const storage = await tracedStorage();
    await expect(storage.write('us', { record_key: 'k' })).rejects.toBeInstanceOf(StorageServerError);
    const write = spanNamed('write us');
    expect(write.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'write() failed: Service Unavailable',
    });
    expect(write.attributes).toMatchObject({
      'error.type': 'StorageServerError',
      'db.response.status_code': '503',
    });
    expect(write.events.filter((e) => e.name === 'exception').map((e) => e.attributes)).toEqual([
      { 'exception.type': 'StorageServerError' },
    ]);
  });

  it('connection reset: ERROR with StorageNetworkError', async () => {
    ctx.pop.admin.addFault({ route: 'read', reset: true });
    const storage = await tracedStorage();
    await expect(storage.read('us', 'k')).rejects.toBeInstanceOf(StorageNetworkError);
    const read = spanNamed('read us');
    expect(read.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'read() failed: StorageNetworkError',
    });
    expect(read.attributes['error.type']).toBe('StorageNetworkError');
    expect(
      read.events.filter((e) => e.name === 'retry').map((e) => e.attributes?.['incountry.retry.reason']),
    ).toEqual(['connection_error', 'connection_error']);
  });

  it('401 once: one forced token refresh, counted', async () => {
    const storage = await tracedStorage();
    await storage.healthCheck('us');
    ctx.pop.admin.addFault({ route: 'find', unauthorizedOnce: true });
    await storage.find('us');
    expect(spanNamed('find us').status.code).toBe(SpanStatusCode.UNSET);
    const tokens = metricPoints(await otel.metrics(), 'incountry.client.token.requests');
    expect(tokens).toEqual([
      { attributes: { 'db.system.name': 'incountry', 'incountry.token.refresh': false }, value: 1 },
      { attributes: { 'db.system.name': 'incountry', 'incountry.token.refresh': true }, value: 1 },
    ]);
  });

  it('abort (before and during the request): status unset, no error.type', async () => {
    const storage = await tracedStorage();
    await expect(storage.find('us', {}, {}, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      StorageNetworkError,
    );
    const controller = new AbortController();
    const attempts = tracingChannel<AttemptContext, AttemptContext>(TELEMETRY_CHANNELS.attempt);
    const abort = () => controller.abort();
    attempts.start.subscribe(abort);
    try {
      await expect(storage.read('us', 'k', { signal: controller.signal })).rejects.toBeInstanceOf(
        StorageNetworkError,
      );
    } finally {
      attempts.start.unsubscribe(abort);
    }
    for (const name of ['find us', 'read us']) {
      const span = spanNamed(name);
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      expect(span.attributes).not.toHaveProperty('error.type');
      expect(span.events).toEqual([]);
    }
  });
});

describe('metrics', () => {
  it('db.client.operation.duration (seconds, semconv buckets) and db.client.response.returned_rows', async () => {
    const storage = await tracedStorage();
    await storage.batchWrite('us', [{ record_key: 'a' }, { record_key: 'b' }, { record_key: 'c' }]);
    await storage.find('us');
    const collected = await otel.metrics();
    const duration = collected
      .at(-1)
      ?.scopeMetrics.flatMap((s) => s.metrics)
      .find((m) => m.descriptor.name === 'db.client.operation.duration');
    expect(duration?.descriptor.unit).toBe('s');
    const points = (duration?.dataPoints ?? []) as {
      attributes: Record<string, unknown>;
      value: { count: number; buckets: { boundaries: number[] } };
    }[];
    expect(points.map((p) => p.attributes['db.operation.name']).sort()).toEqual(['batchWrite', 'find']);
    for (const p of points) {
      expect(p.value.count).toBe(1);
      expect(p.value.buckets.boundaries).toEqual([0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10]);
    }
    const rows = metricPoints(collected, 'db.client.response.returned_rows') as {
      attributes: Record<string, unknown>;
      value: { sum: number };
    }[];
    expect(rows.map((p) => [p.attributes['db.operation.name'], p.value.sum]).sort()).toEqual([
      ['batchWrite', 3],
      ['find', 3],
    ]);
  });

  it('key derivations are counted and timed (LOCAL mode, a cold derived-key cache)', async () => {
    const storage = await tracedStorage();
    await storage.write('us', { record_key: 'k', body: 'x' });
    const collected = await otel.metrics();
    const count = metricPoints(collected, 'incountry.client.key_derivations');
    expect(count).toEqual([{ attributes: { 'db.system.name': 'incountry' }, value: 1 }]);
    const duration = metricPoints(collected, 'incountry.client.key_derivation.duration') as {
      value: { count: number };
    }[];
    expect(duration[0]?.value.count).toBe(1);
  });
});
