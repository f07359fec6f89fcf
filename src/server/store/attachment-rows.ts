/**
 * The attachment rows of the store's `pop_attachments` table: the metas listed with records and the one
 * attachment a download, meta update or delete addresses. Content chunks are in attachment-content.ts.
 */

import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { StoredContent } from './attachment-content.js';
import { liveInScope, notFound } from './live-records.js';
import type { Int64Read, PopDatabase } from './pop-database.js';
import { type QueryTemplates, slotList } from './query-template.js';
import { rowToAttachmentMeta, toBigInt } from './record-row.js';
import type { AttachmentUpload, Scope, StoredAttachmentMeta } from './record-store.js';
import type { SqlFlavour } from './sql-flavour.js';

type Db = Kysely<PopDatabase>;

/** Committed attachment metas per record seq (as a string key, since drivers differ in int types). */
export async function attachmentsOf(
  templates: QueryTemplates,
  db: Db,
  seqs: Int64Read[],
): Promise<Map<string, StoredAttachmentMeta[]>> {
  const result = new Map<string, StoredAttachmentMeta[]>();
  if (seqs.length === 0) return result;
  const { rows } = await templates
    .get(`attachments-of:${seqs.length}`, (slot) =>
      db
        .selectFrom('pop_attachments')
        .select([
          'record_seq',
          'file_id',
          'filename',
          'hash',
          'mime_type',
          'size',
          'created_at',
          'updated_at',
        ])
        .where('record_seq', 'in', slotList(slot, 0, seqs.length))
        .where('committed', '=', 1)
        .orderBy('created_at')
        .orderBy('id'),
    )
    .execute(
      db,
      seqs.map((s) => toBigInt(s)),
    );
  for (const row of rows) {
    const key = String(row.record_seq);
    const list = result.get(key) ?? [];
    list.push(rowToAttachmentMeta(row));
    result.set(key, list);
  }
  return result;
}

/** The committed attachment `fileId` of a live record in scope, or undefined. */
export function selectAttachment(db: Db, scope: Scope, recordKey: string, fileId: string, nowMicros: bigint) {
  return db
    .selectFrom('pop_attachments')
    .innerJoin('pop_records', 'pop_records.seq', 'pop_attachments.record_seq')
    .select([
      'pop_attachments.id',
      'pop_attachments.file_id',
      'pop_attachments.filename',
      'pop_attachments.hash',
      'pop_attachments.mime_type',
      'pop_attachments.size',
      'pop_attachments.created_at',
      'pop_attachments.updated_at',
    ])
    .where((eb) => liveInScope(eb, scope, nowMicros))
    .where('pop_records.record_key', '=', recordKey)
    .where('pop_attachments.file_id', '=', fileId)
    .where('pop_attachments.committed', '=', 1)
    .executeTakeFirst();
}

/**
 * The uncommitted row an upload's content goes in under; readers ignore it until {@link commitAttachment}.
 */
export function insertPendingAttachment(
  db: Db,
  recordSeq: bigint,
  upload: AttachmentUpload,
  nowMicros: bigint,
) {
  return db
    .insertInto('pop_attachments')
    .values({
      record_seq: recordSeq,
      file_id: randomUUID().replaceAll('-', ''),
      filename: upload.filename,
      mime_type: upload.mimeType,
      size: 0,
      hash: '',
      committed: 0,
      created_at: nowMicros,
      updated_at: nowMicros,
    })
    .returning(['id', 'file_id'])
    .executeTakeFirstOrThrow();
}

/** What {@link commitAttachment} commits: the pending row, its written content, and whether to replace. */
export interface AttachmentCommit {
  readonly recordSeq: bigint;
  readonly pending: { readonly id: Int64Read; readonly file_id: string };
  readonly upload: AttachmentUpload;
  readonly upsert: boolean;
  readonly content: StoredContent;
  readonly nowMicros: bigint;
}

/**
 * Inside `trx`: checks the record is still alive, takes over a same-named file on upsert, and marks the
 * pending row committed with its content's size and hash.
 */
export async function commitAttachment(
  trx: Db,
  flavour: SqlFlavour,
  { recordSeq, pending, upload, upsert, content, nowMicros }: AttachmentCommit,
): Promise<StoredAttachmentMeta> {
  const pendingId = toBigInt(pending.id);
  const aliveQuery = trx
    .selectFrom('pop_records')
    .select('seq')
    .where('seq', '=', recordSeq)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', nowMicros)]));
  // Commits to one record take turns: concurrent upserts of one name would otherwise both miss (or
  // both take over) the previous file, leaving duplicates or a clashing file_id. SQLite runs one
  // transaction at a time anyway; PostgreSQL needs the parent row locked (NO KEY UPDATE: pending uploads may still reference it).
  const alive = await (flavour.name === 'postgres'
    ? aliveQuery.forNoKeyUpdate()
    : aliveQuery
  ).executeTakeFirst();
  if (!alive) throw notFound('record');
  let fileId = pending.file_id;
  let createdAt: Int64Read = nowMicros;
  if (upsert) {
    const previous = await trx
      .selectFrom('pop_attachments')
      .select(['id', 'file_id', 'created_at'])
      .where('record_seq', '=', recordSeq)
      .where('filename', '=', upload.filename)
      .where('committed', '=', 1)
      .orderBy('created_at')
      .orderBy('id')
      .executeTakeFirst();
    if (previous) {
      await trx.deleteFrom('pop_attachments').where('id', '=', toBigInt(previous.id)).execute();
      fileId = previous.file_id;
      createdAt = previous.created_at;
    }
  }
  const meta = {
    file_id: fileId,
    filename: upload.filename,
    mime_type: upload.mimeType,
    size: content.size,
    hash: content.hash,
    created_at: toBigInt(createdAt),
    updated_at: nowMicros,
  };
  const committed = await trx
    .updateTable('pop_attachments')
    .set({ ...meta, committed: 1 })
    .where('id', '=', pendingId)
    .executeTakeFirst();
  if (committed.numUpdatedRows === 0n) throw notFound('record');
  return rowToAttachmentMeta(meta);
}
