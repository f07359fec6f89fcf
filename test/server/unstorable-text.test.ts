/**
 * Text a database would rewrite is refused with a 400, the same on SQLite and PostgreSQL: a lone UTF-16
 * surrogate (SQLite and PostgreSQL both turn it into U+FFFD, so two keys collided and bodies read back
 * changed) and NUL (PostgreSQL text cannot hold it: it answered 500, SQLite stored it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { popDatabases, startPopOn } from './support/pop-databases.js';
import type { TestPop } from './support/test-pop.js';

const US = '/v2/storage/records/us';

describe.each(popDatabases())('%s', (_name, database) => {
  let t: TestPop;
  beforeAll(async () => {
    t = await startPopOn(database);
  });
  afterAll(() => t.close());

  async function expect400(method: string, path: string, body: unknown, source: string, rule: RegExp) {
    const response = await t.call(method, path, { body });
    expect(response.status).toBe(400);
    expect(response.json.errors[0]).toMatchObject({ source });
    expect(response.json.errors[0].detail).toMatch(rule);
  }

  async function total(): Promise<number> {
    return (await t.call('POST', `${US}/find`, { body: { filter: {} } })).json.meta.total;
  }

  const SURROGATE = /lone UTF-16 surrogate/;
  const NUL = /NUL/;

  it('lone surrogates: 400 for keys, bodies, batches, filters and attachment names; nothing is stored', async () => {
    await expect400('POST', US, { record_key: 'sur\ud800' }, 'body.record_key', SURROGATE);
    await expect400('POST', US, { record_key: 'sur\ud801' }, 'body.record_key', SURROGATE);
    await expect400('POST', US, { record_key: 'k', body: 'x\ud800y' }, 'body.body', SURROGATE);
    await expect400('POST', US, { record_key: 'k', key1: '\udc00' }, 'body.key1', SURROGATE);
    await expect400(
      'POST',
      `${US}/batchWrite`,
      { records: [{ record_key: 'a' }, { record_key: 'b', precommit_body: '\ud83d' }] },
      'body.records.1.precommit_body',
      SURROGATE,
    );
    await expect400(
      'POST',
      `${US}/find`,
      { filter: { key1: ['ok', 'x\ud800'] } },
      'body.filter.key1.1',
      SURROGATE,
    );
    await expect400(
      'PATCH',
      `${US}/k/attachments/f/meta`,
      { filename: 'a\ud800.txt' },
      'body.filename',
      SURROGATE,
    );
    expect(await total()).toBe(0);
    // A well-formed pair is ordinary text.
    const emoji = await t.call('POST', US, { body: { record_key: 'emoji-😀', body: '😀' } });
    expect(emoji.status).toBe(201);
    expect((await t.call('GET', `${US}/${encodeURIComponent('emoji-😀')}`)).json.body).toBe('😀');
  });

  it('NUL: 400 in keys, bodies, filters and path keys, never a 500 or a stored value', async () => {
    const before = await total();
    await expect400('POST', US, { record_key: 'a\0b' }, 'body.record_key', NUL);
    await expect400('POST', US, { record_key: 'k', body: 'x\0' }, 'body.body', NUL);
    await expect400('POST', US, { record_key: 'k', key2: '\0' }, 'body.key2', NUL);
    await expect400('POST', `${US}/find`, { filter: { key3: 'a\0' } }, 'body.filter.key3', NUL);
    for (const [method, path] of [
      ['GET', `${US}/a%00b`],
      ['DELETE', `${US}/a%00b`],
      ['GET', `${US}/k/attachments/f%00/meta`],
    ] as const) {
      const response = await t.call(method, path);
      expect(response.status).toBe(400);
      expect(response.json.errors[0].detail).toMatch(NUL);
    }
    expect(await total()).toBe(before);
  });
  it('the checks that skip text without escapes still find one escape in the last record of a 100-record batch, and nesting past 32 levels', async () => {
    const before = await total();
    const records = Array.from({ length: 100 }, (_, i) => ({ record_key: `batch-${i}`, body: 'plain' }));
    records[99] = { record_key: 'batch-99', body: 'x\ud800' };
    await expect400('POST', `${US}/batchWrite`, { records }, 'body.records.99.body', SURROGATE);
    records[99] = { record_key: 'batch-99', body: 'x\0' };
    await expect400('POST', `${US}/batchWrite`, { records }, 'body.records.99.body', NUL);
    let nested: unknown = 'deep';
    for (let i = 0; i < 40; i++) nested = [nested];
    await expect400(
      'POST',
      US,
      { record_key: 'k', body: nested },
      'body.body.0.0',
      /more than 32 levels deep/,
    );
    expect(await total()).toBe(before);
  });
});
