/**
 * A find answers at most `maxFindBytes` of record bodies: a bigger page is refused with a 400 that says how
 * to page, before the bodies are read (it answered 500 `Invalid string length` after stalling every
 * tenant). SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { popDatabases, startPopOn } from './support/pop-databases.js';
import type { TestPop } from './support/test-pop.js';

const US = '/v2/storage/records/us';
const KiB = 1024;

describe.each(popDatabases())('%s', (_name, database) => {
  let t: TestPop;
  beforeAll(async () => {
    t = await startPopOn(database, { maxFindBytes: 1024 * KiB });
    for (let i = 0; i < 5; i++) {
      const response = await t.call('POST', US, {
        body: { record_key: `big-${i}`, key1: 'big', body: 'b'.repeat(300 * KiB) },
      });
      expect(response.status).toBe(201);
    }
  });
  afterAll(() => t.close());

  it('a page over the budget is a 400 naming options.limit and how many records fit', async () => {
    const response = await t.call('POST', `${US}/find`, { body: { filter: { key1: 'big' } } });
    expect(response.status).toBe(400);
    expect(response.json.errors[0].source).toBe('body.options.limit');
    expect(response.json.errors[0].detail).toMatch(
      /the 5 records of this page hold 1536000 bytes of body, more than the 1048576 bytes .*options\.limit \(about 3 fit at this size\) and page with options\.offset/,
    );
  });

  it('pages within the budget are answered, and paging reaches every record', async () => {
    const keys: string[] = [];
    for (let offset = 0; offset < 5; offset += 3) {
      const page = await t.call('POST', `${US}/find`, {
        body: { filter: { key1: 'big' }, options: { limit: 3, offset } },
      });
      expect(page.status).toBe(200);
      keys.push(...page.json.data.map((r: { record_key: string }) => r.record_key));
    }
    expect(keys.sort()).toEqual(['big-0', 'big-1', 'big-2', 'big-3', 'big-4']);
  });
});
