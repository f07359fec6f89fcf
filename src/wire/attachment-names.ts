/**
 * What an attachment's `filename` and `mime_type` may be, shared by the client and the PoP. Both travel in
 * response headers of every download (`Content-Type`, `Content-Disposition`), so a value a header cannot
 * carry would break every later download of the file.
 */
import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema.js';

/** Longest file name, in UTF-16 code units (as the client has always counted it). */
export const MAX_FILE_NAME_LENGTH = 255;

/** Longest media type with its parameters. */
export const MAX_MEDIA_TYPE_LENGTH = 255;

// RFC 9110 §8.3.1: type "/" subtype *( OWS ";" OWS parameter ), tokens and quoted strings of visible ASCII.
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const QUOTED = '"(?:[\\t !#-\\[\\]-~]|\\\\[\\t -~])*"';
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:[ \\t]*;[ \\t]*${TOKEN}=(?:${TOKEN}|${QUOTED}))*$`);

/** Why a media type was refused. */
export const MEDIA_TYPE_MESSAGE =
  'must be a MIME type such as text/plain or text/plain; charset=utf-8 (visible ASCII, at most 255 characters)';

/**
 * Whether `value` is a media type a `Content-Type` header can carry.
 *
 * @example
 * isMediaType('text/plain; charset=utf-8'); // true
 * isMediaType('text/html\r\nX-Injected: 1'); // false
 */
export function isMediaType(value: string): boolean {
  return value.length <= MAX_MEDIA_TYPE_LENGTH && MEDIA_TYPE.test(value);
}

/**
 * A media type (`mime_type`).
 *
 * @example
 * mediaTypeSchema().parse('application/pdf');
 */
export const mediaTypeSchema = /* @__PURE__ */ lazySchema(() =>
  z.string().check(z.refine(isMediaType, MEDIA_TYPE_MESSAGE)),
);

/**
 * An attachment file name: 1 to 255 characters, no line breaks or NUL.
 *
 * @example
 * fileNameSchema().parse('report.pdf');
 */
export const fileNameSchema = /* @__PURE__ */ lazySchema(() =>
  z.string().check(
    z.minLength(1, 'must be non-empty'),
    z.maxLength(MAX_FILE_NAME_LENGTH, `must have at most ${MAX_FILE_NAME_LENGTH} characters`),
    z.refine((name) => !/[\r\n\0]/.test(name), 'must not contain line breaks or NUL'),
  ),
);
