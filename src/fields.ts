/**
 * The record field catalogue: one `as const` table per field family, from which every field type in the
 * library is derived (docs/protocol.md#record-fields). Runtime checks read the same tables, so the types and the checks can
 * never disagree.
 */

/**
 * `key1` .. `key20`: searchable string keys, hashed unless `hashSearchKeys: false`.
 * @category Storage
 */
export const SEARCH_KEYS = [
  'key1',
  'key2',
  'key3',
  'key4',
  'key5',
  'key6',
  'key7',
  'key8',
  'key9',
  'key10',
  'key11',
  'key12',
  'key13',
  'key14',
  'key15',
  'key16',
  'key17',
  'key18',
  'key19',
  'key20',
] as const;

/**
 * `service_key1` .. `service_key5`.
 * @category Storage
 */
export const SERVICE_KEYS = [
  'service_key1',
  'service_key2',
  'service_key3',
  'service_key4',
  'service_key5',
] as const;

/**
 * String keys that are always hashed in LOCAL and OFF mode (never in SSE).
 * @category Storage
 */
export const ALWAYS_HASHED_KEYS = ['record_key', 'profile_key', 'parent_key', ...SERVICE_KEYS] as const;

/**
 * Every string key field: the always-hashed keys plus `key1..key20`.
 * @category Storage
 */
export const STRING_KEYS = [...ALWAYS_HASHED_KEYS, ...SEARCH_KEYS] as const;

/**
 * `range_key1` .. `range_key10`: 64-bit signed integers, never hashed.
 * @category Storage
 */
export const RANGE_KEYS = [
  'range_key1',
  'range_key2',
  'range_key3',
  'range_key4',
  'range_key5',
  'range_key6',
  'range_key7',
  'range_key8',
  'range_key9',
  'range_key10',
] as const;

/**
 * Integer fields that can be filtered with comparisons: range keys and `version`.
 * @category Storage
 */
export const INTEGER_FIELDS = [...RANGE_KEYS, 'version'] as const;

/**
 * Date fields (ISO-8601 on the wire). Only `expires_at` is writable.
 * @category Storage
 */
export const DATE_FIELDS = ['expires_at', 'created_at', 'updated_at'] as const;

/**
 * Date fields that may be null (and so may be filtered with null / not null).
 * @category Storage
 */
export const NULLABLE_DATE_FIELDS = ['expires_at'] as const;

/**
 * Opaque text fields: encrypted in LOCAL mode, never filterable.
 * @category Storage
 */
export const BODY_FIELDS = ['body', 'precommit_body'] as const;

/**
 * Fields set by the server only.
 * @category Storage
 */
export const READ_ONLY_FIELDS = ['created_at', 'updated_at', 'attachments'] as const;

/**
 * Fields a client may send on write.
 * @category Storage
 */
export const WRITABLE_FIELDS = [...STRING_KEYS, ...RANGE_KEYS, ...BODY_FIELDS, 'expires_at'] as const;

/**
 * Fields a find filter may name (docs/protocol.md#filter).
 * @category Storage
 */
export const FILTERABLE_FIELDS = [...STRING_KEYS, ...INTEGER_FIELDS, ...DATE_FIELDS] as const;

/**
 * Fields allowed inside an `$or` branch (docs/protocol.md#filter): string keys only.
 * @category Storage
 */
export const OR_FIELDS = STRING_KEYS;

/**
 * Fields allowed in `sort` (docs/protocol.md#find-options).
 * @category Storage
 */
export const SORTABLE_FIELDS = [...SEARCH_KEYS, ...RANGE_KEYS, ...DATE_FIELDS] as const;

/**
 * Fields that accept `$like` (docs/protocol.md#filter): `key1..key20`, and only with `hashSearchKeys: false`.
 * @category Storage
 */
export const LIKE_FIELDS = SEARCH_KEYS;

/**
 * Every field of a record as a client sees it.
 * @category Storage
 */
export const RECORD_FIELDS = [
  ...STRING_KEYS,
  ...RANGE_KEYS,
  ...BODY_FIELDS,
  ...DATE_FIELDS,
  'version',
  'is_encrypted',
  'attachments',
] as const;

/**
 * `key1` .. `key20`.
 * @category Storage
 */
