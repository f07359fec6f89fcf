/**
 * The PoP's tables as kysely sees them. Integer columns read back as `bigint` (SQLite in safe-integer mode),
 * `string` (PostgreSQL int8) or `number`, so every reader goes through `record-row.ts` converters.
 */
import type { ColumnType, Generated } from 'kysely';
import type { RangeKey, StringKey } from '../../fields.js';

/** A BIGINT column as the drivers return it. */
export type Int64Read = bigint | number | string;
/** What we bind into a BIGINT column. */
export type Int64Write = bigint | number;

type Int64Column = ColumnType<Int64Read, Int64Write, Int64Write>;
type NullableInt64Column = ColumnType<Int64Read | null, Int64Write | null, Int64Write | null>;

/** One record; the key and range-key columns carry the wire field names. */
export type RecordsTable = { [K in StringKey]: K extends 'record_key' ? string : string | null } & {
  [K in RangeKey]: NullableInt64Column;
} & {
  /** Insertion sequence: the stable default order and the attachments' parent key. */
  seq: ColumnType<Int64Read, never, never>;
  environment_id: string;
  country: string;
  body: string | null;
  precommit_body: string | null;
  version: Int64Column;
  /** 1 / 0 / null: an integer on both databases so the code stays dialect-free. */
  is_encrypted: ColumnType<Int64Read | null, number | null, number | null>;
  /** Epoch microseconds. */
  expires_at: NullableInt64Column;
  created_at: Int64Column;
  updated_at: Int64Column;
};

/** One attachment's metadata. Rows with `committed = 0` are uploads in progress, invisible to readers. */
export interface AttachmentsTable {
  id: Generated<Int64Read>;
  record_seq: Int64Column;
  file_id: string;
  filename: string;
  mime_type: string;
  size: Int64Column;
  hash: string;
  committed: ColumnType<Int64Read, number, number>;
  created_at: Int64Column;
  updated_at: Int64Column;
}

/** Attachment content in fixed-size pieces, so files stream in and out without being held in memory. */
export interface AttachmentChunksTable {
  attachment_id: Int64Column;
  idx: ColumnType<Int64Read, number, number>;
  data: Uint8Array;
}

/** Applied schema migrations. */
export interface SchemaVersionTable {
  version: ColumnType<Int64Read, number, number>;
  name: string;
  applied_at: Int64Column;
}

/** Values the PoP keeps with its data (the SSE key when none is configured). */
export interface SettingsTable {
  name: string;
  value: string;
}

/** The whole PoP database. */
export interface PopDatabase {
  pop_settings: SettingsTable;
  pop_records: RecordsTable;
  pop_attachments: AttachmentsTable;
  pop_attachment_chunks: AttachmentChunksTable;
  pop_schema_version: SchemaVersionTable;
}
