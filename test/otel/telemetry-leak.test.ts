/**
 * Nothing the SDK keeps in-country reaches telemetry. A property test puts canaries into every key, body,
 * file name, filter and search, in LOCAL, SSE and OFF, runs every operation (failures and retries
 * included), then serialises every span, event and metric point, and every context published on the
 * SDK's diagnostics channels, and looks for the canaries, their key hashes (`sha256(value:envId)`), the
 * bearer tokens, the client secret and the encryption secret.
 *
 * `@opentelemetry/instrumentation-http` is installed too, as users have it: with incountryHttpSpanHooks()
 * nothing leaks; without them its `url.full` carries the record key's hash (the plain key in SSE), which
 * the test must find — proof that it can fail. The PoP runs in this process, so its incoming (server)
 * spans are ignored: they belong to the PoP, not to a client.
 */
import { createHash } from 'node:crypto';
import { channel, subscribe, tracingChannel, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import { trace } from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EncryptionType, type PlainSearchKeys, type Storage, TELEMETRY_CHANNELS } from '../../src/index.js';
import { incountryHttpSpanHooks, otelTelemetry } from '../../src/otel/index.js';
import { storageFor } from '../storage/support/storages.js';
import { passwordAccessor, useLocalPop } from '../storage/support/test-pop.js';
import { createOtelHarness, type OtelHarness, spanRecord } from './support/otel-harness.js';

const CLIENT_SECRET = 'client-secret-7f3a9c2e51';
const ENCRYPTION_SECRET = 'encryption-secret-c81d4b';
const ctx = useLocalPop({
  credentials: [{ environmentId: 'leak-env', clientId: 'leak-client', clientSecret: CLIENT_SECRET }],
});

// One instrumentation for the file; each case sets its hooks. enable() alone does not patch node:http,
// which got has already imported: the next require('node:http') does (require-in-the-middle), and it
// patches the module object itself, which got reads `request` from on every call.
const http = new HttpInstrumentation({ ignoreIncomingRequestHook: () => true });
let harness: OtelHarness;

/** Everything published on the SDK's channels, as JSON, and the bearer tokens sent. */
const published: string[] = [];
const tokens = new Set<string>();
const onMessage = (message: unknown) => published.push(JSON.stringify(message));
const tracingHandlers = {
  start: onMessage,
  end: onMessage,
  asyncStart: onMessage,
  asyncEnd: onMessage,
  error: onMessage,
};
const onRequest = (message: unknown) => {
  const auth = (message as { request: ClientRequest }).request.getHeader('authorization');
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) tokens.add(auth.slice('Bearer '.length));
};
const tracing = [
  TELEMETRY_CHANNELS.operation,
  TELEMETRY_CHANNELS.attempt,
  TELEMETRY_CHANNELS.token,
  TELEMETRY_CHANNELS.keyDerivation,
];

beforeAll(() => {
  harness = createOtelHarness();
  http.setTracerProvider(harness.tracerProvider);
  http.enable();
  createRequire(import.meta.url)('node:http');
  for (const name of tracing) tracingChannel(name).subscribe(tracingHandlers);
  channel(TELEMETRY_CHANNELS.retry).subscribe(onMessage);
  subscribe('http.client.request.start', onRequest);
});
afterAll(() => {
  http.disable();
  for (const name of tracing) tracingChannel(name).unsubscribe(tracingHandlers);
  channel(TELEMETRY_CHANNELS.retry).unsubscribe(onMessage);
  unsubscribe('http.client.request.start', onRequest);
});

/** Every record, filter, search and file carries the canary; `values` lists each exact value used. */
function canaryValues(canary: string) {
  const v = (suffix: string) => `${canary}-${suffix}`;
  return {
    recordKey: v('rk'),
    recordKey2: v('rk2'),
    missing: v('missing'),
    values: [
      'rk',
      'rk2',
      'missing',
      'k1',
      'k2',
      'k3',
      'pk',
      'sk1',
      'body',
      'pre',
      'search',
      'file',
      'file2',
      'content',
    ].map(v),
    v,
  };
}

async function drain(stream: Readable): Promise<void> {
  for await (const _ of stream);
}

