import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPop, type TestPop } from './support/test-pop.js';

describe('concurrent writers', () => {
  let t: TestPop;
  beforeAll(async () => {
    t = await startTestPop();
  });
  afterAll(() => t.close());

  it('8 writers x 500 records over HTTP: nothing lost, totals exact', async () => {
    const writers = 8;
    const perWriter = 500;
    const statuses = new Map<number, number>();
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; i < perWriter; i++) {
          const response = await t.call('POST', '/v2/storage/records/us', {
            body: { record_key: `c-${w}-${i}`, key1: `writer-${w}`, range_key1: i },
          });
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        }
      }),
    );
    expect(Object.fromEntries(statuses)).toEqual({ 201: writers * perWriter });

    const all = await t.call('POST', '/v2/storage/records/us/find', { body: { options: { limit: 1 } } });
    expect(all.json.meta.total).toBe(writers * perWriter);
    for (let w = 0; w < writers; w++) {
      const mine = await t.call('POST', '/v2/storage/records/us/find', {
        body: { filter: { key1: `writer-${w}` }, options: { limit: 1 } },
      });
      expect(mine.json.meta.total).toBe(perWriter);
    }
    const last = await t.call('POST', '/v2/storage/records/us/find', {
      body: {
        filter: { key1: 'writer-7', range_key1: { $gte: 490 } },
        options: { sort: [{ range_key1: 'asc' }] },
      },
    });
    expect(last.json.data.map((r: { record_key: string }) => r.record_key)).toEqual(
      Array.from({ length: 10 }, (_, i) => `c-7-${490 + i}`),
    );
  });

  it('parallel upserts of one key leave exactly one record', async () => {
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.call('POST', '/v2/storage/records/de', { body: { record_key: 'hot', range_key1: i } }),
      ),
    );
    expect(responses.every((r) => r.status === 201)).toBe(true);
    const found = await t.call('POST', '/v2/storage/records/de/find', {
      body: { filter: { record_key: 'hot' } },
    });
    expect(found.json.meta.total).toBe(1);
    expect(new Set(responses.map((r) => r.json.created_at)).size).toBe(1);
  });
});
