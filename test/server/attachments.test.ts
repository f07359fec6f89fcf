import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_SIZE } from '../../src/fields.js';
import { attachmentMetaSchema, errorBodySchema } from '../../src/wire/index.js';
import { startTestPop, type TestPop } from './support/test-pop.js';

const RECORD = '/v2/storage/records/us/att-record';
const FILES = `${RECORD}/attachments`;
let t: TestPop;

function form(content: string | Uint8Array, filename: string, type = 'text/plain', field = 'file'): FormData {
  const data = new FormData();
  data.append(field, new Blob([content], { type }), filename);
  return data;
}

beforeAll(async () => {
  t = await startTestPop();
  await t.call('POST', '/v2/storage/records/us', { body: { record_key: 'att-record' } });
});
afterAll(() => t.close());

describe('add, download, meta', () => {
  it('adds an attachment: 201 with the full meta and an absolute download link', async () => {
    const response = await t.call('POST', FILES, { body: form('hello attachment', 'hello.txt') });
    expect(response.status).toBe(201);
    const meta = attachmentMetaSchema.parse(response.json);
    expect(meta).toMatchObject({ filename: 'hello.txt', mime_type: 'text/plain', size: 16 });
    expect(meta.hash).toBe(createHash('sha256').update('hello attachment').digest('hex'));
    expect(meta.download_link).toBe(`${t.url}${FILES}/${meta.file_id}`);

    const record = await t.call('GET', RECORD);
    expect(record.json.attachments).toContainEqual(meta);
  });

  it('downloads the raw bytes with Content-Type and a filename* Content-Disposition as the last parameter', async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const name = 'naïve résumé (v2).bin';
    const meta = (await t.call('POST', FILES, { body: form(bytes, name, 'application/x-custom') })).json;
    const response = await fetch(`${t.url}${FILES}/${meta.file_id}`, {
      headers: { authorization: `Bearer ${t.token}`, 'x-env-id': t.env },
    });
    expect(response.status).toBe(200);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
    expect(response.headers.get('content-type')).toBe('application/x-custom');
    const disposition = response.headers.get('content-disposition')!;
    expect(disposition).toBe("attachment; filename*=UTF-8''na%C3%AFve%20r%C3%A9sum%C3%A9%20%28v2%29.bin");
    expect(decodeURIComponent(disposition.split("filename*=UTF-8''")[1]!)).toBe(name);
  });

  it('gets and updates the meta; updated_at advances', async () => {
    const meta = (await t.call('POST', FILES, { body: form('x', 'old.txt') })).json;
    const got = await t.call('GET', `${FILES}/${meta.file_id}/meta`);
    expect(got.status).toBe(200);
    expect(got.json).toEqual(meta);

    const patched = await t.call('PATCH', `${FILES}/${meta.file_id}/meta`, {
      body: { filename: 'new.txt', mime_type: 'text/markdown' },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({
      file_id: meta.file_id,
      filename: 'new.txt',
      mime_type: 'text/markdown',
    });
    expect(Date.parse(patched.json.updated_at)).toBeGreaterThanOrEqual(Date.parse(meta.updated_at));
    expect(patched.json.created_at).toBe(meta.created_at);
  });

  it('answers 400 for a meta update without filename or mime_type', async () => {
    const meta = (await t.call('POST', FILES, { body: form('x', 'a.txt') })).json;
    const empty = await t.call('PATCH', `${FILES}/${meta.file_id}/meta`, { body: {} });
    expect(empty.status).toBe(400);
    const wrong = await t.call('PATCH', `${FILES}/${meta.file_id}/meta`, { body: { filename: '' } });
    expect(wrong.status).toBe(400);
    expect(wrong.json.errors[0].source).toBe('body.filename');
  });
});

describe('upsert and delete', () => {
  it('PUT replaces the attachment with the same file name; POST always adds', async () => {
    const first = (await t.call('PUT', FILES, { body: form('one', 'same.txt') })).json;
    const replaced = await t.call('PUT', FILES, { body: form('two!', 'same.txt') });
    expect(replaced.status).toBe(201);
    expect(replaced.json).toMatchObject({ file_id: first.file_id, size: 4 });
    const added = (await t.call('POST', FILES, { body: form('three', 'same.txt') })).json;
    expect(added.file_id).not.toBe(first.file_id);
    const names = (await t.call('GET', RECORD)).json.attachments.filter(
      (a: { filename: string }) => a.filename === 'same.txt',
    );
    expect(names).toHaveLength(2);
  });

  it('DELETE answers 204 with an empty body; the attachment is gone', async () => {
    const meta = (await t.call('POST', FILES, { body: form('bye', 'bye.txt') })).json;
    const response = await t.call('DELETE', `${FILES}/${meta.file_id}`);
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expect((await t.call('GET', `${FILES}/${meta.file_id}/meta`)).status).toBe(404);
    expect((await t.call('GET', `${FILES}/${meta.file_id}`)).status).toBe(404);
    expect((await t.call('DELETE', `${FILES}/${meta.file_id}`)).status).toBe(404);
  });
});

describe('errors', () => {
  it('answers 404 for an upload to a missing record (and the answer arrives)', async () => {
    const response = await t.call('POST', '/v2/storage/records/us/no-such-record/attachments', {
      body: form('x'.repeat(200_000), 'big.txt'),
    });
    expect(response.status).toBe(404);
    errorBodySchema.parse(response.json);
  });

  it('answers 415 for a body that is not multipart', async () => {
    const response = await t.call('POST', FILES, { body: { file: 'x' } });
    expect(response.status).toBe(415);
    expect(response.json.errors[0].source).toBe('header.content-type');
  });

  it('answers 400 for a part not named file and for a malformed multipart body', async () => {
    expect((await t.call('POST', FILES, { body: form('x', 'a.txt', 'text/plain', 'document') })).status).toBe(
      400,
    );
    const broken = await t.call('POST', FILES, {
      body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nunterminated',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
    });
    expect(broken.status).toBe(400);
    const noBoundary = await t.call('POST', FILES, {
      body: 'abc',
      headers: { 'content-type': 'multipart/form-data' },
    });
    expect(noBoundary.status).toBe(400);
  });

  it('answers 401 without a token', async () => {
    expect((await t.call('POST', FILES, { body: form('x', 'a.txt'), anonymous: true })).status).toBe(401);
  });

  it('answers 413 while streaming past a configured limit, storing nothing', async () => {
    const small = await startTestPop({ maxAttachmentBytes: 1024 });
    try {
      await small.call('POST', '/v2/storage/records/us', { body: { record_key: 'r' } });
      const ok = await small.call('POST', '/v2/storage/records/us/r/attachments', {
        body: form(new Uint8Array(1024), 'fits.bin'),
      });
      expect(ok.status).toBe(201);
      const response = await small.call('POST', '/v2/storage/records/us/r/attachments', {
        body: form(new Uint8Array(1025), 'big.bin'),
      });
      expect(response.status).toBe(413);
      expect(response.json.errors[0].detail).toContain('1024 bytes');
      const attachments = (await small.call('GET', '/v2/storage/records/us/r')).json.attachments;
      expect(attachments.map((a: { filename: string }) => a.filename)).toEqual(['fits.bin']);
    } finally {
      await small.close();
    }
  });

  it('answers 413 for a file of 100 MiB + 1 byte at the default limit', async () => {
    const response = await t.call('POST', FILES, {
      body: form(new Uint8Array(MAX_ATTACHMENT_SIZE + 1), 'huge.bin'),
    });
    expect(response.status).toBe(413);
    const names = (await t.call('GET', RECORD)).json.attachments.map((a: { filename: string }) => a.filename);
    expect(names).not.toContain('huge.bin');
  });

  it('answers 413 at once when Content-Length announces too much', async () => {
    const url = new URL(`${t.url}${FILES}`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: {
            authorization: `Bearer ${t.token}`,
            'x-env-id': t.env,
            'content-type': 'multipart/form-data; boundary=b',
            'content-length': String(MAX_ATTACHMENT_SIZE * 2),
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write('--b\r\n');
    });
    expect(status).toBe(413);
  });
});
