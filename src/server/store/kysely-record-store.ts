import type { Readable } from 'node:stream';
import { type Kysely, sql } from 'kysely';
import type { FindRequest, WireWriteRecord } from '../../wire/index.js';
import { readContent, writeContent } from './attachment-content.js';
import {
  attachmentsOf,
  commitAttachment,
  insertPendingAttachment,
  selectAttachment,
} from './attachment-rows.js';
import { dateToEpochMicros } from './epoch-micros.js';
import { FindQueries, type FindShape } from './find-queries.js';
import { GroupCommit } from './group-commit.js';
import { insertValuesAppender } from './insert-values.js';
import {
  exportRecords,
  inspectRecord,
  inspectRecords,
  listScopes,
  resetScope,
} from './inspection-queries.js';
import { liveInScope, liveInScopeSlots, notFound } from './live-records.js';
import type { Int64Read, PopDatabase } from './pop-database.js';
import { type QueryTemplate, QueryTemplates, slotList } from './query-template.js';
import {
  INSERT_COLUMNS,
  packedRecord,
  packedToRecord,
  RECORD_DATA_COLUMNS,
  renderedTail,
  rowToAttachmentMeta,
  toBigInt,
  toNumber,
  type WriteColumns,
  writtenRecord,
} from './record-row.js';
import {
  AttachmentTooLargeError,
  type AttachmentUpload,
  FindTooLargeError,
  NotFoundError,
  type RecordStore,
  type Scope,
  type StoredAttachmentMeta,
  type StoredRecord,
  type StoreFindOptions,
  type StoreFindResult,
  type StoreRenderedFindResult,
} from './record-store.js';
import { migrateToLatest } from './schema-migrations.js';
import type { SqlFlavour } from './sql-flavour.js';
import type {
  InspectedRecord,
  InspectedRecordsPage,
  InspectedScope,
  InspectRecordsOptions,
  ScopeSummary,
} from './store-inspection.js';

/** Uploads left uncommitted this long (a crashed process) are removed by the sweeper. */
const STALE_UPLOAD_MICROS = 6n * 3600n * 1_000_000n;

/** The `pop_settings` row holding the SSE key drawn on first use. */
const SSE_KEY_SETTING = 'sse_key';

/** Fixed-shape queries cached per store: batch sizes up to 100 for three queries, plus a few singles. */
const TEMPLATE_CAPACITY = 512;

/** Columns a rewrite replaces; `created_at` and `seq` survive it. */
const REWRITTEN_COLUMNS = [
  ...RECORD_DATA_COLUMNS.filter((k) => k !== 'record_key'),
  'expires_at',
  'updated_at',
] as const;

const appendInsertValues = insertValuesAppender(INSERT_COLUMNS);

/** The upsert's update list: every rewritten column takes the proposed row's value. */
const REWRITE_SET = Object.fromEntries(REWRITTEN_COLUMNS.map((c) => [c, sql.ref(`excluded.${c}`)]));

type Db = Kysely<PopDatabase>;

/** Options of {@link KyselyRecordStore}. */
export interface KyselyRecordStoreOptions {
  /** Runs before migrations, e.g. to create a PostgreSQL schema. */
  readonly beforeInit?: (db: Db) => Promise<void>;
}

/** One write call's records, as the group commit queues them. */
interface GroupedWrite {
  readonly scope: Scope;
  readonly records: WireWriteRecord[];
  readonly now: Date;
}

/**
 * A RecordStore on a kysely database. Use {@link createSqliteStore} or {@link createPostgresStore}; this
 * class is exported for stores built on a caller's own kysely instance.
 *
 * @example
 * import type { Dialect } from 'kysely';
 * declare const dialect: Dialect; // e.g. a SqliteDialect over better-sqlite3
 * const store = new KyselyRecordStore(new Kysely<PopDatabase>({ dialect }), sqliteFlavour);
 * await store.init();
 */
