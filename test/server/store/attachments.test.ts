/**
 * Attachments (docs/protocol.md#attachments, docs/protocol.md#attachment-storage) on every database: streamed in and out in chunks, hashed on the fly,
 * upsert by filename, size limit.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ATTACHMENT_CHUNK_SIZE,
  AttachmentTooLargeError,
  NotFoundError,
  type RecordStore,
  type Scope,
} from '../../../src/server/store/index.js';
import { type OpenedStore, storeTargets } from './store-targets.js';

const T0 = Date.parse('2030-01-01T00:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const SCOPE: Scope = { environmentId: 'env-a', country: 'us' };
const MAX = 100 * 1024 * 1024;

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function upload(content: Buffer | Readable, filename = 'a.txt', maxBytes = MAX) {
  return {
    filename,
    mimeType: 'text/plain',
    content: Buffer.isBuffer(content) ? Readable.from([content]) : content,
    maxBytes,
  };
}

/**
 * Deterministic pseudo-random bytes in odd-sized pieces (so chunk boundaries never line up with them),
 * generated as the store pulls, with the expected hash computed alongside.
 */
function generated(totalBytes: number) {
  const hash = createHash('sha256');
  let produced = 0;
  let state = 12345;
  const stream = new Readable({
    read() {
      if (produced >= totalBytes) {
        this.push(null);
        return;
      }
      const size = Math.min(99_991, totalBytes - produced);
      const piece = Buffer.allocUnsafe(size);
      for (let i = 0; i < size; i += 1) {
        state = (state * 1103515245 + 12345) & 0x7fffffff;
        piece[i] = state >>> 16;
      }
      produced += size;
      hash.update(piece);
      this.push(piece);
    },
  });
  return { stream, digest: () => hash.digest('hex') };
}

async function drain(content: Readable): Promise<{ hash: string; size: number; pieces: number }> {
  const hash = createHash('sha256');
  let size = 0;
  let pieces = 0;
  for await (const piece of content) {
    hash.update(piece as Buffer);
    size += (piece as Buffer).length;
    pieces += 1;
  }
  return { hash: hash.digest('hex'), size, pieces };
}

