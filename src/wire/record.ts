import { z } from 'zod';
import { RANGE_KEYS, STRING_KEYS } from '../fields.js';
import { int64, isoDateTime, safeInteger } from './primitives.js';

/** Attachment meta object (docs/protocol.md#attachments). */
export const attachmentMetaSchema = z.object({
  file_id: z.string().min(1),
  filename: z.string().min(1),
  hash: z.string().length(64),
  mime_type: z.string().min(1),
  size: z.number().int().min(0),
  created_at: isoDateTime,
  updated_at: isoDateTime,
  download_link: z.string().min(1),
});
/**
 * Attachment meta object as stored and returned by the server.
 * @hidden
 */
export type WireAttachmentMeta = z.infer<typeof attachmentMetaSchema>;

const nullableString = z.string().nullable();
const nullableInt = int64.nullable();

function shapeOf<const K extends readonly string[], S extends z.ZodType>(keys: K, schema: S) {
  return Object.fromEntries(keys.map((k) => [k, schema])) as { [P in K[number]]: S };
}

const optionalStringKeys = shapeOf(STRING_KEYS, nullableString.optional());
const optionalRangeKeys = shapeOf(RANGE_KEYS, nullableInt.optional());

/**
 * A record as a client sends it on write (docs/protocol.md#record-fields, docs/protocol.md#write). Only `record_key` is required; read-only
 * fields (`created_at`, `updated_at`, `attachments`) and unknown fields are accepted and dropped.
 */
export const wireWriteRecordSchema = z.object({
  ...optionalStringKeys,
  ...optionalRangeKeys,
  record_key: z.string().min(1, 'record_key must be a non-empty string'),
  body: nullableString.optional(),
  precommit_body: nullableString.optional(),
  expires_at: isoDateTime.nullable().optional(),
  version: safeInteger.min(0, 'version must be >= 0').nullable().optional(),
  is_encrypted: z.boolean().nullable().optional(),
});
/** A record as sent on write. */
export type WireWriteRecord = z.infer<typeof wireWriteRecordSchema>;

/**
 * The full read shape of a record (docs/protocol.md#read): every field present, unset ones `null`. The server always
 * emits this; clients validate responses against {@link wireRecordSchema}, which tolerates absent fields so
 * that older platform responses still read.
 */
export const wireFullRecordSchema = z.object({
  ...shapeOf(STRING_KEYS, nullableString),
  ...shapeOf(RANGE_KEYS, nullableInt),
  record_key: z.string(),
  body: nullableString,
  precommit_body: nullableString,
  version: safeInteger,
  is_encrypted: z.boolean().nullable(),
  created_at: isoDateTime,
  updated_at: isoDateTime,
  expires_at: isoDateTime.nullable(),
  attachments: z.array(attachmentMetaSchema),
});
/**
 * The full record shape returned by the server.
 * @hidden
 */
export type WireFullRecord = z.infer<typeof wireFullRecordSchema>;

/** A record in a response, read leniently: only `record_key` is required. */
export const wireRecordSchema = z.object({
  ...optionalStringKeys,
  ...optionalRangeKeys,
  record_key: z.string(),
  body: nullableString.optional(),
  precommit_body: nullableString.optional(),
  version: safeInteger.nullable().optional(),
  is_encrypted: z.boolean().nullable().optional(),
  created_at: isoDateTime.nullable().optional(),
  updated_at: isoDateTime.nullable().optional(),
  expires_at: isoDateTime.nullable().optional(),
  attachments: z.array(attachmentMetaSchema).nullable().optional(),
});
/** A record as read from a response. */
export type WireRecord = z.infer<typeof wireRecordSchema>;
