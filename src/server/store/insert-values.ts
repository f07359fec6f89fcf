/**
 * The bound values of a multi-row upsert, appended row by row in a fixed column order. A batch of 100
 * records binds 4,700 values; building a full row object per record (the write columns spread with the
 * scope and timestamps) and then reading it back column by column cost about as much as the SQL itself in
 * a batchWrite profile, so the values go straight from the write columns into the array, through a
 * function generated once per column list.
 */
import type { WireWriteRecord } from '../../wire/index.js';
import { type WriteColumns, writeColumns } from './record-row.js';
import type { Scope } from './record-store.js';

/**
 * Appends one record's values to `values`, in the column order the appender was made for, and returns the
 * record's write columns (see {@link writeColumns}) so the caller can answer with what was bound.
 */
export type InsertValuesAppender = (
  values: unknown[],
  scope: Scope,
  record: WireWriteRecord,
  nowMicros: bigint,
) => WriteColumns;

/** Columns not taken from {@link writeColumns}: where they come from instead. */
const SOURCES: Readonly<Record<string, string>> = {
  environment_id: 'scope.environmentId',
  country: 'scope.country',
  record_key: 'record.record_key',
  created_at: 'now',
  updated_at: 'now',
};

/**
 * An appender for `columns` (the upsert's column list). Column names come from the store's catalogue,
 * never from a request, and are quoted with JSON.stringify in the generated source.
 *
 * @example
 * const append = insertValuesAppender(['environment_id', 'country', 'record_key', 'body', 'created_at']);
 * const values: unknown[] = [];
 * append(values, { environmentId: 'env', country: 'us' }, { record_key: 'k', body: 'b' }, 0n);
 * // values: ['env', 'us', 'k', 'b', 0n]
 */
export function insertValuesAppender(columns: readonly string[]): InsertValuesAppender {
  const items = columns.map((c) => SOURCES[c] ?? `columns[${JSON.stringify(c)}]`).join(', ');
  const push = new Function('values', 'scope', 'record', 'now', 'columns', `values.push(${items});`) as (
    values: unknown[],
    scope: Scope,
    record: WireWriteRecord,
    now: bigint,
    columns: Record<string, unknown>,
  ) => void;
  return (values, scope, record, nowMicros) => {
    const columns = writeColumns(record);
    push(values, scope, record, nowMicros, columns as Record<string, unknown>);
    return columns;
  };
}
