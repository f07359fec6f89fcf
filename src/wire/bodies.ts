import * as z from 'zod/mini';
import { MAX_BATCH_SIZE } from '../fields.js';
import { fileNameSchema, mediaTypeSchema } from './attachment-names.js';
import { object, strictObject } from './jit-object.js';
import { lazySchema } from './lazy-schema.js';
import { nonNegativeInt } from './primitives.js';
import { attachmentMetaSchema, wireRecordSchema, wireWriteRecordSchema } from './record.js';
import type { Agrees, Country, Same } from './wire-types.js';

/** Body of `POST …/batchWrite` (docs/protocol.md#batch-write). */
export const batchWriteBodySchema = /* @__PURE__ */ lazySchema(() =>
  strictObject({
    records: z
      .array(wireWriteRecordSchema())
      .check(
        z.minLength(1, 'a batch needs at least one record'),
        z.maxLength(MAX_BATCH_SIZE, `a batch holds at most ${MAX_BATCH_SIZE} records`),
      ),
  }),
);
/** Body of a batch write. */
export type BatchWriteBody = z.infer<ReturnType<typeof batchWriteBodySchema>>;

/** Response of a batch write. */
export const batchWriteResponseSchema = /* @__PURE__ */ lazySchema(() =>
  object({ records: z.array(wireRecordSchema()) }),
);

/** Response of `POST …/find` (docs/protocol.md#find). */
export const findResponseSchema = /* @__PURE__ */ lazySchema(() =>
  object({
    data: z.array(wireRecordSchema()),
    meta: object({
      count: nonNegativeInt(),
      limit: nonNegativeInt(),
      offset: nonNegativeInt(),
      total: nonNegativeInt(),
    }),
  }).check(
    z.refine((r) => r.meta.count === r.data.length, 'meta.count must equal the number of records in data'),
    z.refine((r) => r.meta.count <= r.meta.total, 'meta.count must not exceed meta.total'),
  ),
);
/** A find response. */
export type FindResponse = z.infer<ReturnType<typeof findResponseSchema>>;

/** Body of `POST …/batchDelete` (docs/protocol.md#batch-delete). */
export const batchDeleteBodySchema = /* @__PURE__ */ lazySchema(() =>
  strictObject({
    filter: strictObject({
      record_key: z
        .array(z.string().check(z.minLength(1, 'record keys must be non-empty strings')))
        .check(
          z.minLength(1, 'record_key needs at least one key'),
          z.maxLength(MAX_BATCH_SIZE, `at most ${MAX_BATCH_SIZE} keys per batch delete`),
        ),
    }),
  }),
);
/** Body of a batch delete. */
export type BatchDeleteBody = z.infer<ReturnType<typeof batchDeleteBodySchema>>;

/** Body of `PATCH …/attachments/{file_id}/meta` (docs/protocol.md#attachments). */
export const updateAttachmentMetaBodySchema = /* @__PURE__ */ lazySchema(() =>
  strictObject({
    filename: z.optional(fileNameSchema()),
    mime_type: z.optional(mediaTypeSchema()),
  }).check(
    z.refine(
      (b) => b.filename !== undefined || b.mime_type !== undefined,
      'give filename, mime_type or both',
    ),
  ),
);
/** Body of an attachment meta update. */
export type UpdateAttachmentMetaBody = z.infer<ReturnType<typeof updateAttachmentMetaBodySchema>>;

/** Response of attachment add/upsert/get-meta/update-meta. */
export const attachmentMetaResponseSchema = attachmentMetaSchema;

/** One country of the countries list (docs/protocol.md#countries-list). */
export const countrySchema = /* @__PURE__ */ lazySchema(() =>
  object({
    id: z.string().check(z.regex(/^[A-Za-z]{2}$/, 'country id must be two letters')),
    name: z.string().check(z.minLength(1)),
    direct: z.nullable(z.boolean()),
    region: z.string().check(z.minLength(1)),
    status: z.optional(z.string()),
    type: z.optional(z.string()),
  }),
);
export type { Country } from './wire-types.js';

// wire-types.ts declares it without zod (see there); it must be exactly what the schema infers.
type _CountryAgrees = Agrees<Same<Country, z.infer<ReturnType<typeof countrySchema>>>>;

/** Response of the countries endpoint. */
export const countriesResponseSchema = /* @__PURE__ */ lazySchema(() =>
  object({ countries: z.array(countrySchema()) }),
);

/** Form body of `POST /oauth2/token` (docs/protocol.md#oauth-token). */
export const tokenRequestSchema = /* @__PURE__ */ lazySchema(() =>
  object({
    grant_type: z.literal('client_credentials', { error: 'grant_type must be client_credentials' }),
    scope: z.string().check(z.minLength(1, 'scope (the environment id) is required')),
    audience: z.optional(z.string()),
  }),
);

/** Successful token response. */
export const tokenResponseSchema = /* @__PURE__ */ lazySchema(() =>
  object({
    access_token: z.string().check(z.minLength(1)),
    expires_in: z.number().check(z.int(), z.gte(1)),
    token_type: z.string(),
    scope: z.optional(z.string()),
  }),
);
/** A token response. */
export type TokenResponse = z.infer<ReturnType<typeof tokenResponseSchema>>;

/** OAuth error body. */
export const oauthErrorSchema = /* @__PURE__ */ lazySchema(() =>
  object({
    error: z.string(),
    error_description: z.optional(z.string()),
    error_hint: z.optional(z.string()),
    status_code: z.optional(z.number()),
  }),
);

/** The PoP error body (docs/protocol.md#error-body). */
export const errorBodySchema = /* @__PURE__ */ lazySchema(() =>
  object({
    errors: z.array(object({ title: z.string(), source: z.string(), detail: z.string() })),
  }),
);
/** The PoP error body. */
export type ErrorBody = z.infer<ReturnType<typeof errorBodySchema>>;

/** Response of delete and batch delete: an empty object (ignored by clients). */
export const emptyObjectSchema = /* @__PURE__ */ lazySchema(() => object({}));
