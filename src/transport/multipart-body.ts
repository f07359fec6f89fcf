/**
 * A `multipart/form-data` body with one part named `file` (docs/protocol.md#attachments), streamed from a re-openable
 * source with an exact Content-Length, so a 100 MiB file never sits in memory and each retry starts a
 * fresh read.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { RequestBody } from './http-exchange.js';

/** Something that can be read from the start any number of times. */
export interface ReopenableSource {
  readonly size: number;
  open(): Readable;
}

function quoted(value: string): string {
  // An RFC 9110 quoted-string in raw UTF-8 (RFC 7578 §4.2): backslash-escape quotes and backslashes, and
  // drop line breaks, which would end the header.
  return value.replace(/[\r\n]/g, ' ').replace(/[\\"]/g, (c) => `\\${c}`);
}

/**
 * Builds the body factory for one file part. The filename travels as a quoted UTF-8 `filename`, as the
 * Python SDK (requests) sends it; busboy, behind the PoP, reads it that way.
 *
 * @example
 * declare const source: ReopenableSource;
 * const body = multipartBody(source, 'report.pdf', 'application/pdf');
 * const { body: stream, headers } = body();
 */
export function multipartBody(
  source: ReopenableSource,
  fileName: string,
  mimeType: string,
): () => RequestBody {
  const boundary = `----incountry-ts-${randomBytes(12).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\n` +
      `Content-Disposition: form-data; name="file"; filename="${quoted(fileName)}"\r\n` +
      `Content-Type: ${mimeType.replace(/[\r\n]/g, '')}\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  const length = head.length + source.size + tail.length;
  return () => {
    async function* parts(): AsyncGenerator<Buffer> {
      yield head;
      let sent = 0;
      for await (const chunk of source.open()) {
        const buffer = chunk as Buffer;
        sent += buffer.length;
        yield buffer;
      }
      // Content-Length was promised from the size seen before sending; a file that changed meanwhile
      // would corrupt the request, so fail it instead.
      if (sent !== source.size)
        throw new Error(`the file changed size while uploading (${source.size} -> ${sent} bytes)`);
      yield tail;
    }
    return {
      body: Readable.from(parts(), { objectMode: false }),
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(length),
      },
    };
  };
}
