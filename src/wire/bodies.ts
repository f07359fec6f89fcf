import { z } from 'zod';
import { MAX_BATCH_SIZE } from '../fields.js';
import { fileNameSchema, mediaTypeSchema } from './attachment-names.js';
import { nonNegativeInt } from './primitives.js';
import { attachmentMetaSchema, wireRecordSchema, wireWriteRecordSchema } from './record.js';

/** Body of `POST …/batchWrite` (docs/protocol.md#batch-write). */
export const batchWriteBodySchema = z.strictObject({
  records: z
    .array(wireWriteRecordSchema)
    .min(1, 'a batch needs at least one record')
    .max(MAX_BATCH_SIZE, `a batch holds at most ${MAX_BATCH_SIZE} records`),
});
/** Body of a batch write. */
export type BatchWriteBody = z.infer<typeof batchWriteBodySchema>;

/** Response of a batch write. */
export const batchWriteResponseSchema = z.object({ records: z.array(wireRecordSchema) });

/** Response of `POST …/find` (docs/protocol.md#find). */
export const findResponseSchema = z
  .object({
    data: z.array(wireRecordSchema),
    meta: z.object({
      count: nonNegativeInt,
      limit: nonNegativeInt,
      offset: nonNegativeInt,
      total: nonNegativeInt,
    }),
  })
  .refine((r) => r.meta.count === r.data.length, 'meta.count must equal the number of records in data')
  .refine((r) => r.meta.count <= r.meta.total, 'meta.count must not exceed meta.total');
/** A find response. */
export type FindResponse = z.infer<typeof findResponseSchema>;

/** Body of `POST …/batchDelete` (docs/protocol.md#batch-delete). */
export const batchDeleteBodySchema = z.strictObject({
  filter: z.strictObject({
    record_key: z
      .array(z.string().min(1, 'record keys must be non-empty strings'))
      .min(1, 'record_key needs at least one key')
      .max(MAX_BATCH_SIZE, `at most ${MAX_BATCH_SIZE} keys per batch delete`),
  }),
});
/** Body of a batch delete. */
export type BatchDeleteBody = z.infer<typeof batchDeleteBodySchema>;

/** Body of `PATCH …/attachments/{file_id}/meta` (docs/protocol.md#attachments). */
export const updateAttachmentMetaBodySchema = z
  .strictObject({
    filename: fileNameSchema.optional(),
    mime_type: mediaTypeSchema.optional(),
  })
  .refine((b) => b.filename !== undefined || b.mime_type !== undefined, 'give filename, mime_type or both');
/** Body of an attachment meta update. */
export type UpdateAttachmentMetaBody = z.infer<typeof updateAttachmentMetaBodySchema>;

/** Response of attachment add/upsert/get-meta/update-meta. */
export const attachmentMetaResponseSchema = attachmentMetaSchema;

/** One country of the countries list (docs/protocol.md#countries-list). */
export const countrySchema = z.object({
  id: z.string().regex(/^[A-Za-z]{2}$/, 'country id must be two letters'),
  name: z.string().min(1),
  direct: z.boolean().nullable(),
  region: z.string().min(1),
  status: z.string().optional(),
  type: z.string().optional(),
});
/** One country of the countries list. */
export type Country = z.infer<typeof countrySchema>;

/** Response of the countries endpoint. */
export const countriesResponseSchema = z.object({ countries: z.array(countrySchema) });

/** Form body of `POST /oauth2/token` (docs/protocol.md#oauth-token). */
export const tokenRequestSchema = z.object({
  grant_type: z.literal('client_credentials', { error: 'grant_type must be client_credentials' }),
  scope: z.string().min(1, 'scope (the environment id) is required'),
  audience: z.string().optional(),
});

/** Successful token response. */
export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().int().min(1),
  token_type: z.string(),
  scope: z.string().optional(),
});
/** A token response. */
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

/** OAuth error body. */
export const oauthErrorSchema = z.object({
  error: z.string(),
  error_description: z.string().optional(),
  error_hint: z.string().optional(),
  status_code: z.number().optional(),
});

/** The PoP error body (docs/protocol.md#error-body). */
export const errorBodySchema = z.object({
  errors: z.array(z.object({ title: z.string(), source: z.string(), detail: z.string() })),
});
/** The PoP error body. */
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Response of delete and batch delete: an empty object (ignored by clients). */
export const emptyObjectSchema = z.object({});
