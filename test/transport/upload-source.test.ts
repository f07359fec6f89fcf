/**
 * Upload sources: every kind re-opens from the start, streams are spooled once (and the spool removed),
 * and the size limit is enforced before anything is sent.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputValidationError, StorageClientError } from '../../src/errors.js';
import { multipartBody } from '../../src/transport/multipart-body.js';
import { prepareUpload } from '../../src/transport/upload-source.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'incountry-upload-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString();
}

const options = { operation: 'addAttachment', maxBytes: 10 };

describe('prepareUpload', () => {
  it('re-opens a path, bytes and a spooled stream from the start each time', async () => {
    const path = join(dir, 'a.txt');
    await writeFile(path, 'from path');
    for (const [file, expected, name] of [
      [path, 'from path', 'a.txt'],
      [Buffer.from('bytes'), 'bytes', undefined],
      [Readable.from(['str', 'eam']), 'stream', undefined],
    ] as const) {
      const upload = await prepareUpload(file, options);
      expect(upload.size).toBe(expected.length);
      expect(upload.suggestedName).toBe(name);
      expect(await text(upload.open())).toBe(expected);
      expect(await text(upload.open())).toBe(expected);
      await upload.dispose();
    }
  });

  it('removes the spool file on dispose', async () => {
    const upload = await prepareUpload(Readable.from(['x']), options);
    const spooled = (upload.open() as Readable & { path: string }).path;
    expect(existsSync(spooled)).toBe(true);
    await upload.dispose();
    expect(existsSync(dirname(spooled))).toBe(false);
  });

  it('stops spooling a stream as soon as it passes the limit', async () => {
    let pulled = 0;
    const endless = new Readable({
      read() {
        pulled++;
        this.push(Buffer.alloc(4));
      },
    });
    await expect(prepareUpload(endless, options)).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof InputValidationError &&
        /larger than the .* limit \(10 bytes\)/.test((e as Error).message),
    );
    // What may be read: the chunks up to the one that crosses the limit, plus the source's own read-ahead,
    // which fills its buffer up to its high-water mark (16 KiB by default on Node 20, 64 KiB from Node 22).
    expect(pulled * 4).toBeLessThanOrEqual(options.maxBytes + 4 + endless.readableHighWaterMark);
  });

  it('refuses bytes over the limit, and reports a failing stream as a client error', async () => {
    await expect(prepareUpload(Buffer.alloc(11), options)).rejects.toBeInstanceOf(InputValidationError);
    const failing = new Readable({
      read() {
        this.destroy(new Error('disk on fire'));
      },
    });
    await expect(prepareUpload(failing, options)).rejects.toSatisfy(
      (e: unknown) => e instanceof StorageClientError && !(e instanceof InputValidationError),
    );
  });
});

describe('multipartBody', () => {
  it('frames one file part with an exact Content-Length, afresh for each attempt', async () => {
    const upload = await prepareUpload(Buffer.from('hello'), options);
    const body = multipartBody(upload, 'q"uote\\d.txt', 'text/plain');
    const first = body();
    const second = body();
    const payload = await text(first.body as Readable);
    expect(await text(second.body as Readable)).toBe(payload);
    expect(Number(first.headers?.['content-length'])).toBe(Buffer.byteLength(payload));
    const boundary = /boundary=(.+)$/.exec(first.headers?.['content-type'] ?? '')?.[1];
    expect(payload).toBe(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="q\\"uote\\\\d.txt"\r\n` +
        `Content-Type: text/plain\r\n\r\nhello\r\n--${boundary}--\r\n`,
    );
  });
});
