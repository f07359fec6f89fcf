import type { RangeKey, StringKey } from './fields.js';
import type { Int64 } from './wire/int64.js';

/**
 * A point in time as users may give it: a `Date`, anything with `toDate()` (dayjs, moment, Luxon's
 * `DateTime` has `toJSDate` and is not accepted), or an ISO-8601 date-time string.
 *
 * @example
 * const expires: DateInput = dayjs().add(1, 'day');
 * @category Storage
 */
export type DateInput =
  | Date
  | string
  | {
      /** Converts to a JavaScript `Date` (dayjs, moment). */
      toDate(): Date;
    };

/**
 * String keys other than `record_key`: all optional on write.
 * @category Storage
 */
export type OptionalStringKey = Exclude<StringKey, 'record_key'>;

/**
 * `profile_key`, `parent_key`, `service_key1..5`, `key1..key20` as written.
 * @category Storage
 */
export type RecordInputStringKeys = { [K in OptionalStringKey]?: string | null | undefined };
/**
 * A range key value: a 64-bit signed integer. Reads give a `number` whenever the value is a safe integer
 * (within ±(2^53 − 1)) and a `bigint` only for values a double cannot hold exactly; writes and filters take
 * either (numbers must be safe integers, bigints within −2^63 … 2^63 − 1).
 *
 * @example
 * const small: RangeKeyValue = 42;
 * const big: RangeKeyValue = 9223372036854775807n;
 * @category Storage
 */
export type RangeKeyValue = Int64;

/**
 * `range_key1..range_key10` as written.
 * @category Storage
 */
export type RecordInputRangeKeys = { [K in RangeKey]?: RangeKeyValue | null | undefined };

/**
 * A record as users write it. Only `record_key` is required; range keys are safe integers or bigints; `expires_at`
 * accepts a {@link DateInput}. Unknown fields are rejected.
 *
 * @example
 * const record: RecordInput = { record_key: 'user-1', key1: 'english', range_key1: 42, body: '{"a":1}' };
 * @category Storage
 */
export interface RecordInput extends RecordInputStringKeys, RecordInputRangeKeys {
  /** Primary key, non-empty; hashed on the wire unless SSE. */
  record_key: string;
  /** Opaque text, encrypted in LOCAL mode. */
  body?: string | null | undefined;
  /** Opaque text encrypted separately from `body`. */
  precommit_body?: string | null | undefined;
  /** When the server deletes the record. */
  expires_at?: DateInput | null | undefined;
}

/**
 * A record after {@link parseRecordInput}: same fields, absent ones omitted, `expires_at` as a `Date`.
 *
 * @example
 * const parsed: ParsedRecordInput = parseRecordInput({ record_key: 'k', expires_at: '2030-01-01T00:00:00Z' });
 */
export interface ParsedRecordInput extends Omit<RecordInput, 'expires_at'> {
  /** When the server deletes the record. */
  expires_at?: Date | null;
}

/**
 * String keys as read back: `null` when unset.
 * @category Storage
 */
export type StorageRecordStringKeys = { [K in OptionalStringKey]: string | null };
/**
 * Range keys as read back: `null` when unset, a `number` for safe integers and a `bigint` only past
 * ±(2^53 − 1), so no value is ever rounded. Narrow with `typeof` (or wrap in `BigInt(…)`) before arithmetic.
 * @category Storage
 */
export type StorageRecordRangeKeys = { [K in RangeKey]: RangeKeyValue | null };

/**
 * Metadata of one file attached to a record (docs/protocol.md#attachments), with dates as `Date`.
 *
 * @example
 * const { attachmentMeta } = await storage.getAttachmentMeta('us', 'user-1', fileId);
 * attachmentMeta.created_at.getTime();
 * @category Storage
 */
export interface AttachmentMeta {
  /** Server-generated id of the file. */
  file_id: string;
  /** File name as uploaded or last renamed. */
  filename: string;
  /** SHA-256 hex of the file content. */
  hash: string;
  /** MIME type as uploaded or last changed. */
  mime_type: string;
  /** Size in bytes. */
  size: number;
  /** When the file was added. */
  created_at: Date;
  /** When the file or its meta last changed. */
  updated_at: Date;
  /** URL the platform serves the file from. */
  download_link: string;
}

/**
 * A record as reads return it: every field present, decrypted, unset ones `null`, dates as `Date` (UTC).
 *
 * @example
 * const { record } = await storage.read('us', 'user-1');
 * record.key1; // 'english' (the original value, not its hash)
 * @category Storage
 */
export interface StorageRecord extends StorageRecordStringKeys, StorageRecordRangeKeys {
  /** Primary key (the original value, not its hash). */
  record_key: string;
  /** The decrypted body, or null. */
  body: string | null;
  /** The decrypted precommit body, or null. */
  precommit_body: string | null;
  /** Version of the secret the record was encrypted with (0 for plain-text records). */
  version: number;
  /** As reported by the server; informational only. */
  is_encrypted: boolean | null;
  /** Set by the server on the first write. */
  created_at: Date | null;
  /** Set by the server on every write. */
  updated_at: Date | null;
  /** When the server deletes the record, or null. */
  expires_at: Date | null;
  /** Files attached to the record. */
  attachments: AttachmentMeta[];
}
