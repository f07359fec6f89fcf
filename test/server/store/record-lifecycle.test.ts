/**
 * Write, read, delete, batches, TTL and admin operations (docs/protocol.md#upsert, docs/protocol.md#ttl, docs/protocol.md#batch-delete-semantics, docs/protocol.md#durability-and-isolation) on every
 * database.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InputValidationError } from '../../../src/errors.js';
import { NotFoundError, type RecordStore, type Scope } from '../../../src/server/store/index.js';
import { findRequestSchema, wireFullRecordSchema } from '../../../src/wire/index.js';
import { type OpenedStore, storeTargets } from './store-targets.js';

const T0 = Date.parse('2030-01-01T00:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const SCOPE: Scope = { environmentId: 'env-a', country: 'us' };
const ISO_FORM = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/;

function attachment(text: string) {
  return {
    filename: 'a.txt',
    mimeType: 'text/plain',
    content: Readable.from([Buffer.from(text)]),
    maxBytes: 1000,
  };
}

describe.each(storeTargets())('records on $name', (target) => {
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

  async function total(scope: Scope = SCOPE, now = at(100)) {
    return (await store.find(scope, findRequestSchema.parse({}), now)).total;
  }

  describe('write', () => {
    it('returns the full wire shape with every field, nulls included, and dates in one form', async () => {
      const stored = await store.write(SCOPE, { record_key: 'r', key1: 'a', body: 'b' }, at(1));
      expect(wireFullRecordSchema.parse(stored)).toEqual(stored);
      expect(Object.keys(stored)).toHaveLength(46);
      expect(stored).toMatchObject({
        version: 0,
        is_encrypted: null,
        precommit_body: null,
        expires_at: null,
      });
      expect(stored.created_at).toMatch(ISO_FORM);
      expect(stored.created_at).toBe('2030-01-01T00:00:01.000000+00:00');
      expect(await store.read(SCOPE, 'r', at(2))).toEqual(stored);
    });

    it('upserts: replaces every writable field, keeps created_at, moves updated_at', async () => {
      await store.write(
        SCOPE,
        { record_key: 'r', key1: 'a', key2: 'b', range_key1: 1, body: 'one', version: 3, is_encrypted: true },
        at(1),
      );
      const second = await store.write(SCOPE, { record_key: 'r', key3: 'c', precommit_body: 'pc' }, at(5));
      expect(second).toMatchObject({
        key1: null,
        key2: null,
        key3: 'c',
        range_key1: null,
        body: null,
        precommit_body: 'pc',
        version: 0,
        is_encrypted: null,
        created_at: '2030-01-01T00:00:01.000000+00:00',
        updated_at: '2030-01-01T00:00:05.000000+00:00',
      });
      expect(await store.read(SCOPE, 'r', at(6))).toEqual(second);
      expect(await total()).toBe(1);
    });

    it('gives each record of a batch its own created_at, updated_at and expires_at', async () => {
      await store.write(SCOPE, { record_key: 'a' }, at(1));
      await store.write(SCOPE, { record_key: 'b' }, at(2));
      const stored = await store.batchWrite(
        SCOPE,
        [
          { record_key: 'a', expires_at: '2031-01-01T00:00:00Z' },
          { record_key: 'c' },
          { record_key: 'b', expires_at: '2032-01-01T00:00:00Z' },
        ],
        at(3),
      );
      const instants = (records: typeof stored) =>
        records.map((r) => [r.record_key, r.created_at, r.updated_at, r.expires_at]);
      const expected = [
        [
          'a',
          '2030-01-01T00:00:01.000000+00:00',
          '2030-01-01T00:00:03.000000+00:00',
          '2031-01-01T00:00:00.000000+00:00',
        ],
        ['c', '2030-01-01T00:00:03.000000+00:00', '2030-01-01T00:00:03.000000+00:00', null],
        [
          'b',
          '2030-01-01T00:00:02.000000+00:00',
          '2030-01-01T00:00:03.000000+00:00',
          '2032-01-01T00:00:00.000000+00:00',
        ],
      ];
      expect(instants(stored)).toEqual(expected);
      const found = await store.find(SCOPE, findRequestSchema.parse({}), at(4));
      expect(instants(found.records)).toEqual([expected[0], expected[2], expected[1]]);
    });

    it('stores is_encrypted true, false and null', async () => {
      await store.batchWrite(
        SCOPE,
        [
          { record_key: 't', is_encrypted: true },
          { record_key: 'f', is_encrypted: false },
          { record_key: 'n', is_encrypted: null },
        ],
        at(1),
      );
      expect((await store.read(SCOPE, 't', at(2))).is_encrypted).toBe(true);
      expect((await store.read(SCOPE, 'f', at(2))).is_encrypted).toBe(false);
      expect((await store.read(SCOPE, 'n', at(2))).is_encrypted).toBeNull();
    });

    it('keeps 64-bit integers and far-future microsecond dates exactly', async () => {
      const stored = await store.write(
        SCOPE,
        {
          record_key: 'big',
          range_key1: 2n ** 60n + 1n,
          range_key2: -(2n ** 63n),
          range_key3: Number.MAX_SAFE_INTEGER,
          expires_at: '9999-12-31T23:59:59.999999Z',
        },
        at(1),
      );
      expect(stored).toMatchObject({
        range_key1: 2n ** 60n + 1n,
        range_key2: -(2n ** 63n),
        range_key3: Number.MAX_SAFE_INTEGER,
        expires_at: '9999-12-31T23:59:59.999999+00:00',
      });
      expect(await store.read(SCOPE, 'big', at(2))).toEqual(stored);
    });

    it('normalises expires_at to UTC with microseconds', async () => {
      const stored = await store.write(
        SCOPE,
        { record_key: 'd', expires_at: '2031-02-03T04:05:06.7+0200' },
        at(1),
      );
      expect(stored.expires_at).toBe('2031-02-03T02:05:06.700000+00:00');
    });

    it('rejects integers outside 64 bits without echoing the value', async () => {
      const error = await store.write(SCOPE, { record_key: 'x', range_key4: 2 ** 64 }, at(1)).catch((e) => e);
      expect(error).toBeInstanceOf(InputValidationError);
      expect(error.message).toContain('range_key4');
      expect(error.message).not.toContain(String(2 ** 64));
      expect(await total()).toBe(0);
    });

    it('keeps attachments across a rewrite', async () => {
      await store.write(SCOPE, { record_key: 'r' }, at(1));
      const meta = await store.addAttachment(SCOPE, 'r', attachment('hello'), false, at(2));
      const rewritten = await store.write(SCOPE, { record_key: 'r', key1: 'new' }, at(3));
      expect(rewritten.attachments).toEqual([meta]);
    });
  });

  describe('TTL', () => {
    it('hides a record from read, find, total, delete and attachments once expires_at <= now', async () => {
      await store.write(SCOPE, { record_key: 'e', expires_at: at(10).toISOString() }, at(1));
      expect((await store.read(SCOPE, 'e', at(9))).record_key).toBe('e');
      expect(await total(SCOPE, at(9))).toBe(1);
      for (const now of [at(10), at(11)]) {
        await expect(store.read(SCOPE, 'e', now)).rejects.toBeInstanceOf(NotFoundError);
        expect(await total(SCOPE, now)).toBe(0);
        await expect(store.delete(SCOPE, 'e', now)).rejects.toBeInstanceOf(NotFoundError);
        await expect(store.addAttachment(SCOPE, 'e', attachment('x'), false, now)).rejects.toBeInstanceOf(
          NotFoundError,
        );
      }
    });

    it('leaves expired records out of meta.total when a full page has to count', async () => {
      const live = ['a', 'b', 'c'].map((k) => ({ record_key: k, key1: 'x' }));
      const expiring = [
        { record_key: 'd', key1: 'x', expires_at: at(10).toISOString() },
        { record_key: 'e', key1: 'x', expires_at: at(11).toISOString() },
        { record_key: 'f', key1: 'y', expires_at: at(10).toISOString() },
        { record_key: 'g', key1: 'y', expires_at: at(50).toISOString() },
      ];
      await store.batchWrite(SCOPE, [...live, ...expiring], at(1));
      const count = async (filter: Record<string, unknown>, limit: number) =>
        (await store.find(SCOPE, findRequestSchema.parse({ filter, options: { limit } }), at(11))).total;
      // A page that fills up is the one case where the store counts; `expires_at == now` is expired.
      expect(await count({ key1: 'x' }, 2)).toBe(3);
      expect(await count({}, 1)).toBe(4);
      expect(await count({ key1: 'y' }, 1)).toBe(1);
      expect(await count({ key1: ['x', 'y'] }, 3)).toBe(4);
    });

    it('treats an overwritten expired record as new: created_at = now, no attachments', async () => {
      await store.write(SCOPE, { record_key: 'e', expires_at: at(10).toISOString() }, at(1));
      await store.addAttachment(SCOPE, 'e', attachment('old'), false, at(2));
      const reborn = await store.write(SCOPE, { record_key: 'e' }, at(20));
      expect(reborn.created_at).toBe('2030-01-01T00:00:20.000000+00:00');
      expect(reborn.attachments).toEqual([]);
      const live = await store.write(SCOPE, { record_key: 'e', key1: 'again' }, at(21));
      expect(live.created_at).toBe(reborn.created_at);
    });

    it('sweepExpired removes expired records physically and counts them', async () => {
      await store.batchWrite(
        SCOPE,
        [
          { record_key: 'a', expires_at: at(10).toISOString() },
          { record_key: 'b', expires_at: at(30).toISOString() },
          { record_key: 'c' },
        ],
        at(1),
      );
      await store.write(
        { environmentId: 'env-b', country: 'de' },
        { record_key: 'a', expires_at: at(5).toISOString() },
        at(1),
      );
      expect(await store.sweepExpired(at(4))).toBe(0);
      expect(await store.sweepExpired(at(10))).toBe(2);
      expect(await store.sweepExpired(at(10))).toBe(0);
      expect(await total(SCOPE, at(2))).toBe(2);
    });
  });

  describe('delete', () => {
    it('deletes one record and reports a missing one', async () => {
      await store.write(SCOPE, { record_key: 'r' }, at(1));
      await store.addAttachment(SCOPE, 'r', attachment('bye'), false, at(2));
      await store.delete(SCOPE, 'r', at(3));
      await expect(store.read(SCOPE, 'r', at(4))).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.delete(SCOPE, 'r', at(4))).rejects.toBeInstanceOf(NotFoundError);
      // The attachments went with it: a new record under the same key starts empty.
      expect((await store.write(SCOPE, { record_key: 'r' }, at(5))).attachments).toEqual([]);
    });

    it('batchDelete removes every listed key', async () => {
      await store.batchWrite(SCOPE, [{ record_key: 'a' }, { record_key: 'b' }, { record_key: 'c' }], at(1));
      await store.batchDelete(SCOPE, ['a', 'c', 'a'], at(2));
      expect(
        (await store.find(SCOPE, findRequestSchema.parse({}), at(3))).records.map((r) => r.record_key),
      ).toEqual(['b']);
    });

    it('batchDelete with any missing or expired key deletes nothing', async () => {
      await store.batchWrite(
        SCOPE,
        [{ record_key: 'a' }, { record_key: 'b' }, { record_key: 'x', expires_at: at(2).toISOString() }],
        at(1),
      );
      await expect(store.batchDelete(SCOPE, ['a', 'missing'], at(3))).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.batchDelete(SCOPE, ['a', 'x'], at(3))).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.batchDelete({ ...SCOPE, country: 'de' }, ['a'], at(3))).rejects.toBeInstanceOf(
        NotFoundError,
      );
      expect(await total(SCOPE, at(3))).toBe(2);
    });
  });

  describe('batchWrite', () => {
    it('writes all records and returns them in request order; the last duplicate wins', async () => {
      const stored = await store.batchWrite(
        SCOPE,
        [
          { record_key: 'a', key1: 'first' },
          { record_key: 'b', key1: 'b' },
          { record_key: 'a', key1: 'last' },
        ],
        at(1),
      );
      expect(stored.map((r) => [r.record_key, r.key1])).toEqual([
        ['a', 'last'],
        ['b', 'b'],
        ['a', 'last'],
      ]);
      expect((await store.read(SCOPE, 'a', at(2))).key1).toBe('last');
      expect(await total(SCOPE, at(2))).toBe(2);
    });

    it('is atomic: a failing batch leaves nothing behind, not even its cleanup of expired rows', async () => {
      await store.write(SCOPE, { record_key: 'old', expires_at: at(2).toISOString() }, at(1));
      await store.write(SCOPE, { record_key: 'keep', key1: 'before' }, at(1));
      // A record without record_key passes the TypeScript types only by force; the database rejects it
      // after the batch has already deleted the expired 'old' row and updated 'keep'.
      const batch = [
        { record_key: 'old' },
        { record_key: 'keep', key1: 'after' },
        { record_key: null as unknown as string },
      ];
      await expect(store.batchWrite(SCOPE, batch, at(5))).rejects.toThrow();
      expect((await store.read(SCOPE, 'keep', at(6))).key1).toBe('before');
      expect(await total(SCOPE, at(6))).toBe(1);
      // The expired row is still physically there: the rollback undid its deletion.
      expect(await store.sweepExpired(at(6))).toBe(1);
    });
  });

  describe('isolation', () => {
    it('keeps environments and countries apart for every operation', async () => {
      const other: Scope = { environmentId: 'env-b', country: 'us' };
      const abroad: Scope = { environmentId: 'env-a', country: 'de' };
      await store.write(SCOPE, { record_key: 'k', key1: 'mine' }, at(1));
      await store.write(other, { record_key: 'k', key1: 'theirs' }, at(2));
      await expect(store.read(abroad, 'k', at(3))).rejects.toBeInstanceOf(NotFoundError);
      await store.delete(other, 'k', at(3));
      expect((await store.read(SCOPE, 'k', at(4))).key1).toBe('mine');
      expect((await store.read(SCOPE, 'k', at(4))).created_at).toBe('2030-01-01T00:00:01.000000+00:00');
    });
  });

  describe('admin', () => {
    it('init is idempotent, ping answers, reset empties everything', async () => {
      await store.init();
      await store.write(SCOPE, { record_key: 'a' }, at(1));
      expect(await store.ping()).toBe(true);
      await store.reset();
      expect(await total()).toBe(0);
    });
  });
});