export class KyselyRecordStore implements RecordStore {
  readonly #db: Db;
  readonly #flavour: SqlFlavour;
  readonly #beforeInit: ((db: Db) => Promise<void>) | undefined;
  readonly #templates = new QueryTemplates(TEMPLATE_CAPACITY);
  readonly #findQueries: FindQueries;
  readonly #group: GroupCommit<GroupedWrite, StoredRecord[]>;
  #closed: Promise<void> | undefined;

  constructor(db: Db, flavour: SqlFlavour, options: KyselyRecordStoreOptions = {}) {
    this.#db = db;
    this.#flavour = flavour;
    this.#beforeInit = options.beforeInit;
    this.#findQueries = new FindQueries(db, flavour);
    this.#group = new GroupCommit(db, (trx, w) => this.#upsert(trx, w.scope, w.records, w.now));
  }

  async init(): Promise<void> {
    await this.#beforeInit?.(this.#db);
    await migrateToLatest(this.#db, this.#flavour);
  }

  async write(scope: Scope, record: WireWriteRecord, now: Date): Promise<StoredRecord> {
    const [stored] = await this.#commit(scope, [record], now);
    return stored!;
  }

  async batchWrite(scope: Scope, records: WireWriteRecord[], now: Date): Promise<StoredRecord[]> {
    if (records.length === 0) return [];
    return this.#commit(scope, records, now);
  }

  /** Upserts `records` atomically; resolves only once they are committed (durably, on SQLite files). */
  #commit(scope: Scope, records: WireWriteRecord[], now: Date): Promise<StoredRecord[]> {
    if (this.#flavour.groupCommit !== true)
      return this.#db.transaction().execute((trx) => this.#upsert(trx, scope, records, now));
    return this.#group.submit({ scope, records, now });
  }

  /** One multi-row upsert; with duplicate keys the last record wins and every position gets the result. */
  async #upsert(trx: Db, scope: Scope, records: WireWriteRecord[], now: Date): Promise<StoredRecord[]> {
    const nowMicros = dateToEpochMicros(now);
    const latest = new Map<string, WireWriteRecord>();
    for (const record of records) latest.set(record.record_key, record);
    // Rows are locked in key order, so two concurrent batches sharing keys cannot deadlock on PostgreSQL.
    const keys = [...latest.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    // An expired record is gone even if the sweeper has not run: overwriting it starts a new record
    // (new created_at, no attachments).
    const n = keys.length;
    await this.#templates
      .get(`purge-expired:${n}`, (slot) =>
        this.#db
          .deleteFrom('pop_records')
          .where('environment_id', '=', slot(0))
          .where('country', '=', slot(1))
          .where('expires_at', '<=', slot(2))
          .where('record_key', 'in', slotList(slot, 3, n)),
      )
      .execute(trx, [scope.environmentId, scope.country, nowMicros, ...keys]);
    const values: unknown[] = [];
    const bound = new Map<string, WriteColumns>();
    for (const key of keys) bound.set(key, appendInsertValues(values, scope, latest.get(key)!, nowMicros));
    const { rows } = await this.#templates
      .get(`upsert:${n}`, (slot) =>
        this.#db
          .insertInto('pop_records')
          .values(
            Array.from({ length: n }, (_, r) =>
              Object.fromEntries(INSERT_COLUMNS.map((c, i) => [c, slot(r * INSERT_COLUMNS.length + i)])),
            ) as never,
          )
          .onConflict((oc) =>
            oc
              .columns(['environment_id', 'country', 'record_key'])
              // HACK: kysely cannot type an update object built from a column list; the list is the catalogue.
              .doUpdateSet(REWRITE_SET as never),
          )
          // The answer is built from the bound columns; only what the database decides comes back (a
          // rewrite keeps created_at). Packing every column cost more than the rest of the answer.
          .returning(['seq', 'record_key', 'created_at']),
      )
      .execute(trx, values);
    const attachments = await attachmentsOf(
      this.#templates,
      trx,
      rows.map((r) => r.seq),
    );
    const byKey = new Map(
      rows.map((row) => [
        row.record_key,
        writtenRecord(
          bound.get(row.record_key)!,
          row.created_at,
          nowMicros,
          attachments.get(String(row.seq)) ?? [],
        ),
      ]),
    );
    return records.map((record) => byKey.get(record.record_key)!);
  }

  async read(scope: Scope, recordKey: string, now: Date): Promise<StoredRecord> {
    const nowMicros = dateToEpochMicros(now);
    return this.#db.connection().execute(async (db) => {
      const {
        rows: [row],
      } = await this.#templates
        .get('read', (slot) =>
          this.#db
            .selectFrom('pop_records')
            .select(['seq', packedRecord(this.#flavour).as('packed')])
            .where((eb) => liveInScopeSlots(eb, slot))
            .where('record_key', '=', slot(3)),
        )
        .execute(db, [scope.environmentId, scope.country, nowMicros, recordKey]);
      if (!row) throw notFound('record');
      const attachments = await attachmentsOf(this.#templates, db, [row.seq]);
      return packedToRecord(row.packed, attachments.get(String(row.seq)) ?? []);
    });
  }

  find(
    scope: Scope,
    request: FindRequest,
    now: Date,
    options: StoreFindOptions = {},
  ): Promise<StoreFindResult> {
    return this.#find(
      scope,
      request,
      now,
      options,
      (shape) => shape.page,
      (row, attachments) => packedToRecord(row.packed, attachments),
    );
  }

  async findRendered(
    scope: Scope,
    request: FindRequest,
    now: Date,
    options: StoreFindOptions = {},
  ): Promise<StoreRenderedFindResult | undefined> {
    if (this.#flavour.jsonObject === undefined) return undefined;
    return this.#find(
      scope,
      request,
      now,
      options,
      (shape) => shape.renderedPage!,
      (row, attachments) => ({
        json: row.json,
        tail: renderedTail(row),
        sealed: row.sealed != null && toNumber(row.sealed) !== 0,
        attachments,
      }),
    );
  }

  /** A find's three queries (sizes, page, count) on one connection, the page read by `page` and mapped by `map`. */
  async #find<Row extends { seq: Int64Read }, Out>(
    scope: Scope,
    request: FindRequest,
    now: Date,
    options: StoreFindOptions,
    page: (shape: FindShape) => QueryTemplate<Row>,
    map: (row: Row, attachments: StoredAttachmentMeta[]) => Out,
  ): Promise<{ records: Out[]; total: number }> {
    const nowMicros = dateToEpochMicros(now);
    const { limit, offset } = request.options;
    const { shape, values } = this.#findQueries.get(scope, nowMicros, request);
    return this.#db.connection().execute(async (db) => {
      // Sizes first (octet_length reads neither database's value itself): a page of 10 MB bodies would
      // otherwise be read whole, blocking every other request, only to overflow the answer.
      if (options.maxBytes !== undefined) {
        const {
          rows: [sizes],
        } = await shape.size.execute(db, values);
        const bytes = sizes?.bytes == null ? 0 : toNumber(sizes.bytes);
        if (bytes > options.maxBytes)
          throw new FindTooLargeError(bytes, options.maxBytes, toNumber(sizes!.n));
      }
      const { rows } = await page(shape).execute(db, values);
      // A page that ends early tells the total by itself; only a full page (or one past the end) needs a
      // count. Cheaper than `count(*) over ()`, which materialises every matching row with its body.
      let total = offset + rows.length;
      if (rows.length === limit || (rows.length === 0 && offset > 0)) {
        const {
          rows: [counted],
        } = await shape.count.execute(db, values);
        // Without a snapshot a concurrent delete could shrink the count below what this page shows.
        const n = toNumber(counted!.n);
        total = rows.length > 0 ? Math.max(n, offset + rows.length) : n;
      }
      const attachments = await attachmentsOf(
        this.#templates,
        db,
        rows.map((r) => r.seq),
      );
      return {
        records: rows.map((row) => map(row, attachments.get(String(row.seq)) ?? [])),
        total,
      };
    });
  }

  async delete(scope: Scope, recordKey: string, now: Date): Promise<void> {
    const nowMicros = dateToEpochMicros(now);
    // Attachments and their chunks go with the record (ON DELETE CASCADE).
    const result = await this.#templates
      .get('delete', (slot) =>
        this.#db
          .deleteFrom('pop_records')
          .where((eb) => liveInScopeSlots(eb, slot))
          .where('record_key', '=', slot(3)),
      )
      .execute(this.#db, [scope.environmentId, scope.country, nowMicros, recordKey]);
    if (result.numAffectedRows === 0n) throw notFound('record');
  }

  async batchDelete(scope: Scope, recordKeys: string[], now: Date): Promise<void> {
    const keys = [...new Set(recordKeys)];
    if (keys.length === 0) return;
    const nowMicros = dateToEpochMicros(now);
    await this.#db.transaction().execute(async (trx) => {
      const result = await trx
        .deleteFrom('pop_records')
        .where((eb) => liveInScope(eb, scope, nowMicros))
        .where('record_key', 'in', keys)
        .executeTakeFirst();
      const missing = keys.length - Number(result.numDeletedRows);
      // Throwing rolls the deletion back: a batch delete is all or nothing.
      if (missing > 0)
        throw new NotFoundError(
          `${missing} of ${keys.length} records not found (or expired); nothing deleted`,
        );
    });
  }

  async #liveRecordSeq(db: Db, scope: Scope, recordKey: string, nowMicros: bigint): Promise<bigint> {
    const row = await db
      .selectFrom('pop_records')
      .select('seq')
      .where((eb) => liveInScope(eb, scope, nowMicros))
      .where('record_key', '=', recordKey)
      .executeTakeFirst();
    if (!row) throw notFound('record');
    return toBigInt(row.seq);
  }

  async addAttachment(
    scope: Scope,
    recordKey: string,
    upload: AttachmentUpload,
    upsert: boolean,
    now: Date,
  ): Promise<StoredAttachmentMeta> {
    const nowMicros = dateToEpochMicros(now);
    const recordSeq = await this.#liveRecordSeq(this.#db, scope, recordKey, nowMicros);
    // The content goes in under an uncommitted row, outside any transaction: a slow upload must not hold
    // SQLite's single connection. Readers ignore the row until the short commit transaction below.
    const pending = await insertPendingAttachment(this.#db, recordSeq, upload, nowMicros);
    const pendingId = toBigInt(pending.id);
    try {
      const content = await writeContent(this.#db, pendingId, upload.content, upload.maxBytes);
      return await this.#db
        .transaction()
        .execute((trx) =>
          commitAttachment(trx, this.#flavour, { recordSeq, pending, upload, upsert, content, nowMicros }),
        );
    } catch (error) {
      await this.#db
        .deleteFrom('pop_attachments')
        .where('id', '=', pendingId)
        .execute()
        .catch(() => undefined);
      // A chunk insert fails on its foreign key when the record was deleted during the upload.
      if (error instanceof AttachmentTooLargeError || error instanceof NotFoundError) throw error;
      const stillThere = await this.#db
        .selectFrom('pop_records')
        .select('seq')
        .where('seq', '=', recordSeq)
        .executeTakeFirst()
        .catch(() => undefined);
      throw stillThere ? error : notFound('record');
    }
  }

  async #findAttachment(db: Db, scope: Scope, recordKey: string, fileId: string, now: Date) {
    const nowMicros = dateToEpochMicros(now);
    const row = await selectAttachment(db, scope, recordKey, fileId, nowMicros);
    if (row) return row;
    // Tell a missing record from a missing attachment only in the message; both are 404.
    await this.#liveRecordSeq(db, scope, recordKey, nowMicros);
    throw notFound('attachment');
  }

  async getAttachmentMeta(
    scope: Scope,
    recordKey: string,
    fileId: string,
    now: Date,
  ): Promise<StoredAttachmentMeta> {
    return rowToAttachmentMeta(await this.#findAttachment(this.#db, scope, recordKey, fileId, now));
  }

  async getAttachmentFile(
    scope: Scope,
    recordKey: string,
    fileId: string,
    now: Date,
  ): Promise<{ meta: StoredAttachmentMeta; content: Readable }> {
    const row = await this.#findAttachment(this.#db, scope, recordKey, fileId, now);
    const meta = rowToAttachmentMeta(row);
    return { meta, content: readContent(this.#db, toBigInt(row.id), meta.size) };
  }

  async updateAttachmentMeta(
    scope: Scope,
    recordKey: string,
    fileId: string,
    patch: { filename?: string | undefined; mime_type?: string | undefined },
    now: Date,
  ): Promise<StoredAttachmentMeta> {
    return this.#db.transaction().execute(async (trx) => {
      const row = await this.#findAttachment(trx, scope, recordKey, fileId, now);
      const updated = {
        ...row,
        filename: patch.filename ?? row.filename,
        mime_type: patch.mime_type ?? row.mime_type,
        updated_at: dateToEpochMicros(now),
      };
      await trx
        .updateTable('pop_attachments')
        .set({ filename: updated.filename, mime_type: updated.mime_type, updated_at: updated.updated_at })
        .where('id', '=', toBigInt(row.id))
        .execute();
      return rowToAttachmentMeta(updated);
    });
  }

  async deleteAttachment(scope: Scope, recordKey: string, fileId: string, now: Date): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      const row = await this.#findAttachment(trx, scope, recordKey, fileId, now);
      await trx.deleteFrom('pop_attachments').where('id', '=', toBigInt(row.id)).execute();
    });
  }

  async sweepExpired(now: Date): Promise<number> {
    const nowMicros = dateToEpochMicros(now);
    const swept = await this.#db
      .deleteFrom('pop_records')
      .where('expires_at', '<=', nowMicros)
      .executeTakeFirst();
    await this.#db
      .deleteFrom('pop_attachments')
      .where('committed', '=', 0)
      .where('created_at', '<', nowMicros - STALE_UPLOAD_MICROS)
      .execute();
    await this.#flavour.refreshStatistics?.(this.#db);
    return Number(swept.numDeletedRows);
  }

  async sseKey(_scope: Scope, candidate: Uint8Array): Promise<Uint8Array> {
    await this.#db
      .insertInto('pop_settings')
      .values({ name: SSE_KEY_SETTING, value: Buffer.from(candidate).toString('base64') })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const row = await this.#db
      .selectFrom('pop_settings')
      .select('value')
      .where('name', '=', SSE_KEY_SETTING)
      .executeTakeFirstOrThrow();
    return Buffer.from(row.value, 'base64');
  }

  scopes(now: Date): Promise<ScopeSummary[]> {
    return listScopes(this.#db, now);
  }

  inspectRecords(
    scope: InspectedScope,
    options: InspectRecordsOptions,
    now: Date,
  ): Promise<InspectedRecordsPage> {
    return inspectRecords(this.#db, scope, options, now);
  }

  inspectRecord(scope: InspectedScope, recordKey: string, now: Date): Promise<InspectedRecord> {
    return inspectRecord(this.#templates, this.#db, scope, recordKey, now);
  }

  exportRecords(scope: InspectedScope, now: Date): AsyncIterable<InspectedRecord> {
    return exportRecords(this.#templates, this.#db, scope, now);
  }

  resetScope(scope: InspectedScope): Promise<number> {
    return resetScope(this.#db, scope);
  }

  async reset(): Promise<void> {
    // Attachments and chunks follow through ON DELETE CASCADE.
    await this.#db.deleteFrom('pop_records').execute();
  }

  async ping(): Promise<boolean> {
    try {
      await sql`select 1`.execute(this.#db);
      return true;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    this.#closed ??= this.#db.destroy();
    return this.#closed;
  }
}
