/**
 * The wire shapes that public declarations mention, written without zod: the schemas in record.ts,
 * bodies.ts and find.ts are zod/mini ones, and a declaration file that imports them makes every consumer
 * that type-checks libraries (`skipLibCheck: false`) check zod/mini's declarations too. record.ts and
 * bodies.ts check at compile time that each type here is exactly what its schema infers.
 */
import type { RangeKey, StringKey } from '../fields.js';
import type { Int64 } from './int64.js';

/**
 * A find filter as it travels on the wire (docs/protocol.md#filter).
 * @inline
 */
export type WireFilter = {
  [field: string]: unknown;
  search_keys?: string;
  $or?: Record<string, unknown>[];
};

/**
 * Attachment meta object as stored and returned by the server.
 * @hidden
 */
export type WireAttachmentMeta = {
  file_id: string;
  filename: string;
  hash: string;
  mime_type: string;
  size: number;
  created_at: string;
  updated_at: string;
  download_link: string;
};

/**
 * A record as sent on write.
 * @hidden
 */
export type WireWriteRecord = { [K in StringKey]?: string | null | undefined } & {
  [K in RangeKey]?: Int64 | null | undefined;
} & {
  record_key: string;
  body?: string | null | undefined;
  precommit_body?: string | null | undefined;
  expires_at?: string | null | undefined;
  version?: number | null | undefined;
  is_encrypted?: boolean | null | undefined;
};

/**
 * A record as read from a response.
 * @hidden
 */
export type WireRecord = { [K in StringKey]?: string | null | undefined } & {
  [K in RangeKey]?: Int64 | null | undefined;
} & {
  record_key: string;
  body?: string | null | undefined;
  precommit_body?: string | null | undefined;
  version?: number | null | undefined;
  is_encrypted?: boolean | null | undefined;
  created_at?: string | null | undefined;
  updated_at?: string | null | undefined;
  expires_at?: string | null | undefined;
  attachments?: WireAttachmentMeta[] | null | undefined;
};

/** One country of the countries list. */
export type Country = {
  id: string;
  name: string;
  direct: boolean | null;
  region: string;
  status?: string | undefined;
  type?: string | undefined;
};

/**
 * `true` when two types assign both ways, for the compile-time checks of record.ts and bodies.ts.
 * @internal
 */
export type Same<TDeclared, TInferred> = [TDeclared] extends [TInferred]
  ? [TInferred] extends [TDeclared]
    ? true
    : false
  : false;

/**
 * Compiles only for `true`.
 * @internal
 */
export type Agrees<T extends true> = T;
