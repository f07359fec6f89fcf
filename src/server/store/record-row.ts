/**
 * Conversions between stored rows and the wire shape: 64-bit integers as the drivers return them, dates as
 * epoch microseconds, `is_encrypted` as 1/0/null.
 */
import { type Insertable, type RawBuilder, type Selectable, sql } from 'kysely';
import { InputValidationError } from '../../errors.js';
import { isOneOf, RANGE_KEYS, STRING_KEYS } from '../../fields.js';
import {
  canonicalInt64,
  INT64_MAX,
  INT64_MIN,
  int64FromText,
  type WireWriteRecord,
} from '../../wire/index.js';
import { SSE_MARKER } from '../sse-cipher.js';
import { epochMicrosToIso, isoToEpochMicros } from './epoch-micros.js';
import type { AttachmentsTable, Int64Read, Int64Write, RecordsTable } from './pop-database.js';
import type { Scope, StoredAttachmentMeta, StoredRecord } from './record-store.js';
import type { SqlFlavour } from './sql-flavour.js';

/** A BIGINT as returned by SQLite (bigint), PostgreSQL (string) or a literal (number), as a JS number. */
export function toNumber(value: Int64Read): number {
  return typeof value === 'number' ? value : Number(value);
}

/** A BIGINT as returned by any driver, exactly. */
export function toBigInt(value: Int64Read): bigint {
  return typeof value === 'bigint' ? value : BigInt(value);
}

/**
 * A wire integer ready to bind into a BIGINT column: safe numbers as they are, bigints (parsed exactly
 * from the request) within the signed 64-bit range. Anything else never passed the wire schema.
 *
 * @example
 * int64Param(6275438399, ['range_key1']); // 6275438399
 * int64Param(2n ** 62n, ['range_key1']); // 4611686018427387904n
 */
export function int64Param(value: number | bigint, path: readonly (string | number)[]): Int64Write {
  if (typeof value === 'number' ? Number.isSafeInteger(value) : value >= INT64_MIN && value <= INT64_MAX)
    return value;
  const message = 'expected an integer within the signed 64-bit range';
  throw new InputValidationError(`${path.join('.')}: ${message}`, { issues: [{ path, message }] });
}

/**
 * Epoch microseconds of an ISO date-time taken from a request.
 *
 * @example
 * dateParam('1970-01-01T00:00:00Z', ['expires_at']); // 0n
 */
export function dateParam(value: string, path: readonly (string | number)[]): bigint {
  const micros = isoToEpochMicros(value);
  if (micros === undefined) {
    const message = 'expected an ISO-8601 date-time such as 2024-01-31T12:00:00.000Z';
    throw new InputValidationError(`${path.join('.')}: ${message}`, { issues: [{ path, message }] });
  }
  return micros;
}

/** The columns a write sets (see {@link writeColumns}). */
export type WriteColumns = Omit<
  Insertable<RecordsTable>,
  'environment_id' | 'country' | 'created_at' | 'updated_at'
>;

/** The columns a write sets: every writable field (absent = null), plus version and is_encrypted. */
export function writeColumns(record: WireWriteRecord): WriteColumns {
  const columns: Record<string, unknown> = {};
  for (const key of STRING_KEYS) columns[key] = record[key] ?? null;
  for (const key of RANGE_KEYS) {
    const value = record[key];
    columns[key] = value == null ? null : int64Param(value, [key]);
  }
  columns.body = record.body ?? null;
  columns.precommit_body = record.precommit_body ?? null;
  columns.version = record.version == null ? 0 : int64Param(record.version, ['version']);
  columns.is_encrypted = record.is_encrypted == null ? null : record.is_encrypted ? 1 : 0;
  columns.expires_at = record.expires_at == null ? null : dateParam(record.expires_at, ['expires_at']);
  return columns as unknown as WriteColumns;
}

/** A full insert row for a record in a scope. */
export function insertRow(
  scope: Scope,
  record: WireWriteRecord,
  nowMicros: bigint,
): Insertable<RecordsTable> {
  return {
    ...writeColumns(record),
    environment_id: scope.environmentId,
    country: scope.country,
    record_key: record.record_key,
    created_at: nowMicros,
    updated_at: nowMicros,
  };
}

/** Epoch microseconds as any driver or a packed row gives them (bigint, number or decimal text). */
function microsToIso(value: Int64Read): string {
  const micros = typeof value === 'bigint' ? value : Number(value);
  return epochMicrosToIso(
    typeof micros === 'number' && !Number.isSafeInteger(micros) ? BigInt(value) : micros,
  );
}

/**
 * A formatter that remembers the last instant it formatted: the records of one batch or page mostly share
 * their created_at, and their updated_at. One per field, as a rewritten record's created_at and updated_at
 * differ: a single memory shared by both missed twice per record (batchWrite(100) of existing records
 * formatted 200 instants, ~0.2 ms).
 */
