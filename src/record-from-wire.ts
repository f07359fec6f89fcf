/**
 * Wire values read into the client record model: dates and attachment metas.
 */
import type { AttachmentMeta } from './record.js';
import { parseIsoDateTime } from './wire/primitives.js';
import type { WireAttachmentMeta } from './wire/wire-types.js';

/**
 * Reads a wire date (ISO-8601, any offset) as a `Date`; `null` for null, absent or unparsable values.
 *
 * @example
 * fromWireDate('2024-01-31T12:00:00.000+00:00')?.getTime(); // 1706702400000
 */
export function fromWireDate(value: string | null | undefined): Date | null {
  if (typeof value !== 'string') return null;
  const ms = parseIsoDateTime(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/**
 * Converts an attachment meta object from the wire to the client shape (dates as `Date`).
 *
 * @example
 * declare const wire: Parameters<typeof fromWireAttachmentMeta>[0]; // from a record's attachments
 * const meta = fromWireAttachmentMeta(wire);
 */
export function fromWireAttachmentMeta(wire: WireAttachmentMeta): AttachmentMeta {
  return {
    file_id: wire.file_id,
    filename: wire.filename,
    hash: wire.hash,
    mime_type: wire.mime_type,
    size: wire.size,
    created_at: new Date(parseIsoDateTime(wire.created_at)),
    updated_at: new Date(parseIsoDateTime(wire.updated_at)),
    download_link: wire.download_link,
  };
}
