import * as z from 'zod/mini';
import { RANGE_KEYS, STRING_KEYS } from '../fields.js';
import { object } from './jit-object.js';
import { lazySchema } from './lazy-schema.js';
import { int64, isoDateTime, safeInteger } from './primitives.js';
import type { Agrees, Same, WireAttachmentMeta, WireRecord, WireWriteRecord } from './wire-types.js';

/** Attachment meta object (docs/protocol.md#attachments). */
export const attachmentMetaSchema = /* @__PURE__ */ lazySchema(() =>
  object({
    file_id: z.string().check(z.minLength(1)),
    filename: z.string().check(z.minLength(1)),
    hash: z.string().check(z.length(64)),
    mime_type: z.string().check(z.minLength(1)),
    size: z.number().check(z.int(), z.gte(0)),
    created_at: isoDateTime(),
    updated_at: isoDateTime(),
    download_link: z.string().check(z.minLength(1)),
  }),
);

const nullableString = /* @__PURE__ */ lazySchema(() => z.nullable(z.string()));
const nullableInt = /* @__PURE__ */ lazySchema(() => z.nullable(int64()));

function shapeOf<const K extends readonly string[], S extends z.ZodMiniType>(keys: K, schema: S) {
  return Object.fromEntries(keys.map((k) => [k, schema])) as { [P in K[number]]: S };
}

/** key1..key20 and range_key1..range_key10, each optional and nullable. */
function optionalKeys() {
  return {
    ...shapeOf(STRING_KEYS, z.optional(nullableString())),
    ...shapeOf(RANGE_KEYS, z.optional(nullableInt())),
  };
}

/**
 * A record as a client sends it on write (docs/protocol.md#record-fields, docs/protocol.md#write). Only `record_key` is required; read-only
 * fields (`created_at`, `updated_at`, `attachments`) and unknown fields are accepted and dropped.
 */
export const wireWriteRecordSchema = /* @__PURE__ */ lazySchema(() =>
  object({
    ...optionalKeys(),
    record_key: z.string().check(z.minLength(1, 'record_key must be a non-empty string')),
    body: z.optional(nullableString()),
    precommit_body: z.optional(nullableString()),
    expires_at: z.optional(z.nullable(isoDateTime())),
    version: z.optional(z.nullable(safeInteger().check(z.gte(0, 'version must be >= 0')))),
    is_encrypted: z.optional(z.nullable(z.boolean())),
  }),
);

/**
 * The full read shape of a record (docs/protocol.md#read): every field present, unset ones `null`. The server always
 * emits this; clients validate responses against {@link wireRecordSchema}, which tolerates absent fields so
 * that older platform responses still read.
 */
export const wireFullRecordSchema = /* @__PURE__ */ lazySchema(() =>
  object({
    ...shapeOf(STRING_KEYS, nullableString()),
    ...shapeOf(RANGE_KEYS, nullableInt()),
    record_key: z.string(),
    body: nullableString(),
    precommit_body: nullableString(),
    version: safeInteger(),
    is_encrypted: z.nullable(z.boolean()),
    created_at: isoDateTime(),
    updated_at: isoDateTime(),
    expires_at: z.nullable(isoDateTime()),
    attachments: z.array(attachmentMetaSchema()),
  }),
);
/**
 * The full record shape returned by the server.
 * @hidden
 */
export type WireFullRecord = z.infer<ReturnType<typeof wireFullRecordSchema>>;

/** A record in a response, read leniently: only `record_key` is required. */
export const wireRecordSchema = /* @__PURE__ */ lazySchema(() =>
  object({
    ...optionalKeys(),
    record_key: z.string(),
    body: z.optional(nullableString()),
    precommit_body: z.optional(nullableString()),
    version: z.optional(z.nullable(safeInteger())),
    is_encrypted: z.optional(z.nullable(z.boolean())),
    created_at: z.optional(z.nullable(isoDateTime())),
    updated_at: z.optional(z.nullable(isoDateTime())),
    expires_at: z.optional(z.nullable(isoDateTime())),
    attachments: z.optional(z.nullable(z.array(attachmentMetaSchema()))),
  }),
);
export type { WireAttachmentMeta, WireRecord, WireWriteRecord } from './wire-types.js';

// wire-types.ts declares these without zod (see there); each must be exactly what its schema infers.
type _WireTypesAgree = Agrees<
  | Same<WireAttachmentMeta, z.infer<ReturnType<typeof attachmentMetaSchema>>>
  | Same<WireWriteRecord, z.infer<ReturnType<typeof wireWriteRecordSchema>>>
  | Same<WireRecord, z.infer<ReturnType<typeof wireRecordSchema>>>
>;
