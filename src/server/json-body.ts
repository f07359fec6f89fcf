/**
 * The checks a JSON request body passes before the routes see it, each answered with a 4xx in the PoP
 * error format: the declared charset (JSON is UTF-8, RFC 8259 §8.1), the bytes (invalid UTF-8 used to
 * become U+FFFD, so `utf-key-<FF>` and `utf-key-<FE>` were one record and the second write overwrote the
 * first), the nesting depth (bounded before anything recursive walks the value) and text a database
 * would rewrite (see request-scope.ts).
 */
import { randomUUID } from 'node:crypto';
import { MAX_NESTING_DEPTH, NESTING_DEPTH_MESSAGE, tooDeepPath } from '../wire/nesting-depth.js';
import { findStringPath } from '../wire/well-formed-text.js';
import { PopHttpError } from './pop-error.js';
import { unstorableText } from './request-scope.js';

/** Why bytes were refused. */
export const INVALID_UTF8_MESSAGE =
  'must be valid UTF-8: the request body holds bytes that are not, and replacing them would change the value';

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The 415 for a JSON body declared in a charset other than UTF-8, or undefined (no charset, or UTF-8).
 *
 * @example
 * refusedCharset('application/json; charset=iso-8859-1'); // PopHttpError 415
 * refusedCharset('application/json; charset="UTF-8"'); // undefined
 */
export function refusedCharset(contentType: string | undefined): PopHttpError | undefined {
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (charset === undefined || charset === 'utf-8' || charset === 'utf8') return undefined;
  return new PopHttpError(415, {
    source: 'header.content-type',
    detail: 'JSON bodies must be UTF-8: send charset=utf-8 or no charset',
  });
}

/**
 * The body as text, or the 400 naming the field where its first invalid UTF-8 byte sits (`body` when
 * that is not inside a string of a parseable body).
 *
 * @example
 * decodeUtf8Body(Buffer.from('{"record_key":"k"}')); // '{"record_key":"k"}'
 */
export function decodeUtf8Body(bytes: Uint8Array): string | PopHttpError {
  try {
    return UTF8.decode(bytes);
  } catch {
    // Located by decoding again with a marker no client can predict at the first bad byte.
    const at = firstInvalidUtf8(bytes);
    const marker = `\uFFFD${randomUUID()}`;
    const lenient = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const text = `${lenient.subarray(0, at).toString('utf8')}${marker}${lenient.subarray(at).toString('utf8')}`;
    let path: (string | number)[] | undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      if (tooDeepPath(parsed) === undefined) path = findStringPath(parsed, (s) => s.includes(marker));
    } catch {
      path = undefined;
    }
    return new PopHttpError(400, {
      source: ['body', ...(path ?? [])].join('.'),
      detail: INVALID_UTF8_MESSAGE,
    });
  }
}

/**
 * The 400 for a parsed body that nests more than {@link MAX_NESTING_DEPTH} levels or holds text the PoP
 * cannot store unchanged, or undefined. `text`, when given, is the JSON `value` was parsed from, decoded
 * from valid UTF-8 (see {@link decodeUtf8Body}).
 *
 * @example
 * refusedJsonValue({ record_key: 'k' }); // undefined
 */
export function refusedJsonValue(value: unknown, text?: string): PopHttpError | undefined {
  // A value parsed from text is a tree, which a bounded recursion checks without the general walk's
  // bookkeeping (paths, cycle map); only a body found too deep pays for the walk that names the path.
  const deep = text === undefined || nestsTooDeep(value, 1) ? tooDeepPath(value) : undefined;
  if (deep)
    return new PopHttpError(400, { source: ['body', ...deep].join('.'), detail: NESTING_DEPTH_MESSAGE });
  // Text decoded from valid UTF-8 holds no lone surrogate, and JSON refuses raw control characters, so
  // only a `\u` escape can put either into a string or key: without one, the walk over every string
  // (a third of a 100-record batchWrite's parsing) finds nothing.
  if (text !== undefined && !text.includes('\\u')) return undefined;
  return unstorableText(value);
}

/**
 * Whether objects and arrays in the tree `value` nest deeper than {@link MAX_NESTING_DEPTH} (`depth` is
 * the level of `value`). Recurses at most that deep; for trees only (parsed JSON), as shared objects
 * would be walked once per path.
 */
function nestsTooDeep(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (depth > MAX_NESTING_DEPTH) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (nestsTooDeep(item, depth + 1)) return true;
    return false;
  }
  for (const key in value) if (nestsTooDeep((value as Record<string, unknown>)[key], depth + 1)) return true;
  return false;
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence (the length if none). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const extra =
      lead >= 0xc2 && lead <= 0xdf
        ? 1
        : lead >= 0xe0 && lead <= 0xef
          ? 2
          : lead >= 0xf0 && lead <= 0xf4
            ? 3
            : 0;
    if (extra === 0 || i + extra >= bytes.length) return i;
    for (let k = 1; k <= extra; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    const second = bytes[i + 1]!;
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF (RFC 3629 §4).
    if ((lead === 0xe0 && second < 0xa0) || (lead === 0xed && second > 0x9f)) return i;
    if ((lead === 0xf0 && second < 0x90) || (lead === 0xf4 && second > 0x8f)) return i;
    i += extra + 1;
  }
  return bytes.length;
}
