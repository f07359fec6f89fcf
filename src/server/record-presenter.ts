/**
 * Turns stored records (SSE bodies opened by sse-cipher.ts) into the full wire shape of docs/protocol.md#read:
 * every attachment given its absolute `download_link`.
 */
import { API_ROUTES, fillRoute } from '../wire/api-routes.js';
import type { FindResponse, WireAttachmentMeta, WireFullRecord } from '../wire/index.js';
import { parseJson, stringifyJson } from '../wire/json-codec.js';
import type { RenderedRecord, Scope, StoredAttachmentMeta, StoredRecord } from './store/record-store.js';

/** The absolute URL of an attachment's download route. */
export function downloadLink(baseUrl: string, scope: Scope, recordKey: string, fileId: string): string {
  return `${baseUrl}${fillRoute(API_ROUTES.attachment, { country: scope.country, key: recordKey, fileId })}`;
}

/** An attachment meta as answered. */
export function presentAttachment(
  baseUrl: string,
  scope: Scope,
  recordKey: string,
  meta: StoredAttachmentMeta,
): WireAttachmentMeta {
  return {
    file_id: meta.file_id,
    filename: meta.filename,
    hash: meta.hash,
    mime_type: meta.mime_type,
    size: meta.size,
    created_at: meta.created_at,
    updated_at: meta.updated_at,
    download_link: downloadLink(baseUrl, scope, recordKey, meta.file_id),
  };
}

/** A record as answered (its SSE values already opened), attachments linked. */
export function presentRecord(baseUrl: string, scope: Scope, record: StoredRecord): WireFullRecord {
  // Without attachments the stored record already has the wire shape; copying its 45 fields for every row
  // of a find page is pure cost.
  if (record.attachments.length === 0) return record as WireFullRecord;
  return {
    ...record,
    attachments: record.attachments.map((a) => presentAttachment(baseUrl, scope, record.record_key, a)),
  };
}

/**
 * A rendered record's text up to its attachments: its wire object without `attachments` and the closing
 * brace.
 *
 * @example
 * renderedHead({ json: '{"record_key":"k"}', tail: ',"is_encrypted":null', sealed: false, attachments: [] });
 * // '{"record_key":"k","is_encrypted":null'
 */
export function renderedHead(record: RenderedRecord): string {
  return `${record.json.slice(0, -1)}${record.tail}`;
}

/** A rendered record (see `RecordStore.findRendered`) as the stored record its JSON stands for. */
export function renderedToRecord(record: RenderedRecord): StoredRecord {
  // Exact: 64-bit range keys come back as bigints. `attachments` goes last, where the head leaves it.
  const parsed = parseJson(`${renderedHead(record)}}`) as StoredRecord;
  parsed.attachments = record.attachments;
  return parsed;
}

const NO_ATTACHMENTS = ',"attachments":[]}';

/**
 * A find answer from rendered records without attachments, as the bytes the reply serializer writes for
 * `{ data, meta }`. The records' text goes straight into the answer's buffer: never parsed and serialised
 * again, nor joined into one string first.
 */
export function renderedFindAnswer(records: readonly RenderedRecord[], meta: FindResponse['meta']): Buffer {
  const open = '{"data":[';
  const close = `],"meta":${stringifyJson(meta)}}`;
  // The tails, the punctuation and the meta are ASCII: their lengths are their byte counts.
  let size = open.length + close.length + Math.max(0, records.length - 1);
  for (const record of records)
    size += Buffer.byteLength(record.json) - 1 + record.tail.length + NO_ATTACHMENTS.length;
  const answer = Buffer.allocUnsafe(size);
  let at = answer.write(open, 0, 'latin1');
  for (const [i, record] of records.entries()) {
    if (i > 0) at += answer.write(',', at, 'latin1');
    // The tail overwrites the object's closing brace.
    at += answer.write(record.json, at) - 1;
    at += answer.write(record.tail, at, 'latin1');
    at += answer.write(NO_ATTACHMENTS, at, 'latin1');
  }
  at += answer.write(close, at, 'latin1');
  if (at !== size) throw new Error(`rendered find answer: wrote ${at} of ${size} bytes`);
  return answer;
}
