/**
 * `findRendered`: the record JSON the database writes is, byte for byte, what `stringifyJson` writes for
 * the record `find` returns, for every code point a record can hold (docs/architecture.md, find's Serve
 * step). PostgreSQL writes JSON its own way and declines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderedHead, renderedToRecord } from '../../../src/server/record-presenter.js';
import { SSE_MARKER } from '../../../src/server/sse-cipher.js';
import type { RecordStore, Scope } from '../../../src/server/store/index.js';
import { findRequestSchema } from '../../../src/wire/index.js';
import { stringifyJson } from '../../../src/wire/json-codec.js';
import { type OpenedStore, storeTargets } from './store-targets.js';

const SCOPE: Scope = { environmentId: 'env-r', country: 'us' };
const NOW = new Date('2030-01-01T00:00:00Z');

/** Every code point but the surrogates (a JS string bound to SQLite cannot keep a lone one) and U+0000. */
function everyCodePoint(): string {
  let text = '';
  for (let c = 1; c < 0x10000; c++) if (c < 0xd800 || c > 0xdfff) text += String.fromCharCode(c);
  return `${text}😀\u{10FFFF}`;
}

describe.each(storeTargets())('rendered records on $name', (target) => {
  let opened: OpenedStore;
  let store: RecordStore;

  beforeAll(async () => {
    opened = await target.open();
    store = opened.store;
    await store.batchWrite(
      SCOPE,
      [
        { record_key: 'all-text', key2: 'r', key1: everyCodePoint().slice(0, 300), body: everyCodePoint() },
        {
          record_key: 'numbers',
          key2: 'r',
          range_key1: 2n ** 63n - 1n,
          range_key2: -(2n ** 63n),
          range_key3: -0,
          version: 9_007_199_254_740_991,
          is_encrypted: false,
          expires_at: '2999-12-31T23:59:59.999999Z',
        },
        { record_key: 'nulls', key2: 'r', is_encrypted: true, precommit_body: '' },
      ],
      NOW,
    );
  });
  afterAll(async () => {
    await opened.dispose();
  });

  it('writes each record as stringifyJson does, up to its attachments', async () => {
    const request = findRequestSchema.parse({ filter: { key2: 'r' }, options: { sort: [{ key1: 'asc' }] } });
    const found = await store.find(SCOPE, request, NOW);
    const rendered = await store.findRendered?.(SCOPE, request, NOW);
    if (target.name === 'postgres') {
      expect(rendered).toBeUndefined();
      return;
    }
    expect(rendered?.total).toBe(found.total);
    expect(rendered?.records).toHaveLength(3);
    for (const [i, record] of found.records.entries()) {
      const head = renderedHead(rendered!.records[i]!);
      expect(`${head},"attachments":[]}`).toBe(stringifyJson(record));
      expect(renderedToRecord(rendered!.records[i]!)).toStrictEqual(record);
    }
  });

  it('flags records whose body or precommit_body holds a sealed value', async () => {
    const scope: Scope = { environmentId: 'env-r', country: 'de' };
    await store.batchWrite(
      scope,
      [
        { record_key: 'a-plain', key2: 's', body: `x${SSE_MARKER}`, precommit_body: 'pop-sse:1' },
        { record_key: 'b-body', key2: 's', body: `${SSE_MARKER}AAAA` },
        { record_key: 'c-pre', key2: 's', precommit_body: `${SSE_MARKER}AAAA` },
      ],
      NOW,
    );
    const request = findRequestSchema.parse({ filter: { key2: 's' } });
    const rendered = await store.findRendered?.(scope, request, NOW);
    if (target.name === 'postgres') return;
    expect(rendered!.records.map((r) => r.sealed)).toEqual([false, true, true]);
  });
});
