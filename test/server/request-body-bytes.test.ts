/**
 * What a JSON request body must be before the routes see it, the same on SQLite and PostgreSQL: UTF-8
 * (invalid bytes used to become U+FFFD, so two record keys collapsed into one record and the first write
 * was silently overwritten), declared as UTF-8 if a charset is given, and nested at most 32 levels (a
 * filter nested 5,000 levels was a stack overflow and a 500).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { popDatabases, startPopOn } from './support/pop-databases.js';
import { readResponse, type TestPop } from './support/test-pop.js';

const US = '/v2/storage/records/us';

/** `{"<field>":"<prefix><bytes>"}` with raw bytes spliced into the string. */
function withBytes(json: string, bytes: readonly number[]): Buffer {
  const [before, after] = json.split('@BYTES@') as [string, string];
  return Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]);
}

describe.each(popDatabases())('%s', (_name, database) => {
  let t: TestPop;
  beforeAll(async () => {
    t = await startPopOn(database);
  });
  afterAll(() => t.close());

  async function send(path: string, body: Buffer | string, contentType = 'application/json') {
    const response = await fetch(`${t.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.token}`, 'x-env-id': t.env, 'content-type': contentType },
      body,
    });
    return readResponse(response);
  }

  async function total(): Promise<number> {
    return (await t.call('POST', `${US}/find`, { body: { filter: {} } })).json.meta.total;
  }

  it('invalid UTF-8 is a 400 naming the field (record_key, body, key1, precommit_body, filters), nothing stored', async () => {
    const before = await total();
    const cases: [string, string, string][] = [
      [US, '{"record_key":"utf-key-@BYTES@"}', 'body.record_key'],
      [US, '{"record_key":"k","body":"x@BYTES@"}', 'body.body'],
      [US, '{"record_key":"k","key1":"@BYTES@"}', 'body.key1'],
      [US, '{"record_key":"k","precommit_body":"p@BYTES@"}', 'body.precommit_body'],
      [
        `${US}/batchWrite`,
        '{"records":[{"record_key":"a"},{"record_key":"b@BYTES@"}]}',
        'body.records.1.record_key',
      ],
      [`${US}/find`, '{"filter":{"key2":["ok","@BYTES@"]}}', 'body.filter.key2.1'],
    ];
    for (const [path, json, source] of cases)
      for (const bytes of [[0xff], [0xfe], [0xc3], [0xed, 0xa0, 0x80], [0xe2, 0x82]]) {
        const response = await send(path, withBytes(json, bytes));
        expect({ source, bytes, status: response.status }).toEqual({ source, bytes, status: 400 });
        expect(response.json.errors[0]).toMatchObject({
          source,
          detail: expect.stringMatching(/valid UTF-8/),
        });
      }
    expect(await total()).toBe(before);
  });

  it('two keys that differ only in invalid bytes no longer collapse into one record', async () => {
    const first = await send(US, withBytes('{"record_key":"utf-key-@BYTES@","body":"first"}', [0xff]));
    const second = await send(US, withBytes('{"record_key":"utf-key-@BYTES@","body":"second"}', [0xfe]));
    expect([first.status, second.status]).toEqual([400, 400]);
    expect((await t.call('GET', `${US}/${encodeURIComponent('utf-key-\ufffd')}`)).status).toBe(404);
  });

  it('valid UTF-8 (U+FFFD itself included) is stored unchanged', async () => {
    const response = await send(US, JSON.stringify({ record_key: 'ok-\ufffd-é-😀', body: 'ü' }));
    expect(response.status).toBe(201);
    expect(response.json.record_key).toBe('ok-\ufffd-é-😀');
  });

  it('a charset other than UTF-8 is a 415; charset=utf-8 in any spelling is fine', async () => {
    const latin1 = Buffer.from('{"record_key":"caf\xe9"}', 'latin1');
    for (const type of ['application/json; charset=iso-8859-1', 'application/json;charset="windows-1252"']) {
      const response = await send(US, latin1, type);
      expect(response.status).toBe(415);
      expect(response.json.errors[0]).toMatchObject({ source: 'header.content-type' });
    }
    for (const type of [
      'application/json; charset=utf-8',
      'application/json; charset="UTF-8"',
      'application/json;charset=utf8',
    ])
      expect((await send(US, '{"record_key":"charset-ok"}', type)).status).toBe(201);
  });

  it('bodies nested past 32 levels are a 400 naming the field, at any depth (5,000 and 100,000 too)', async () => {
    for (const depth of [33, 5000, 100_000]) {
      const lists = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      const nots = `${'{"$not":'.repeat(depth)}"x"${'}'.repeat(depth)}`;
      for (const [path, json, source] of [
        [`${US}/find`, `{"filter":{"key1":${lists}}}`, 'body.filter.key1'],
        [`${US}/find`, `{"filter":{"key1":${nots}}}`, 'body.filter.key1'],
        [`${US}/find`, `{"filter":{"$or":[${nots},{"key2":"a"}]}}`, 'body.filter.$or'],
        [US, `{"record_key":"deep","body":${lists}}`, 'body.body'],
      ] as const) {
        const response = await send(path, json);
        expect({ depth, path, status: response.status }).toEqual({ depth, path, status: 400 });
        expect(response.json.errors[0].source.startsWith(source)).toBe(true);
        expect(response.json.errors[0].detail).toMatch(/more than 32 levels/);
      }
    }
    // The deepest legitimate filter is far below the bound.
    const fine = await send(
      `${US}/find`,
      JSON.stringify({ filter: { $or: [{ key1: { $not: ['a'] } }, { key2: 'b' }] } }),
    );
    expect(fine.status).toBe(200);
  });
});