/** Runs every operation, with faults, against `storage`. */
async function everyOperation(
  storage: Storage<PlainSearchKeys>,
  mode: EncryptionType,
  canary: string,
): Promise<void> {
  const { v, recordKey, recordKey2, missing } = canaryValues(canary);
  const pop = ctx.pop;
  await storage.write('us', {
    record_key: recordKey,
    key1: v('k1'),
    key2: v('k2'),
    profile_key: v('pk'),
    service_key1: v('sk1'),
    range_key1: 7,
    body: v('body'),
    precommit_body: v('pre'),
  });
  await storage.batchWrite('us', [{ record_key: recordKey2, key3: v('k3'), body: v('body') }]);
  await storage.read('us', recordKey);
  await storage.find('us', { key1: v('k1'), range_key1: { $gte: 1 } }, { limit: 10 });
  await storage.find('us', {
    record_key: [recordKey, recordKey2],
    $or: [{ key2: v('k2') }, { key3: v('k3') }],
  });
  await storage.findOne('us', { profile_key: v('pk') });
  await storage.in('us').where('key1').eq(v('k1')).find();
  await storage.find('us', { search_keys: v('search') });
  const { attachmentMeta } = await storage.addAttachment('us', recordKey, {
    file: Buffer.from(v('content')),
    fileName: `${v('file')}.txt`,
  });
  const fileId = (attachmentMeta as unknown as { file_id: string }).file_id;
  await storage.getAttachmentMeta('us', recordKey, fileId);
  await storage.updateAttachmentMeta('us', recordKey, fileId, { filename: `${v('file2')}.txt` });
  await drain((await storage.getAttachmentFile('us', recordKey, fileId)).attachmentData.file as Readable);
  await storage.deleteAttachment('us', recordKey, fileId);
  if (mode === EncryptionType.LOCAL) await storage.migrate('us');
  await storage.healthCheck('us');
  // Failures and retries.
  await storage.read('us', missing).catch(() => undefined);
  pop.admin.addFault({ route: 'find', status: 429, retryAfter: 0, times: 2 });
  await storage.find('us', { key2: v('k2') });
  pop.admin.addFault({ route: 'write', status: 503 });
  await storage.write('us', { record_key: recordKey, body: v('body') }).catch(() => undefined);
  pop.admin.clearFaults();
  pop.admin.addFault({ route: 'read', reset: true });
  await storage.read('us', recordKey).catch(() => undefined);
  pop.admin.clearFaults();
  pop.admin.addFault({ route: 'read', unauthorizedOnce: true });
  await storage.read('us', recordKey);
  await storage.read('us', recordKey, { signal: AbortSignal.abort() }).catch(() => undefined);
  await storage.delete('us', recordKey2);
  await storage.batchDelete('us', { record_key: [recordKey] });
  pop.admin.clearFaults();
}

/** Everything telemetry holds, as one string. */
async function recorded(): Promise<string> {
  const metrics = await harness.metrics();
  return JSON.stringify({
    spans: harness.spans().map(spanRecord),
    metrics: metrics.map((m) => m.scopeMetrics),
    published,
  });
}

/** The secrets found in `text`, named. */
function leaks(text: string, canary: string): string[] {
  const { values } = canaryValues(canary);
  const found: string[] = [];
  if (text.includes(canary)) found.push('canary');
  for (const value of values) {
    const hash = createHash('sha256').update(`${value}:leak-env`).digest('hex');
    if (text.includes(hash)) found.push(`sha256(${value.slice(canary.length + 1)})`);
  }
  for (const token of tokens) if (text.includes(token)) found.push('bearer token');
  if (text.includes(CLIENT_SECRET)) found.push('client secret');
  if (text.includes(ENCRYPTION_SECRET)) found.push('encryption secret');
  return found;
}

const MODES = [EncryptionType.LOCAL, EncryptionType.SSE, EncryptionType.OFF] as const;
const canaries = fc.stringMatching(/^cnry[a-z0-9]{12}$/);

async function runOnce(mode: EncryptionType, canary: string): Promise<string> {
  harness.reset();
  published.length = 0;
  const telemetry = otelTelemetry({
    tracerProvider: harness.tracerProvider,
    meterProvider: harness.meterProvider,
    attemptSpans: true,
    captureQueryShape: true,
  });
  const storage = await storageFor(
    ctx.pop,
    mode,
    {
      telemetry,
      ...(mode === EncryptionType.LOCAL ? { secretKeyAccessor: passwordAccessor(ENCRYPTION_SECRET) } : {}),
    },
    mode === EncryptionType.SSE ? {} : { hashSearchKeys: false },
  );
  // Plain search keys in every mode: SSE stores keys plainly, LOCAL and OFF are made with hashSearchKeys: false.
  await everyOperation(storage as Storage<PlainSearchKeys>, mode, canary);
  return recorded();
}

