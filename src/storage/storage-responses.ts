/** Answer schemas the client reads that are not records or pages (docs/protocol.md#routes). */
import * as z from 'zod/mini';
import { emptyObjectSchema, wireRecordSchema } from '../wire/index.js';
import { lazySchema } from '../wire/lazy-schema.js';

/** Write answers: the stored record, or (older platforms) an empty body or `OK` (docs/protocol.md#write). */
export const writeResponseSchema = /* @__PURE__ */ lazySchema(() =>
  z.union([wireRecordSchema(), z.literal(''), z.literal('OK')]),
);
/** Delete answers: `{}` or an empty body. */
export const emptyResponseSchema = /* @__PURE__ */ lazySchema(() =>
  z.union([emptyObjectSchema(), z.literal('')]),
);
