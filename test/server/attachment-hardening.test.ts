/**
 * Attachment edge cases on SQLite and PostgreSQL: concurrent upserts of one name, and meta patches that
 * would break every later download (a mime_type that is not a media type, a file name too long for a
 * header).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { popDatabases, startPopOn } from './support/pop-databases.js';
import type { TestPop } from './support/test-pop.js';

const RECORD = '/v2/storage/records/us/hard';
const FILES = `${RECORD}/attachments`;

function form(content: string, filename: string, type = 'text/plain'): FormData {
  const data = new FormData();
  data.append('file', new Blob([content], { type }), filename);
  return data;
}

describe.each(popDatabases())('%s', (_name, database) => {
  let t: TestPop;
  beforeAll(async () => {
    t = await startPopOn(database);
    await t.call('POST', '/v2/storage/records/us', { body: { record_key: 'hard' } });
  });
  afterAll(() => t.close());

  it('20 concurrent upserts of one file name: every one succeeds, one attachment remains', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => t.call('PUT', FILES, { body: form(`version ${i}`, 'same.txt') })),
    );
    expect(responses.map((r) => r.status).filter((s) => s >= 300)).toEqual([]);
    const record = await t.call('GET', RECORD);
    const same = record.json.attachments.filter((a: { filename: string }) => a.filename === 'same.txt');
    expect(same).toHaveLength(1);
    // Every upsert reused the first file id.
    expect(new Set(responses.map((r) => r.json.file_id))).toEqual(new Set([same[0].file_id]));
  });

  async function download(fileId: string): Promise<number> {
    const response = await fetch(`${t.url}${FILES}/${fileId}`, {
      headers: { authorization: `Bearer ${t.token}`, 'x-env-id': t.env },
    });
    await response.arrayBuffer();
    return response.status;
  }

  it('PATCH meta: a mime_type that is not a media type is a 400, and downloads keep working', async () => {
    const meta = (await t.call('POST', FILES, { body: form('x', 'mime.txt') })).json;
    for (const mime_type of [
      'text/html\r\nX-Injected: 1',
      'text/plain\u0001',
      'text/plain; name="résumé"',
      'текст/plain',
      'text',
      `text/${'x'.repeat(300)}`,
    ]) {
      const response = await t.call('PATCH', `${FILES}/${meta.file_id}/meta`, { body: { mime_type } });
      expect(response.status, mime_type).toBe(400);
      expect(response.json.errors[0].source).toBe('body.mime_type');
    }
    const ok = await t.call('PATCH', `${FILES}/${meta.file_id}/meta`, {
      body: { mime_type: 'text/plain; charset="utf-8"' },
    });
    expect(ok.status).toBe(200);
    expect(await download(meta.file_id)).toBe(200);
  });

  it('file names: at most 255 characters on PATCH and on upload', async () => {
    const meta = (await t.call('POST', FILES, { body: form('x', 'name.txt') })).json;
    const long = await t.call('PATCH', `${FILES}/${meta.file_id}/meta`, {
      body: { filename: 'n'.repeat(20_000) },
    });
    expect(long.status).toBe(400);
    expect(long.json.errors[0]).toMatchObject({ source: 'body.filename' });
    expect(long.json.errors[0].detail).toMatch(/at most 255 characters/);
    expect(await download(meta.file_id)).toBe(200);
    const at = await t.call('PATCH', `${FILES}/${meta.file_id}/meta`, {
      body: { filename: 'n'.repeat(255) },
    });
    expect(at.status).toBe(200);
    expect(await download(meta.file_id)).toBe(200);

    const upload = await t.call('POST', FILES, { body: form('x', 'u'.repeat(256)) });
    expect(upload.status).toBe(400);
    expect(upload.json.errors[0].detail).toMatch(/filename must have at most 255 characters/);
  });
});
