/**
 * A find answered from the JSON the database wrote (`RecordStore.findRendered`) is byte for byte the
 * answer built from record objects: two PoPs over one store, one of them without `findRendered`, answer
 * every find identically, headers included. Attachments and SSE records take the object path.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordStore } from '../../src/server/index.js';
import { type OpenedStore, storeTargets } from './store/store-targets.js';
import { startTestPop, type TestPop } from './support/test-pop.js';

/** The store without findRendered: the PoP then answers from record objects, as before it existed. */
function withoutRendering(store: RecordStore): RecordStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'findRendered') return undefined;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const MAX_FIND_BYTES = 100_000;

const TEXT = 'quote " backslash \\ newline \n tab \t control \u0001 \u001f del \u007f é 中 😀 \u2028';

const RECORDS = [
  { record_key: 'plain', key3: 'set' },
  {
    record_key: 'full',
    key1: TEXT,
    key3: 'set',
    key20: 'k20',
    profile_key: 'p',
    range_key1: '9223372036854775807',
    range_key2: '-9223372036854775808',
    range_key3: 9_007_199_254_740_991,
    body: TEXT,
    precommit_body: 'pre',
    version: 3,
    is_encrypted: true,
    expires_at: '2999-02-03T04:05:06.123456Z',
  },
  { record_key: 'flags', key3: 'set', is_encrypted: false, range_key1: -5, body: '' },
  ...Array.from({ length: 12 }, (_, i) => ({ record_key: `many-${i}`, key3: 'set', range_key1: i })),
];

/** The records as a JSON body: big range keys as bare integers. */
function batchBody(records: readonly Record<string, unknown>[]): string {
  return JSON.stringify({ records }).replace(/"(-?\d{19})"/g, '$1');
}

describe.each(storeTargets())('rendered finds on $name', (target) => {
  let opened: OpenedStore;
  let rendered: TestPop;
  let objects: TestPop;

  beforeAll(async () => {
    opened = await target.open();
    rendered = await startTestPop({ store: opened.store, maxFindBytes: MAX_FIND_BYTES });
    objects = await startTestPop({ store: withoutRendering(opened.store), maxFindBytes: MAX_FIND_BYTES });
    const written = await fetch(`${rendered.url}/v2/storage/records/us/batchWrite`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${rendered.token}`,
        'x-env-id': rendered.env,
        'content-type': 'application/json',
      },
      body: batchBody(RECORDS),
    });
    expect(written.status).toBe(201);
  });
  afterAll(async () => {
    await rendered.close();
    await objects.close();
    await opened.dispose();
  });

  async function expectSameAnswer(body: unknown) {
    const a = await rendered.call('POST', '/v2/storage/records/us/find', { body });
    const b = await objects.call('POST', '/v2/storage/records/us/find', { body });
    expect(a.status).toBe(b.status);
    // Attachment links name the PoP they came from; everything else is the same text.
    expect(a.text).toBe(b.text.replaceAll(objects.url, rendered.url));
    expect(a.headers.get('content-type')).toBe(b.headers.get('content-type'));
    expect(a.headers.get('content-length')).toBe(b.headers.get('content-length'));
    return a;
  }

  it('answers every page, sort and empty result identically', async () => {
    const full = await expectSameAnswer({ filter: { key3: 'set' }, options: { limit: 100 } });
    expect(full.json.data).toHaveLength(RECORDS.length);
    expect(full.text).toContain('"range_key1":9223372036854775807');
    expect(full.text).toContain('"is_encrypted":true');
    await expectSameAnswer({ filter: { key3: 'set' }, options: { limit: 5 } });
    await expectSameAnswer({ filter: { key3: 'set' }, options: { limit: 5, offset: 5 } });
    await expectSameAnswer({
      filter: { key3: 'set' },
      options: { limit: 4, offset: 2, sort: [{ range_key1: 'desc' }] },
    });
    await expectSameAnswer({ filter: { record_key: 'full' } });
    await expectSameAnswer({ filter: { key3: 'none' } });
    await expectSameAnswer({ filter: { key3: 'set' }, options: { limit: 5, offset: 100 } });
  });

  it('answers a page too large for one find with the same 400', async () => {
    const big = await rendered.call('POST', '/v2/storage/records/us/batchWrite', {
      body: { records: [{ record_key: 'huge', key3: 'huge', body: 'x'.repeat(200_000) }] },
    });
    expect(big.status).toBe(201);
    const tooLarge = await expectSameAnswer({ filter: { key3: ['huge', 'set'] } });
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.json.errors[0].source).toBe('body.options.limit');
  });

  it('answers pages holding attachments or SSE records from objects, identically', async () => {
    await opened.store.addAttachment(
      { environmentId: rendered.env, country: 'us' },
      'many-3',
      { filename: 'a.txt', mimeType: 'text/plain', content: Readable.from([Buffer.from('a')]), maxBytes: 10 },
      false,
      new Date(),
    );
    const withLink = await expectSameAnswer({ filter: { key3: 'set' }, options: { limit: 100 } });
    expect(withLink.text).toContain(`"download_link":"${rendered.url}/`);

    const sealed = await rendered.call('POST', '/v2/storage/records/us', {
      body: { record_key: 'sealed', key3: 'sse', body: 'SSE-PLAIN', precommit_body: 'PRE-PLAIN' },
      headers: { 'x-encrypted-storage': 'true' },
    });
    expect(sealed.status).toBe(201);
    const opened2 = await expectSameAnswer({ filter: { key3: 'sse' } });
    expect(opened2.json.data[0]).toMatchObject({ body: 'SSE-PLAIN', precommit_body: 'PRE-PLAIN' });
    const mixed = await expectSameAnswer({ filter: { key3: ['sse', 'set'] }, options: { limit: 100 } });
    expect(mixed.json.data).toHaveLength(RECORDS.length + 1);
  });
});
