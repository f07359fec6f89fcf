/**
 * A pass-through stream that fails with {@link AttachmentTooLargeError} once more than `maxBytes` went
 * through, so an upload is refused while it streams, never after buffering it.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { AttachmentTooLargeError } from './store/record-store.js';

/** Counts bytes and errors past the limit. */
export class ByteLimit extends Transform {
  readonly #maxBytes: number;
  #seen = 0;

  constructor(maxBytes: number) {
    super();
    this.#maxBytes = maxBytes;
  }

  /** Bytes seen so far. */
  get bytes(): number {
    return this.#seen;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#seen += chunk.length;
    if (this.#seen > this.#maxBytes) {
      callback(new AttachmentTooLargeError(`attachments are limited to ${this.#maxBytes} bytes`));
      return;
    }
    callback(null, chunk);
  }
}
