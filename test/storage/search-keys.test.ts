/**
 * normalizeKeys and hashSearchKeys, on and off, end to end: what is sent, and which lookups match.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EncryptionType, InputValidationError, Storage } from '../../src/index.js';
import { type PlainKeys, storageFor } from './support/storages.js';
import { useLocalPop } from './support/test-pop.js';

const ctx = useLocalPop();

const hashOf = (value: string) =>
  createHash('sha256').update(`${value}:${ctx.pop.storageOptions.environmentId}`).digest('hex');

describe('normalizeKeys', () => {
  it('off: lookups are case-sensitive', async () => {
    const storage = await storageFor(ctx.pop, EncryptionType.LOCAL);
    await storage.write('us', { record_key: 'Key-A', key1: 'English' });
    expect((await storage.find('us', { key1: 'english' })).meta.total).toBe(0);
    expect((await storage.find('us', { key1: 'English' })).meta.total).toBe(1);
    await expect(storage.read('us', 'key-a')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('on: hashes lower-cased values, so lookups ignore case, and reads return the original case', async () => {
    const storage = await storageFor(ctx.pop, EncryptionType.LOCAL, {}, { normalizeKeys: true });
    const written = await storage.write('us', { record_key: 'Key-A', key1: 'English', profile_key: 'PK' });
    expect(written[Storage.HTTP_DEBUG_KEY]?.body).toMatchObject({
      record_key: hashOf('key-a'),
      key1: hashOf('english'),
    });
    expect((await storage.read('us', 'KEY-A')).record).toMatchObject({
      record_key: 'Key-A',
      key1: 'English',
      profile_key: 'PK',
    });
    expect((await storage.find('us', { key1: 'ENGLISH', profile_key: { $not: 'pk' } })).meta.total).toBe(0);
    expect((await storage.find('us', { key1: ['eNgLiSh'] })).meta.total).toBe(1);
    expect(
      (
        await storage
          .in('us')
          .or((b) => b.where('key1').eq('ENGLISH').where('key2').eq('x'))
          .find()
      ).meta.total,
    ).toBe(1);
    expect(await storage.batchDelete('us', { record_key: ['KEY-a'] })).toEqual({ success: true });
  });
});

describe('hashSearchKeys', () => {
  it('true (default): key1..key20 are hashed; $like, search_keys and sorting by keyN are refused before sending', async () => {
    const storage = await storageFor(ctx.pop, EncryptionType.LOCAL);
    const written = await storage.write('us', { record_key: 'r', key1: 'gold member', key2: 'x' });
    expect(written[Storage.HTTP_DEBUG_KEY]?.body).toMatchObject({ key1: hashOf('gold member') });
    ctx.pop.admin.clearRequests();
    await expect(storage.find('us', { key1: { $like: 'gold' } } as never)).rejects.toBeInstanceOf(
      InputValidationError,
    );
    await expect(storage.find('us', { search_keys: 'gold' } as never)).rejects.toBeInstanceOf(
      InputValidationError,
    );
    await expect(storage.find('us', {}, { sort: [{ key1: 'asc' }] } as never)).rejects.toThrow(
      /^find\(\) failed: .*plain search keys/,
    );
    expect(ctx.pop.admin.requests()).toHaveLength(0);
  });

  it('false: key1..key20 travel plain; $like, search_keys and sort by keyN work; other keys stay hashed', async () => {
    const storage = await storageFor<PlainKeys>(ctx.pop, EncryptionType.LOCAL, {}, { hashSearchKeys: false });
    const { records } = await storage.batchWrite('us', [
      { record_key: 'r1', key1: 'gold member', key3: 'beta', profile_key: 'p' },
      { record_key: 'r2', key1: 'silver', key3: 'alpha golden' },
      { record_key: 'r3', key1: 'bronze', key3: 'gamma' },
    ]);
    expect(records).toHaveLength(3);
    const raw = (await storage.read('us', 'r1'))[Storage.HTTP_DEBUG_KEY]?.body as Record<string, unknown>;
    expect(raw).toMatchObject({
      key1: 'gold member',
      key3: 'beta',
      record_key: hashOf('r1'),
      profile_key: hashOf('p'),
    });

    const like = await storage.find('us', { key1: { $like: 'old' } });
    expect(like.data.map((r) => r.record_key)).toEqual(['r1']);
    const search = await storage.find('us', { search_keys: 'gold' }, { sort: [{ key1: 'asc' }] });
    expect(search.data.map((r) => r.record_key)).toEqual(['r1', 'r2']);
    const sorted = await storage.in('us').sortBy('key3', 'desc').find();
    expect(sorted.data.map((r) => r.key3)).toEqual(['gamma', 'beta', 'alpha golden']);
    expect((await storage.in('us').where('key3').like('alp').find()).data.map((r) => r.record_key)).toEqual([
      'r2',
    ]);
  });

  it('false with normalizeKeys: plain key1..key20 are still matched as given, hashed keys ignore case', async () => {
    const storage = await storageFor<PlainKeys>(
      ctx.pop,
      EncryptionType.LOCAL,
      {},
      { hashSearchKeys: false, normalizeKeys: true },
    );
    await storage.write('us', { record_key: 'MiXeD', key1: 'Value' });
    expect((await storage.read('us', 'mixed')).record.record_key).toBe('MiXeD');
    expect((await storage.find('us', { key1: { $like: 'alu' } })).meta.total).toBe(1);
  });

  it('SSE: search keys are plain, so $like and search_keys work without any option', async () => {
    const storage = await storageFor<PlainKeys>(ctx.pop, EncryptionType.SSE);
    await storage.write('us', { record_key: 'sse-1', key5: 'needle in a haystack' });
    expect((await storage.find('us', { search_keys: 'needle' })).meta.total).toBe(1);
    expect((await storage.find('us', { key5: { $like: 'hay' } })).meta.total).toBe(1);
  });
});
