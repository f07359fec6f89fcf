/**
 * Attachment bytes in the database: uploads are cut into fixed-size chunks while hashing and counting, and
 * downloads pull one chunk per read, so neither direction holds a whole file in memory.
 */

import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { createByteCounter } from '../../wire/byte-counter.js';
import type { PopDatabase } from './pop-database.js';
import { AttachmentTooLargeError } from './record-store.js';

/** Bytes per stored chunk: large enough to keep row overhead small, small enough to stream. */
export const ATTACHMENT_CHUNK_SIZE = 256 * 1024;

/** What an upload produced. */
export interface StoredContent {
  readonly size: number;
  /** SHA-256 of the content, lowercase hex. */
  readonly hash: string;
}

/**
 * Reads `content` to its end, writing chunk rows for `attachmentId` as it goes. Rejects with
 * {@link AttachmentTooLargeError} as soon as more than `maxBytes` arrived; the stream is then left
 * unconsumed but not destroyed, so the caller can still answer the request.
 *
 * @example
 * import { createReadStream } from 'node:fs';
 * declare const db: Kysely<PopDatabase>;
 * const { size, hash } = await writeContent(db, 7n, createReadStream('./report.pdf'), 104_857_600);
 */
export async function writeContent(
  db: Kysely<PopDatabase>,
  attachmentId: bigint,
  content: Readable,
  maxBytes: number,
): Promise<StoredContent> {
  const hash = createHash('sha256');
  const counter = createByteCounter(
    maxBytes,
    () => new AttachmentTooLargeError(`attachment exceeds the limit of ${maxBytes} bytes`),
  );
  let idx = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;

  const insert = async (data: Buffer) => {
    await db.insertInto('pop_attachment_chunks').values({ attachment_id: attachmentId, idx, data }).execute();
    idx += 1;
  };

  for await (const piece of content.iterator({ destroyOnReturn: false })) {
    const buffer = counter.take(piece);
    hash.update(buffer);
    pending.push(buffer);
    pendingBytes += buffer.length;
    if (pendingBytes < ATTACHMENT_CHUNK_SIZE) continue;
    const joined = Buffer.concat(pending, pendingBytes);
    let offset = 0;
    while (joined.length - offset >= ATTACHMENT_CHUNK_SIZE) {
      await insert(joined.subarray(offset, offset + ATTACHMENT_CHUNK_SIZE));
      offset += ATTACHMENT_CHUNK_SIZE;
    }
    // Copy the tail so the large joined buffer can be released.
    const tail = Buffer.from(joined.subarray(offset));
    pending = tail.length > 0 ? [tail] : [];
    pendingBytes = tail.length;
  }
  if (pendingBytes > 0) await insert(Buffer.concat(pending, pendingBytes));
  return { size: counter.bytes, hash: hash.digest('hex') };
}

/**
 * A byte stream over an attachment's chunks, fetched one query per chunk as the consumer reads. If the
 * attachment is replaced or deleted mid-download the stream fails instead of ending short.
 *
 * @example
 * declare const db: Kysely<PopDatabase>;
 * declare const reply: import('fastify').FastifyReply;
 * readContent(db, 7n, 1234).pipe(reply.raw);
 */
export function readContent(db: Kysely<PopDatabase>, attachmentId: bigint, size: number): Readable {
  const chunkCount = Math.ceil(size / ATTACHMENT_CHUNK_SIZE);
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let idx = 0; idx < chunkCount; idx += 1) {
      const row = await db
        .selectFrom('pop_attachment_chunks')
        .select('data')
        .where('attachment_id', '=', attachmentId)
        .where('idx', '=', idx)
        .executeTakeFirst();
      if (!row) throw new Error('attachment content changed or was deleted while it was being read');
      yield Buffer.isBuffer(row.data) ? row.data : Buffer.from(row.data);
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
