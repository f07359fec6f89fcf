/**
 * Turns what a caller passes to `addAttachment` (a path, bytes, a Node Readable or a Web ReadableStream)
 * into a source that can be read from the start again for each retry (docs/architecture.md#reliability-design). Paths are re-opened;
 * bytes are re-wrapped; a one-shot stream is first spooled to a private temporary file, which also gives
 * the exact size before anything is sent. Nothing is held in memory beyond a stream chunk.
 */

import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { InputValidationError, StorageClientError } from '../errors.js';
import { createByteCounter } from '../wire/byte-counter.js';
import type { ReopenableSource } from './multipart-body.js';

/**
 * What `addAttachment` accepts as `file`: a path, bytes, a Node `Readable` or a Web `ReadableStream`.
 *
 * @example
 * const file: AttachmentFile = './report.pdf'; // or bytes, fs.createReadStream(path), response.body …
 * @category Storage
 */
export type AttachmentFile =
  | string
  | Uint8Array
  | Readable
  | WebReadableStream<Uint8Array>
  | ReadableStream<Uint8Array>;

/** A ready-to-send upload. Call `dispose` when done (removes a spooled temporary file). */
export interface PreparedUpload extends ReopenableSource {
  /** The name the source suggests: a path's base name, a file stream's path; undefined otherwise. */
  readonly suggestedName: string | undefined;
  dispose(): Promise<void>;
}

function tooLarge(operation: string, maxBytes: number): InputValidationError {
  return new InputValidationError(
    `${operation}() failed: file is larger than the ${maxBytes / 1_048_576} MiB limit (${maxBytes} bytes)`,
    { issues: [{ path: ['file'], message: `must be at most ${maxBytes} bytes` }] },
  );
}

function isWebStream(value: unknown): value is WebReadableStream<Uint8Array> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { getReader?: unknown }).getReader === 'function'
  );
}

/**
 * Prepares an upload, checking the size limit before any request.
 *
 * @example
 * const upload = await prepareUpload('./report.pdf', { operation: 'addAttachment', maxBytes: MAX_ATTACHMENT_SIZE });
 * try {
 *   upload.open().pipe(process.stdout);
 * } finally {
 *   await upload.dispose();
 * }
 */
export async function prepareUpload(
  file: AttachmentFile,
  { operation, maxBytes }: { readonly operation: string; readonly maxBytes: number },
): Promise<PreparedUpload> {
  if (typeof file === 'string') {
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      throw new InputValidationError(
        `${operation}() failed: file path does not name a readable regular file`,
        {
          issues: [{ path: ['file'], message: 'no such file' }],
        },
      );
    }
    if (info.size > maxBytes) throw tooLarge(operation, maxBytes);
    return {
      size: info.size,
      suggestedName: basename(file),
      open: () => createReadStream(file),
      dispose: async () => {},
    };
  }
  if (file instanceof Uint8Array) {
    if (file.byteLength > maxBytes) throw tooLarge(operation, maxBytes);
    const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
    return {
      size: bytes.length,
      suggestedName: undefined,
      open: () => Readable.from([bytes]),
      dispose: async () => {},
    };
  }
  let source: Readable;
  let suggestedName: string | undefined;
  if (file instanceof Readable) {
    source = file;
    const path = (file as Readable & { path?: unknown }).path;
    if (typeof path === 'string') suggestedName = basename(path);
  } else if (isWebStream(file)) {
    source = Readable.fromWeb(file);
  } else {
    throw new InputValidationError(
      `${operation}() failed: file must be a path, a Buffer/Uint8Array, a Readable or a ReadableStream`,
      { issues: [{ path: ['file'], message: 'unsupported file type' }] },
    );
  }
  return spool(source, suggestedName, operation, maxBytes);
}

async function spool(
  source: Readable,
  suggestedName: string | undefined,
  operation: string,
  maxBytes: number,
): Promise<PreparedUpload> {
  const dir = await mkdtemp(join(tmpdir(), 'incountry-upload-'));
  const path = join(dir, 'file');
  const counter = createByteCounter(maxBytes, () => tooLarge(operation, maxBytes));
  const counting = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      try {
        callback(null, counter.take(chunk));
      } catch (error) {
        callback(error as Error);
      }
    },
  });
  try {
    await pipeline(source, counting, createWriteStream(path, { mode: 0o600 }));
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    if (error instanceof InputValidationError) throw error;
    throw new StorageClientError(`${operation}() failed: reading the file stream failed`, { cause: error });
  }
  return {
    size: counter.bytes,
    suggestedName,
    open: () => createReadStream(path),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
