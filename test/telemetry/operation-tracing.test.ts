/**
 * The seam itself: nothing is built while nobody listens, channel subscribers see every public call with
 * only the publishable fields, and the query shape never holds a value.
 */
import { tracingChannel } from 'node:diagnostics_channel';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EncryptionType, type OperationContext, TELEMETRY_CHANNELS } from '../../src/index.js';
import { activeOperation, traceOperation } from '../../src/telemetry/operation-tracing.js';
import { queryShape } from '../../src/telemetry/query-shape.js';
import { storageFor } from '../storage/support/storages.js';
import { useLocalPop } from '../storage/support/test-pop.js';

const ctx = useLocalPop();
const operations = tracingChannel<OperationContext, OperationContext>(TELEMETRY_CHANNELS.operation);

/** The fields a context may ever have. */
const ALLOWED = new Set([
  'operation',
  'country',
  'environmentId',
  'batchSize',
  'queryShape',
  'serverAddress',
  'serverPort',
  'statusCode',
  'returnedRows',
  'errorType',
  'aborted',
  'retries',
]);

describe('traceOperation', () => {
  it('with no subscriber and no telemetry: runs the call without describing it or entering a context', async () => {
    expect(operations.hasSubscribers).toBe(false);
    const describe = vi.fn(() => ({ operation: 'find', country: 'us' }));
    const store = await traceOperation(undefined, describe, async () => activeOperation.getStore());
    expect(describe).not.toHaveBeenCalled();
    expect(store).toBeUndefined();
  });
});

describe('incountry-ts:operation subscribers', () => {
  const seen: { event: string; context: OperationContext }[] = [];
  const handlers = {
    start: (context: OperationContext) => seen.push({ event: 'start', context: { ...context } }),
    end: () => {},
    asyncStart: () => {},
    asyncEnd: (context: OperationContext) => seen.push({ event: 'asyncEnd', context: { ...context } }),
    error: (context: OperationContext) => seen.push({ event: 'error', context: { ...context } }),
  };
  afterEach(() => {
    operations.unsubscribe(handlers);
    seen.length = 0;
  });

  it('see each public call, builder finds included, with only the publishable fields', async () => {
    const storage = await storageFor(ctx.pop, EncryptionType.OFF);
    operations.subscribe(handlers);
    await storage.batchWrite('us', [{ record_key: 'a', key1: 'x' }, { record_key: 'b' }]);
    await storage.in('us').where('key1').eq('x').find();
    await storage.read('us', 'missing').catch(() => undefined);
    expect(seen.map((s) => `${s.event} ${s.context.operation}`)).toEqual([
      'start batchWrite',
      'asyncEnd batchWrite',
      'start find',
      'asyncEnd find',
      'start read',
      'error read',
      'asyncEnd read',
    ]);
    const { port } = new URL(ctx.pop.url);
    expect(seen[1]?.context).toEqual({
      operation: 'batchWrite',
      country: 'us',
      environmentId: ctx.pop.storageOptions.environmentId,
      batchSize: 2,
      serverAddress: '127.0.0.1',
      serverPort: Number(port),
      statusCode: 201,
      retries: 0,
      returnedRows: 2,
    });
    expect(seen[3]?.context).toMatchObject({ operation: 'find', returnedRows: 1 });
    expect(seen[6]?.context).toMatchObject({ errorType: 'StorageServerError', statusCode: 404 });
    for (const { context } of seen) for (const key of Object.keys(context)) expect(ALLOWED).toContain(key);
  });

  it('an invalid country is not published (it may be a value passed by mistake)', async () => {
    const storage = await storageFor(ctx.pop, EncryptionType.OFF);
    operations.subscribe(handlers);
    await storage.read('secret-value', 'k').catch(() => undefined);
    expect(seen[0]?.context.country).toBeUndefined();
    expect(JSON.stringify(seen)).not.toContain('secret-value');
  });
});

describe('queryShape', () => {
  it.each([
    [
      { key1: 'alice', range_key1: { $gte: 18 } },
      { sort: [{ range_key1: 'asc' }], limit: 10 },
      '{"key1":?,"range_key1":{"$gte":?}} sort:range_key1 limit:?',
    ],
    [{ record_key: ['a', 'b'] }, undefined, '{"record_key":?}'],
    [
      { $or: [{ key1: 'a' }, { key2: { $not: 'b' } }] },
      { offset: 3 },
      '{"$or":[{"key1":?},{"key2":{"$not":?}}]} offset:?',
    ],
    [undefined, {}, '{}'],
    [{ 'not a field name!': 1, key1: null }, undefined, '{?,"key1":?}'],
  ])('%j %j -> %s', (filter, options, shape) => {
    expect(queryShape(filter, options)).toBe(shape);
  });
});