export type SearchKey = (typeof SEARCH_KEYS)[number];
/**
 * `service_key1` .. `service_key5`.
 * @category Storage
 */
export type ServiceKey = (typeof SERVICE_KEYS)[number];
/**
 * String keys hashed whenever keys are hashed at all: `record_key`, `profile_key`, `parent_key`, `service_key1..5`.
 * @category Storage
 */
export type AlwaysHashedKey = (typeof ALWAYS_HASHED_KEYS)[number];
/**
 * Every string key field.
 * @category Storage
 */
export type StringKey = (typeof STRING_KEYS)[number];
/**
 * `range_key1` .. `range_key10`.
 * @category Storage
 */
export type RangeKey = (typeof RANGE_KEYS)[number];
/**
 * Integer fields that accept comparisons: range keys and `version`.
 * @category Storage
 */
export type IntegerField = (typeof INTEGER_FIELDS)[number];
/**
 * Date fields: `expires_at`, `created_at`, `updated_at`.
 * @category Storage
 */
export type DateField = (typeof DATE_FIELDS)[number];
/**
 * Date fields that may be null.
 * @category Storage
 */
export type NullableDateField = (typeof NULLABLE_DATE_FIELDS)[number];
/**
 * `body` and `precommit_body`.
 * @category Storage
 */
export type BodyField = (typeof BODY_FIELDS)[number];
/**
 * Fields a client may send on write.
 * @category Storage
 */
export type WritableField = (typeof WRITABLE_FIELDS)[number];
/**
 * Fields a find filter may name.
 * @category Storage
 */
export type FilterableField = (typeof FILTERABLE_FIELDS)[number];
/**
 * Fields allowed inside an `$or` branch.
 * @category Storage
 */
export type OrField = (typeof OR_FIELDS)[number];
/**
 * Fields allowed in `sort`.
 * @category Storage
 */
export type SortableField = (typeof SORTABLE_FIELDS)[number];
/**
 * Fields that accept `$like`.
 * @category Storage
 */
export type LikeField = (typeof LIKE_FIELDS)[number];
/**
 * Every field of a record as a client sees it.
 * @category Storage
 */
export type RecordField = (typeof RECORD_FIELDS)[number];

/**
 * The kind of a filterable field, which decides the operators and value types it accepts.
 * @category Storage
 */
export type FieldKind = 'string' | 'integer' | 'date';

/**
 * Maps each filterable field to its kind.
 * @category Storage
 */
export type FieldKindOf<F extends FilterableField> = F extends StringKey
  ? 'string'
  : F extends IntegerField
    ? 'integer'
    : 'date';

/**
 * The kind of a filterable field at run time.
 * @category Storage
 */
export function fieldKind(field: FilterableField): FieldKind {
  if (isOneOf(STRING_KEYS, field)) return 'string';
  if (isOneOf(INTEGER_FIELDS, field)) return 'integer';
  return 'date';
}

/**
 * Narrowing membership test against one of the catalogue tables.
 *
 * @example
 * const name: unknown = 'range_key1';
 * if (isOneOf(RANGE_KEYS, name)) console.log(name); // name: RangeKey
 * @category Storage
 */
export function isOneOf<const T extends readonly string[]>(table: T, value: unknown): value is T[number] {
  return typeof value === 'string' && (table as readonly string[]).includes(value);
}

/**
 * Maximum number of records in one batch write (docs/protocol.md#client-side-limits).
 * @category Storage
 */
export const MAX_BATCH_SIZE = 100;
/**
 * Maximum `limit` of one find (docs/protocol.md#find-options).
 * @category Storage
 */
export const MAX_FIND_LIMIT = 100;
/**
 * Largest attachment accepted, in bytes (docs/protocol.md#attachments).
 * @category Storage
 */
export const MAX_ATTACHMENT_SIZE = 104_857_600;
/**
 * Shortest `search_keys` text (docs/protocol.md#filter).
 * @category Storage
 */
export const SEARCH_KEYS_MIN_LENGTH = 3;
/**
 * Longest `search_keys` text.
 * @category Storage
 */
export const SEARCH_KEYS_MAX_LENGTH = 200;
/**
 * Max length of plain `key1..key20` values when not hashed (docs/protocol.md#client-side-limits).
 * @category Storage
 */
export const MAX_PLAIN_KEY_LENGTH = 256;
