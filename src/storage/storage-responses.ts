/** Answer schemas the client reads that are not records or pages (docs/protocol.md#routes). */
import { z } from 'zod';
import { emptyObjectSchema, wireRecordSchema } from '../wire/index.js';

/** Write answers: the stored record, or (older platforms) an empty body or `OK` (docs/protocol.md#write). */
export const writeResponseSchema = z.union([wireRecordSchema, z.literal(''), z.literal('OK')]);
/** Delete answers: `{}` or an empty body. */
export const emptyResponseSchema = z.union([emptyObjectSchema, z.literal('')]);
