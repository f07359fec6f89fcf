/**
 * Bodies are bounded while they stream: the client's response reader and upload spool, and the PoP's
 * attachment writer count bytes as they pass and stop at the limit, never after buffering a whole body.
 */

/** Counts the bytes of a stream's chunks against a limit. */
export interface ByteCounter {
  /** Bytes counted so far. */
  readonly bytes: number;
  /** Counts one chunk and returns it as a Buffer; throws the limit's error once the total passes it. */
  take(chunk: unknown): Buffer;
}

/**
 * A counter that throws `tooLarge()` as soon as more than `maxBytes` went through it.
 *
 * @example
 * const counter = createByteCounter(4, () => new RangeError('more than 4 bytes'));
 * counter.take(Buffer.from('abc'));
 * counter.bytes; // 3
 */
export function createByteCounter(maxBytes: number, tooLarge: () => Error): ByteCounter {
  let bytes = 0;
  return {
    get bytes() {
      return bytes;
    },
    take(chunk) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      bytes += buffer.length;
      if (bytes > maxBytes) throw tooLarge();
      return buffer;
    },
  };
}
