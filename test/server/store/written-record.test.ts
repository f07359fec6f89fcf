/**
 * A write answers with the record it stored, built from the columns it bound rather than read back
 * packed (record-row.ts `writtenRecord`): it must equal, value for value and key for key, what a read of
 * the same record gives, on every database.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RecordStore, Scope, StoredRecord } from '../../../src/server/store/index.js';
import type { WireWriteRecord } from '../../../src/wire/index.js';
import { stringifyJson } from '../../../src/wire/json-codec.js';
import { type OpenedStore, storeTargets } from './store-targets.js';

const T0 = Date.parse('2030-01-01T00:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const SCOPE: Scope = { environmentId: 'env-w', country: 'us' };

/** Records that exercise every kind of column: nulls, 64-bit and negative integers, flags, dates, text. */
const VARIED: WireWriteRecord[] = [
  { record_key: 'plain' },
  {
    record_key: 'full',
    profile_key: 'p',
    parent_key: 'parent',
    service_key1: 's1',
    service_key5: 's5',
    key1: 'k1',
    key20: 'k20 \u0001 "quoted" \\ \n tab\t é 中 😀',
    range_key1: 2n ** 62n,
    range_key2: -(2n ** 63n),
    range_key3: 9_007_199_254_740_991,
    range_key10: -1,
    body: '{"text":"x"}',
    precommit_body: 'pre',
    version: 7,
    is_encrypted: true,
    expires_at: '2031-02-03T04:05:06.123456Z',
  },
  { record_key: 'unencrypted', is_encrypted: false, range_key1: 0, expires_at: '2031-01-01T00:00:00+01:00' },
  // A bigint a caller passes within the safe range reads back as a number.
  { record_key: 'small-bigint', range_key4: 42n },
];

function keyOrder(record: StoredRecord): string {
  return Object.keys(record).join(',');
}

describe.each(storeTargets())('written records on $name', (target) => {
  let opened: OpenedStore;
  let store: RecordStore;

  beforeAll(async () => {
    opened = await target.open();
    store = opened.store;
  });
  afterAll(async () => {
    await opened.dispose();
  });
  beforeEach(async () => {
    await store.reset();
  });

  async function expectAsRead(written: StoredRecord[], now: Date) {
    for (const record of written) {
      const read = await store.read(SCOPE, record.record_key, now);
      expect(record).toStrictEqual(read);
      expect(keyOrder(record)).toBe(keyOrder(read));
      expect(stringifyJson(record)).toBe(stringifyJson(read));
    }
  }

  it('a batch answers exactly what a read gives back', async () => {
    const written = await store.batchWrite(SCOPE, VARIED, at(1));
    expect(written.map((r) => r.record_key)).toEqual(VARIED.map((r) => r.record_key));
    expect(written.find((r) => r.record_key === 'small-bigint')?.range_key4).toBe(42);
    await expectAsRead(written, at(2));
  });

  it('a rewrite keeps created_at, takes the new updated_at, and keeps attachments', async () => {
    await store.write(SCOPE, { record_key: 'full', body: 'old' }, at(1));
    await store.addAttachment(
      SCOPE,
      'full',
      { filename: 'a.txt', mimeType: 'text/plain', content: Readable.from([Buffer.from('a')]), maxBytes: 10 },
      false,
      at(2),
    );
    const [rewritten] = await store.batchWrite(SCOPE, [VARIED[1]!], at(3));
    expect(rewritten!.created_at).toBe('2030-01-01T00:00:01.000000+00:00');
    expect(rewritten!.updated_at).toBe('2030-01-01T00:00:03.000000+00:00');
    expect(rewritten!.attachments).toHaveLength(1);
    await expectAsRead([rewritten!], at(4));
  });

  it('duplicate keys in one batch: every position answers the last one, as stored', async () => {
    const written = await store.batchWrite(
      SCOPE,
      [
        { record_key: 'd', body: 'first', range_key1: 1 },
        { record_key: 'e', body: 'other' },
        { record_key: 'd', body: 'last', range_key1: 2 },
      ],
      at(1),
    );
    expect(written[0]).toStrictEqual(written[2]);
    expect(written[0]).toMatchObject({ body: 'last', range_key1: 2 });
    await expectAsRead(written, at(2));
  });

  it('a single write answers exactly what a read gives back', async () => {
    for (const record of VARIED) await expectAsRead([await store.write(SCOPE, record, at(1))], at(2));
  });
});
