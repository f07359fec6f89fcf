/**
 * parseFilter end to end: a filter that only exists at run time (parsed JSON, a Record<string, unknown>)
 * is validated against the storage's configuration and handed to find() without a cast; a bad one is
 * refused with InputValidationError naming the field and operator, and nothing is sent.
 */
import { describe, expect, it } from 'vitest';
import { EncryptionType, InputValidationError, parseFilter } from '../../src/index.js';
import { type PlainKeys, storageFor } from './support/storages.js';
import { useLocalPop } from './support/test-pop.js';

const ctx = useLocalPop();

describe('parseFilter', () => {
  it('validates a filter parsed from JSON and finds with it, no cast', async () => {
    const storage = await storageFor<PlainKeys>(ctx.pop, EncryptionType.LOCAL, {}, { hashSearchKeys: false });
    await storage.batchWrite('us', [
      { record_key: 'r1', key1: 'gold member', range_key1: 5 },
      { record_key: 'r2', key1: 'silver', range_key1: 50 },
      { record_key: 'r3', key1: 'golden', range_key1: 500 },
    ]);
    const input: Record<string, unknown> = JSON.parse(
      '{"key1":{"$like":"gold"},"range_key1":{"$lt":100},"$or":[{"record_key":"r1"},{"record_key":"r2"}]}',
    );
    const filter = parseFilter(storage, input);
    const { data } = await storage.find('us', filter, { sort: [{ range_key1: 'asc' }] });
    expect(data.map((r) => r.record_key)).toEqual(['r1']);
    expect(
      (await storage.findOne('us', parseFilter(storage, { range_key1: { $gte: 500 } })))?.record.record_key,
    ).toBe('r3');
  });

  it('refuses a bad field or operator with the builder’s words and the path, before sending', async () => {
    const storage = await storageFor(ctx.pop, EncryptionType.LOCAL);
    ctx.pop.admin.clearRequests();
    const cases: [Record<string, unknown> | null, RegExp][] = [
      [
        { key1: { $gt: 1 } },
        /^Invalid find query: filter\.key1\.\$gt: key1 is not a range key, version or date field$/,
      ],
      [{ body: 'x' }, /filter\.body/],
      [{ key1: { $like: 'gold' } }, /filter\.key1\.\$like: \$like needs plain search keys/],
      [{ created_at: null }, /filter\.created_at: created_at is never null/],
      [{ $or: [{ range_key1: 1 }, { key1: 'a' }] }, /filter\.\$or\.0\.range_key1/],
      [null, /^Invalid find query: filter: expected an object of field conditions, got nothing$/],
    ];
    for (const [input, message] of cases) {
      const error = (() => {
        try {
          parseFilter(storage, input);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(InputValidationError);
      expect((error as Error).message).toMatch(message);
    }
    expect(ctx.pop.admin.requests()).toHaveLength(0);
  });
});