function lastInstantFormatter(): (value: Int64Read) => string {
  let lastMicros: Int64Read | undefined;
  let lastIso = '';
  return (value) => {
    if (value !== lastMicros) {
      lastIso = microsToIso(value);
      lastMicros = value;
    }
    return lastIso;
  };
}

/** The instant formatters of packed records, by field. */
const PACKED_ISO: Record<(typeof PACKED_TEXT_FIELDS)[number], (value: Int64Read) => string> = {
  created_at: lastInstantFormatter(),
  updated_at: lastInstantFormatter(),
  expires_at: lastInstantFormatter(),
};
const attachmentCreatedIso = lastInstantFormatter();
const attachmentUpdatedIso = lastInstantFormatter();

/** Instants travel as text in a packed record: JSON numbers stop being exact at 2^53 (the year 2255). */
const PACKED_TEXT_FIELDS = ['created_at', 'updated_at', 'expires_at'] as const;
/** Range keys travel as text too: they are 64-bit, and a JSON number in the packed array would round them. */
const PACKED_INT64_FIELDS = RANGE_KEYS;

/**
 * The record columns written and read as they are, in one fixed order: the store's insert and rewrite
 * column lists and the packed record are built from this list.
 */
export const RECORD_DATA_COLUMNS = [
  ...STRING_KEYS,
  ...RANGE_KEYS,
  'body',
  'precommit_body',
  'version',
  'is_encrypted',
] as const;

/** Every column an insert sets, in a fixed order: the store's write templates and their values. */
export const INSERT_COLUMNS = [
  'environment_id',
  'country',
  ...RECORD_DATA_COLUMNS,
  'expires_at',
  'created_at',
  'updated_at',
] as const;

/** The fields of a packed record, in array order. */
const PACKED_FIELDS = [...RECORD_DATA_COLUMNS, ...PACKED_TEXT_FIELDS] as const;

/**
 * A record's wire fields as one JSON array built by the database (select it `as('packed')` and map it with
 * {@link packedToRecord}). Reading 45 columns costs one driver call per value; a 100-record page read 0.63
 * ms as columns on SQLite and 0.40 ms as packed arrays, parse included.
 *
 * @example
 * declare const db: Kysely<PopDatabase>;
 * db.selectFrom('pop_records').select(['seq', packedRecord(sqliteFlavour).as('packed')]);
 */
export function packedRecord(flavour: SqlFlavour): RawBuilder<unknown> {
  return flavour.jsonArray(
    PACKED_FIELDS.map((field) =>
      isOneOf(PACKED_TEXT_FIELDS, field) || isOneOf(PACKED_INT64_FIELDS, field)
        ? sql`cast(${sql.ref(field)} as text)`
        : sql.ref(field),
    ),
  );
}

/**
 * The body of a generated record mapping: one object literal from the field catalogue (a find maps 100
 * records of 45 fields, and a loop of keyed stores costs three times as much). `source` gives the source
 * expression of a field's stored value; every name in the generated source comes from the catalogue
 * constants. The function takes `attachments`, `iso` (PACKED_ISO) and `int` besides its own sources.
 */
function recordMappingSource(
  source: (field: (typeof PACKED_FIELDS)[number], index: number) => string,
): string {
  return `return { ${PACKED_FIELDS.map((field, i) => {
    const v = source(field, i);
    if (field === 'is_encrypted') return `${field}: ${v} == null ? null : ${v} !== 0`;
    if (isOneOf(PACKED_INT64_FIELDS, field)) return `${field}: ${v} == null ? null : int(${v})`;
    if (field === 'expires_at') return `${field}: ${v} == null ? null : iso.${field}(${v})`;
    if (isOneOf(PACKED_TEXT_FIELDS, field)) return `${field}: iso.${field}(${v})`;
    return `${field}: ${v}`;
  }).join(', ')}, attachments };`;
}

/** The packed-array-to-record mapping. */
const buildRecord = new Function(
  'v',
  'attachments',
  'iso',
  'int',
  recordMappingSource((_, i) => `v[${i}]`),
) as (
  values: unknown[],
  attachments: StoredAttachmentMeta[],
  iso: typeof PACKED_ISO,
  int: typeof int64FromText,
) => StoredRecord;

/** A {@link packedRecord} (JSON text from SQLite, an array from PostgreSQL) in the wire shape. */
export function packedToRecord(packed: unknown, attachments: StoredAttachmentMeta[]): StoredRecord {
  const values = typeof packed === 'string' ? (JSON.parse(packed) as unknown[]) : (packed as unknown[]);
  return buildRecord(values, attachments, PACKED_ISO, int64FromText);
}

/**
 * The written-record mapping: the same fields in the same order as {@link buildRecord}, taken from the
 * columns a write bound and the row's two dates instead of a packed row.
 */
