/**
 * TEMPORARY in-memory RecordStore for route tests until the SQLite adapter lands. Find supports only plain
 * equality filters, limit and offset.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { RANGE_KEYS, STRING_KEYS } from '../../../src/fields.js';
import {
  AttachmentTooLargeError,
  NotFoundError,
  type RecordStore,
  type Scope,
  type StoredAttachmentMeta,
  type StoredRecord,
} from '../../../src/server/store/record-store.js';
import type { WireWriteRecord } from '../../../src/wire/index.js';

export function createMemoryStore(): RecordStore & {
  raw(scope: Scope, key: string): StoredRecord | undefined;
} {
  const records = new Map<string, StoredRecord>();
  const files = new Map<string, Buffer>();
  const id = (scope: Scope, key: string) => `${scope.environmentId}\0${scope.country}\0${key}`;
  const live = (r: StoredRecord | undefined, now: Date) =>
    r !== undefined && (r.expires_at === null || Date.parse(r.expires_at) > now.getTime()) ? r : undefined;
  const get = (scope: Scope, key: string, now: Date) => {
    const r = live(records.get(id(scope, key)), now);
    if (!r) throw new NotFoundError('not found');
    return r;
  };
  const write = (scope: Scope, w: WireWriteRecord, now: Date): StoredRecord => {
    const prev = records.get(id(scope, w.record_key));
    const rec: Record<string, unknown> = {};
    for (const k of STRING_KEYS) rec[k] = w[k] ?? null;
    for (const k of RANGE_KEYS) rec[k] = w[k] ?? null;
    Object.assign(rec, {
      record_key: w.record_key,
      body: w.body ?? null,
      precommit_body: w.precommit_body ?? null,
      version: w.version ?? 0,
      is_encrypted: w.is_encrypted ?? null,
      expires_at: w.expires_at ?? null,
      created_at: prev?.created_at ?? now.toISOString(),
      updated_at: now.toISOString(),
      attachments: prev?.attachments ?? [],
    });
    records.set(id(scope, w.record_key), rec as StoredRecord);
    return rec as StoredRecord;
  };
  return {
    raw: (scope, key) => records.get(id(scope, key)),
    async init() {},
    async write(scope, record, now) {
      return write(scope, record, now);
    },
    async batchWrite(scope, list, now) {
      return list.map((r) => write(scope, r, now));
    },
    async read(scope, key, now) {
      return get(scope, key, now);
    },
    async find(scope, request, now) {
      const prefix = id(scope, '');
      const matches = [...records.entries()]
        .filter(([k, r]) => k.startsWith(prefix) && live(r, now))
        .map(([, r]) => r)
        .filter((r) =>
          Object.entries(request.filter).every(([f, c]) => {
            const v = (r as unknown as Record<string, unknown>)[f];
            return Array.isArray(c) ? c.includes(v) : v === c;
          }),
        );
      const { limit, offset } = request.options;
      return { records: matches.slice(offset, offset + limit), total: matches.length };
    },
    async delete(scope, key, now) {
      get(scope, key, now);
      records.delete(id(scope, key));
    },
    async batchDelete(scope, keys, now) {
      for (const k of keys) get(scope, k, now);
      for (const k of keys) records.delete(id(scope, k));
    },
    async addAttachment(scope, key, upload, upsert, now) {
      const rec = get(scope, key, now);
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of upload.content as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > upload.maxBytes) throw new AttachmentTooLargeError('too large');
        chunks.push(chunk);
      }
      const content = Buffer.concat(chunks);
      const existing = upsert ? rec.attachments.find((a) => a.filename === upload.filename) : undefined;
      const meta: StoredAttachmentMeta = {
        file_id: existing?.file_id ?? randomUUID(),
        filename: upload.filename,
        mime_type: upload.mimeType,
        size,
        hash: createHash('sha256').update(content).digest('hex'),
        created_at: existing?.created_at ?? now.toISOString(),
        updated_at: now.toISOString(),
      };
      rec.attachments = [...rec.attachments.filter((a) => a.file_id !== meta.file_id), meta];
      files.set(meta.file_id, content);
      return meta;
    },
    async getAttachmentMeta(scope, key, fileId, now) {
      const meta = get(scope, key, now).attachments.find((a) => a.file_id === fileId);
      if (!meta) throw new NotFoundError('not found');
      return meta;
    },
    async getAttachmentFile(scope, key, fileId, now) {
      const meta = await this.getAttachmentMeta(scope, key, fileId, now);
      const { Readable: R } = await import('node:stream');
      return { meta, content: R.from([files.get(fileId)!]) as Readable };
    },
    async updateAttachmentMeta(scope, key, fileId, patch, now) {
      const rec = get(scope, key, now);
      const meta = await this.getAttachmentMeta(scope, key, fileId, now);
      const next = {
        ...meta,
        ...(patch.filename ? { filename: patch.filename } : {}),
        ...(patch.mime_type ? { mime_type: patch.mime_type } : {}),
        updated_at: now.toISOString(),
      };
      rec.attachments = rec.attachments.map((a) => (a.file_id === fileId ? next : a));
      return next;
    },
    async deleteAttachment(scope, key, fileId, now) {
      const rec = get(scope, key, now);
      await this.getAttachmentMeta(scope, key, fileId, now);
      rec.attachments = rec.attachments.filter((a) => a.file_id !== fileId);
      files.delete(fileId);
    },
    async sweepExpired(now) {
      let n = 0;
      for (const [k, r] of records) if (!live(r, now)) {
        records.delete(k);
        n++;
      }
      return n;
    },
    async reset() {
      records.clear();
      files.clear();
    },
    async ping() {
      return true;
    },
    async close() {},
  };
}