describe.each(MODES)('%s', (mode) => {
  it('with incountryHttpSpanHooks(): no canary, hash, token or secret in any span, metric or channel message', async () => {
    http.setConfig({ ignoreIncomingRequestHook: () => true, ...incountryHttpSpanHooks() });
    await fc.assert(
      fc.asyncProperty(canaries, async (canary) => {
        const text = await runOnce(mode, canary);
        expect(harness.spans().some((s) => s.name === 'POST')).toBe(true);
        // The run did publish, retry and authenticate, so the search below had something to search.
        expect(published.length).toBeGreaterThan(50);
        expect(text).toContain('"name":"retry"');
        expect(tokens.size).toBeGreaterThan(0);
        expect(leaks(text, canary)).toEqual([]);
      }),
      { numRuns: 3 },
    );
  });

  it("without the HTTP instrumentation: nothing leaks from the SDK's own spans and metrics", async () => {
    http.setConfig({ ignoreIncomingRequestHook: () => true, ignoreOutgoingRequestHook: () => true });
    await fc.assert(
      fc.asyncProperty(canaries, async (canary) => {
        const text = await runOnce(mode, canary);
        expect(harness.spans().some((s) => s.name === 'POST')).toBe(false);
        expect(leaks(text, canary)).toEqual([]);
      }),
      { numRuns: 3 },
    );
  });

  it('with the HTTP instrumentation but without the hooks: the leak is found (the test can fail)', async () => {
    http.setConfig({ ignoreIncomingRequestHook: () => true });
    const text = await runOnce(mode, 'cnryunhookedrun1');
    const found = leaks(text, 'cnryunhookedrun1');
    expect(found).toContain(mode === EncryptionType.SSE ? 'canary' : 'sha256(rk)');
    expect(found).not.toContain('bearer token');
    expect(found).not.toContain('client secret');
  });
});

describe('nesting', () => {
  it("application span -> find us -> the HTTP instrumentation's POST span (templated URL)", async () => {
    http.setConfig({ ignoreIncomingRequestHook: () => true, ...incountryHttpSpanHooks() });
    harness.reset();
    const telemetry = otelTelemetry({
      tracerProvider: harness.tracerProvider,
      meterProvider: harness.meterProvider,
    });
    const storage = await storageFor(ctx.pop, EncryptionType.OFF, { telemetry });
    await storage.healthCheck('us');
    harness.reset();
    const tracer = harness.tracerProvider.getTracer('app');
    await tracer.startActiveSpan('GET /users', async (app) => {
      await storage.find('us', { key1: 'alice' });
      app.end();
    });
    const byName = new Map(harness.spans().map((s) => [s.name, s]));
    const app = byName.get('GET /users');
    const find = byName.get('find us');
    const post = byName.get('POST');
    expect(find?.parentSpanContext?.spanId).toBe(app?.spanContext().spanId);
    expect(post?.parentSpanContext?.spanId).toBe(find?.spanContext().spanId);
    expect(post?.attributes['url.full']).toBe(`${ctx.pop.url}/v2/storage/records/us/find`);
    expect(trace.getActiveSpan()).toBeUndefined();
  });

  it("a read's HTTP span shows the route template, not the key's hash", async () => {
    http.setConfig({ ignoreIncomingRequestHook: () => true, ...incountryHttpSpanHooks() });
    const storage = await storageFor(ctx.pop, EncryptionType.OFF, {
      telemetry: otelTelemetry({
        tracerProvider: harness.tracerProvider,
        meterProvider: harness.meterProvider,
      }),
    });
    harness.reset();
    await storage.read('us', 'some-key').catch(() => undefined);
    const get = harness.spans().find((s) => s.name === 'GET');
    expect(get?.attributes['url.full']).toBe(`${ctx.pop.url}/v2/storage/records/us/{key}`);
    expect(get?.attributes['url.path']).toBe('/v2/storage/records/us/{key}');
  });
});