describe.each(storeTargets())('attachments on $name', (target) => {
  let opened: OpenedStore;
  let store: RecordStore;

  beforeAll(async () => {
    opened = await target.open();
    store = opened.store;
  });
  afterAll(async () => {
    await opened.dispose();
  });
  beforeEach(async () => {
    await store.reset();
    await store.write(SCOPE, { record_key: 'r' }, at(1));
  });

  it('round-trips a small file: meta, listing on the record, content', async () => {
    const data = Buffer.from('hello attachment');
    const meta = await store.addAttachment(SCOPE, 'r', upload(data, 'hello.txt'), false, at(2));
    expect(meta).toEqual({
      file_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      filename: 'hello.txt',
      mime_type: 'text/plain',
      size: data.length,
      hash: sha256(data),
      created_at: '2030-01-01T00:00:02.000000+00:00',
      updated_at: '2030-01-01T00:00:02.000000+00:00',
    });
    expect((await store.read(SCOPE, 'r', at(3))).attachments).toEqual([meta]);
    expect(await store.getAttachmentMeta(SCOPE, 'r', meta.file_id, at(3))).toEqual(meta);
    const file = await store.getAttachmentFile(SCOPE, 'r', meta.file_id, at(3));
    expect(file.meta).toEqual(meta);
    const chunks: Buffer[] = [];
    for await (const piece of file.content) chunks.push(piece as Buffer);
    expect(Buffer.concat(chunks)).toEqual(data);
  });

  it('stores an empty file', async () => {
    const meta = await store.addAttachment(SCOPE, 'r', upload(Buffer.alloc(0)), false, at(2));
    expect(meta).toMatchObject({ size: 0, hash: sha256(Buffer.alloc(0)) });
    const file = await store.getAttachmentFile(SCOPE, 'r', meta.file_id, at(3));
    expect(await drain(file.content)).toEqual({ hash: meta.hash, size: 0, pieces: 0 });
  });

  it('streams a multi-chunk file in and out, chunk by chunk', async () => {
    const size = 5 * 1024 * 1024 + 12_345;
    const source = generated(size);
    const meta = await store.addAttachment(SCOPE, 'r', upload(source.stream, 'big.bin'), false, at(2));
    expect(meta.size).toBe(size);
    expect(meta.hash).toBe(source.digest());
    const file = await store.getAttachmentFile(SCOPE, 'r', meta.file_id, at(3));
    const read = await drain(file.content);
    expect(read).toEqual({ hash: meta.hash, size, pieces: Math.ceil(size / ATTACHMENT_CHUNK_SIZE) });
  });

  it('POST adds a second attachment with the same name; upsert replaces it in place', async () => {
    const first = await store.addAttachment(SCOPE, 'r', upload(Buffer.from('v1'), 'doc.txt'), false, at(2));
    const other = await store.addAttachment(
      SCOPE,
      'r',
      upload(Buffer.from('other'), 'other.txt'),
      false,
      at(3),
    );
    const replaced = await store.addAttachment(
      SCOPE,
      'r',
      upload(Buffer.from('v2!'), 'doc.txt'),
      true,
      at(4),
    );
    expect(replaced).toEqual({
      ...first,
      size: 3,
      hash: sha256(Buffer.from('v2!')),
      updated_at: '2030-01-01T00:00:04.000000+00:00',
    });
    expect((await store.read(SCOPE, 'r', at(5))).attachments).toEqual([replaced, other]);
    const file = await store.getAttachmentFile(SCOPE, 'r', first.file_id, at(5));
    expect((await drain(file.content)).hash).toBe(sha256(Buffer.from('v2!')));

    const duplicate = await store.addAttachment(
      SCOPE,
      'r',
      upload(Buffer.from('v3'), 'doc.txt'),
      false,
      at(6),
    );
    expect(duplicate.file_id).not.toBe(first.file_id);
    expect((await store.read(SCOPE, 'r', at(7))).attachments.map((a) => a.filename)).toEqual([
      'doc.txt',
      'other.txt',
      'doc.txt',
    ]);
  });

  it('upsert with a new name adds', async () => {
    const meta = await store.addAttachment(SCOPE, 'r', upload(Buffer.from('x'), 'new.txt'), true, at(2));
    expect((await store.read(SCOPE, 'r', at(3))).attachments).toEqual([meta]);
  });

  it('rejects content over maxBytes, stores nothing and leaves the stream to the caller', async () => {
    const content = Readable.from([Buffer.alloc(600), Buffer.alloc(600), Buffer.alloc(600)]);
    const error = await store
      .addAttachment(SCOPE, 'r', upload(content, 'big.txt', 1000), false, at(2))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AttachmentTooLargeError);
    expect(content.destroyed).toBe(false);
    expect((await store.read(SCOPE, 'r', at(3))).attachments).toEqual([]);
    // A too-large upsert keeps the previous version.
    const kept = await store.addAttachment(
      SCOPE,
      'r',
      upload(Buffer.from('small'), 'big.txt', 1000),
      false,
      at(4),
    );
    await expect(
      store.addAttachment(SCOPE, 'r', upload(Buffer.alloc(1001), 'big.txt', 1000), true, at(5)),
    ).rejects.toBeInstanceOf(AttachmentTooLargeError);
    expect((await store.read(SCOPE, 'r', at(6))).attachments).toEqual([kept]);
  });

  it('accepts content of exactly maxBytes', async () => {
    const meta = await store.addAttachment(SCOPE, 'r', upload(Buffer.alloc(1000), 'x', 1000), false, at(2));
    expect(meta.size).toBe(1000);
  });

  it('updates meta and bumps updated_at only', async () => {
    const meta = await store.addAttachment(SCOPE, 'r', upload(Buffer.from('x'), 'a.txt'), false, at(2));
    const renamed = await store.updateAttachmentMeta(SCOPE, 'r', meta.file_id, { filename: 'b.txt' }, at(3));
    expect(renamed).toEqual({ ...meta, filename: 'b.txt', updated_at: '2030-01-01T00:00:03.000000+00:00' });
    const retyped = await store.updateAttachmentMeta(
      SCOPE,
      'r',
      meta.file_id,
      { mime_type: 'application/json', filename: undefined },
      at(4),
    );
    expect(retyped).toEqual({
      ...renamed,
      mime_type: 'application/json',
      updated_at: '2030-01-01T00:00:04.000000+00:00',
    });
    expect(await store.getAttachmentMeta(SCOPE, 'r', meta.file_id, at(5))).toEqual(retyped);
  });

  it('deletes one attachment', async () => {
    const a = await store.addAttachment(SCOPE, 'r', upload(Buffer.from('a'), 'a'), false, at(2));
    const b = await store.addAttachment(SCOPE, 'r', upload(Buffer.from('b'), 'b'), false, at(3));
    await store.deleteAttachment(SCOPE, 'r', a.file_id, at(4));
    expect((await store.read(SCOPE, 'r', at(5))).attachments).toEqual([b]);
    await expect(store.getAttachmentMeta(SCOPE, 'r', a.file_id, at(5))).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.deleteAttachment(SCOPE, 'r', a.file_id, at(5))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('answers NotFoundError for a missing record, attachment, or another scope', async () => {
    const meta = await store.addAttachment(SCOPE, 'r', upload(Buffer.from('a')), false, at(2));
    const other: Scope = { environmentId: 'env-b', country: 'us' };
    const cases = [
      () => store.addAttachment(SCOPE, 'missing', upload(Buffer.from('a')), false, at(3)),
      () => store.getAttachmentMeta(SCOPE, 'r', 'nope', at(3)),
      () => store.getAttachmentMeta(SCOPE, 'missing', meta.file_id, at(3)),
      () => store.getAttachmentMeta(other, 'r', meta.file_id, at(3)),
      () => store.getAttachmentFile(other, 'r', meta.file_id, at(3)),
      () => store.updateAttachmentMeta(other, 'r', meta.file_id, { filename: 'x' }, at(3)),
      () => store.deleteAttachment(other, 'r', meta.file_id, at(3)),
    ];
    for (const call of cases) await expect(call()).rejects.toBeInstanceOf(NotFoundError);
  });

  it('fails an upload whose record is deleted while it streams', async () => {
    let pushed = false;
    const content = new Readable({
      read() {
        if (!pushed) {
          pushed = true;
          this.push(Buffer.alloc(ATTACHMENT_CHUNK_SIZE + 10));
          // The record disappears between two chunks of the upload.
          void store.delete(SCOPE, 'r', at(2)).then(() => {
            this.push(Buffer.alloc(ATTACHMENT_CHUNK_SIZE));
            this.push(null);
          });
        }
      },
    });
    await expect(store.addAttachment(SCOPE, 'r', upload(content), false, at(2))).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
