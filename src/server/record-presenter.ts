/**
 * Turns stored records (SSE bodies opened by sse-cipher.ts) into the full wire shape of docs/protocol.md#read:
 * every attachment given its absolute `download_link`.
 */
import { API_ROUTES, fillRoute } from '../wire/api-routes.js';
import type { FindResponse, WireAttachmentMeta, WireFullRecord } from '../wire/index.js';
import { parseJsonExact, stringifyJson } from '../wire/json-codec.js';
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

/** A rendered record (see `RecordStore.findRendered`) as the stored record its JSON stands for. */
export function renderedToRecord(record: RenderedRecord): StoredRecord {
  // Exact: 64-bit range keys come back as bigints. `attachments` goes last, where the head leaves it.
  const parsed = parseJsonExact(`${record.head}}`) as StoredRecord;
  parsed.attachments = record.attachments;
  return parsed;
}

/**
 * A find answer from rendered records without attachments, as the bytes the reply serializer writes for
 * `{ data, meta }`: the records' JSON is passed through, never parsed and serialised again.
 */
export function renderedFindAnswer(records: readonly RenderedRecord[], meta: FindResponse['meta']): Buffer {
  let data = '';
  for (const [i, record] of records.entries())
    data += `${i === 0 ? '' : ','}${record.head},"attachments":[]}`;
  return Buffer.from(`{"data":[${data}],"meta":${stringifyJson(meta)}}`);
}