const buildWrittenRecord = new Function(
  'c',
  'created',
  'updated',
  'attachments',
  'iso',
  'int',
  recordMappingSource((field) =>
    field === 'created_at' ? 'created' : field === 'updated_at' ? 'updated' : `c[${JSON.stringify(field)}]`,
  ),
) as (
  columns: WriteColumns,
  created: Int64Read,
  updated: Int64Read,
  attachments: StoredAttachmentMeta[],
  iso: typeof PACKED_ISO,
  int: typeof canonicalInt64,
) => StoredRecord;

/**
 * The record an upsert stored, from the columns it bound and the row's `created_at` (kept by a rewrite):
 * the same record {@link packedToRecord} reads back, without the database packing every column of it.
 * Nothing between the binding and the row changes a value (no triggers, no defaults for bound columns).
 *
 * @example
 * const columns = writeColumns({ record_key: 'k', body: 'b' });
 * writtenRecord(columns, 1n, 2n, []).updated_at; // '1970-01-01T00:00:00.000002+00:00'
 */
export function writtenRecord(
  columns: WriteColumns,
  createdAt: Int64Read,
  updatedAt: Int64Read,
  attachments: StoredAttachmentMeta[],
): StoredRecord {
  return buildWrittenRecord(columns, createdAt, updatedAt, attachments, PACKED_ISO, canonicalInt64);
}

/** The fields of a rendered record the database writes as JSON: the packed ones before `is_encrypted`. */
const RENDERED_SQL_FIELDS = RECORD_DATA_COLUMNS.filter((field) => field !== 'is_encrypted');

/**
 * A record's wire fields as JSON text built by the database, as far as it writes them exactly as the PoP
 * answers them: every field up to `version`. `is_encrypted` (stored 1/0) and the dates (stored as epoch
 * microseconds) are the row's other columns, which {@link renderedTail} writes. `undefined` for a
 * database that does not write JSON as `JSON.stringify` does.
 *
 * @example
 * declare const db: Kysely<PopDatabase>;
 * db.selectFrom('pop_records').select(['seq', renderedRecordJson(sqliteFlavour)!.as('json'), ...RENDERED_ROW_COLUMNS]);
 */
export function renderedRecordJson(flavour: SqlFlavour): RawBuilder<string> | undefined {
  return flavour.jsonObject?.(RENDERED_SQL_FIELDS.map((field) => [field, sql.ref(field)] as const));
}

/** The columns a rendered row carries beside its JSON, for {@link renderedTail}. */
export const RENDERED_ROW_COLUMNS = ['is_encrypted', 'created_at', 'updated_at', 'expires_at'] as const;

/**
 * 1 when the row's `body` or `precommit_body` starts with the SSE marker (sse-cipher.ts): the value is
 * sealed (every stored value with the marker is) and the record must be opened, not passed through.
 */
export function renderedSealed(): RawBuilder<number | bigint | null> {
  const length = SSE_MARKER.length;
  return sql`(substr(body, 1, ${length}) = ${SSE_MARKER} or substr(precommit_body, 1, ${length}) = ${SSE_MARKER})`;
}

/** A rendered row as read: the database's JSON and the columns it leaves out. */
export interface RenderedRow {
  readonly json: string;
  readonly sealed: Int64Read | null;
  readonly is_encrypted: Int64Read | null;
  readonly created_at: Int64Read;
  readonly updated_at: Int64Read;
  readonly expires_at: Int64Read | null;
}

/**
 * The members a rendered row's JSON leaves out, as text: `is_encrypted` and the dates as
 * {@link packedToRecord} gives them, in the same order (see `RenderedRecord`).
 */
export function renderedTail(row: RenderedRow): string {
  const encrypted = row.is_encrypted == null ? 'null' : toNumber(row.is_encrypted) !== 0 ? 'true' : 'false';
  const expires = row.expires_at == null ? 'null' : `"${PACKED_ISO.expires_at(row.expires_at)}"`;
  return `,"is_encrypted":${encrypted},"created_at":"${PACKED_ISO.created_at(row.created_at)}","updated_at":"${PACKED_ISO.updated_at(row.updated_at)}","expires_at":${expires}`;
}

/** A stored attachment row as meta. */
export function rowToAttachmentMeta(
  row: Pick<
    Selectable<AttachmentsTable>,
    'file_id' | 'filename' | 'hash' | 'mime_type' | 'size' | 'created_at' | 'updated_at'
  >,
): StoredAttachmentMeta {
  return {
    file_id: row.file_id,
    filename: row.filename,
    hash: row.hash,
    mime_type: row.mime_type,
    size: toNumber(row.size),
    created_at: attachmentCreatedIso(row.created_at),
    updated_at: attachmentUpdatedIso(row.updated_at),
  };
}
