/**
 * The storage seam of the local PoP: the HTTP layer (routes) talks only to this interface; the kysely
 * adapters (SQLite, PostgreSQL) implement it. Values are opaque: the store never hashes, lower-cases or
 * decrypts anything (docs/protocol.md#opaque-values). SSE at-rest encryption happens above this seam.
 */
import type { Readable } from 'node:stream';
import type { FindRequest, WireAttachmentMeta, WireFullRecord, WireWriteRecord } from '../../wire/index.js';
import type { StoreInspection } from './store-inspection.js';

/** Where a record lives: environments and countries never see each other's data. */
export interface Scope {
  readonly environmentId: string;
  readonly country: string;
}

/** A stored attachment's metadata, without the per-request `download_link`. */
export type StoredAttachmentMeta = Omit<WireAttachmentMeta, 'download_link'>;

/** A stored record: the full wire shape, with attachments lacking `download_link` (added by the routes). */
export type StoredRecord = Omit<WireFullRecord, 'attachments'> & { attachments: StoredAttachmentMeta[] };

/** Result of a find. */
export interface StoreFindResult {
  readonly records: StoredRecord[];
  readonly total: number;
}

/**
 * A found record as the wire JSON the database built for it, for answers that pass records through
 * unchanged (see `RecordStore.findRendered`). The record's text up to its attachments is `json` without
 * its closing brace, then `tail`: what `stringifyJson` writes for the {@link StoredRecord} up to there.
 */
export interface RenderedRecord {
  /** The fields up to `version` as a JSON object text, as the database wrote it. */
  readonly json: string;
  /** The members after `version`, from `,"is_encrypted":` to `expires_at`'s value. */
  readonly tail: string;
  /** `body` or `precommit_body` holds a sealed SSE value (sse-cipher.ts), to be opened before answering. */
  readonly sealed: boolean;
  readonly attachments: StoredAttachmentMeta[];
}

/** Result of a rendered find. */
export interface StoreRenderedFindResult {
  readonly records: RenderedRecord[];
  readonly total: number;
}

/** A new attachment's content, streamed. */
export interface AttachmentUpload {
  readonly filename: string;
  readonly mimeType: string;
  readonly content: Readable;
  /** Maximum bytes accepted; the store rejects larger content with {@link AttachmentTooLargeError}. */
  readonly maxBytes: number;
}

/** Thrown by stores for a missing record/attachment; the routes answer 404. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/**
 * Thrown by `find` when the bodies of the requested page add up to more than `maxBytes`, before any of them
 * is read: the routes answer 400 saying how to page.
 */
export class FindTooLargeError extends Error {
  override readonly name = 'FindTooLargeError';
  /** Body bytes of the page asked for. */
  readonly pageBytes: number;
  /** The budget it passed. */
  readonly maxBytes: number;
  /** How many records the page would have held. */
  readonly records: number;

  constructor(pageBytes: number, maxBytes: number, records: number) {
    super(`the page holds ${pageBytes} body bytes, more than the ${maxBytes} a find answers`);
    this.pageBytes = pageBytes;
    this.maxBytes = maxBytes;
    this.records = records;
  }
}

/** Options of `RecordStore.find`. */
export interface StoreFindOptions {
  /** Largest sum of `body` and `precommit_body` bytes a page may hold; unlimited when absent. */
  readonly maxBytes?: number | undefined;
}

/** Thrown when streamed attachment content exceeds `maxBytes`; the routes answer 413. */
export class AttachmentTooLargeError extends Error {
  override readonly name = 'AttachmentTooLargeError';
}

/**
 * One database (SQLite file/memory, or PostgreSQL). `now` is passed in so TTL and timestamps are
 * consistent within a request and testable. The inspector's reads come from {@link StoreInspection}.
 */
export interface RecordStore extends StoreInspection {
  /** Creates or migrates the schema. Idempotent. */
  init(): Promise<void>;
  /** Upsert by record_key; keeps created_at, sets updated_at, keeps attachments. Returns the stored record. */
  write(scope: Scope, record: WireWriteRecord, now: Date): Promise<StoredRecord>;
  /** Atomic: all records or none. Duplicate keys in one batch: the last one wins. */
  batchWrite(scope: Scope, records: WireWriteRecord[], now: Date): Promise<StoredRecord[]>;
  /** Throws NotFoundError when missing or expired. */
  read(scope: Scope, recordKey: string, now: Date): Promise<StoredRecord>;
  /** Filter/sort/limit/offset in SQL; expired records never count. */
  find(scope: Scope, request: FindRequest, now: Date, options?: StoreFindOptions): Promise<StoreFindResult>;
  /**
   * `find` with each record as the JSON text the database wrote for it, which the PoP answers without
   * parsing and re-serialising it; `undefined` when this database does not build JSON the same way
   * `stringifyJson` would (the caller then uses `find`).
   */
  findRendered?(
    scope: Scope,
    request: FindRequest,
    now: Date,
    options?: StoreFindOptions,
  ): Promise<StoreRenderedFindResult | undefined>;
  /** Deletes the record and its attachments. Throws NotFoundError when missing or expired. */
  delete(scope: Scope, recordKey: string, now: Date): Promise<void>;
  /** Atomic; throws NotFoundError (and deletes nothing) when any key is missing. */
  batchDelete(scope: Scope, recordKeys: string[], now: Date): Promise<void>;
  /** POST adds; with `upsert` an attachment with the same filename is replaced (keeping its file_id). */
  addAttachment(
    scope: Scope,
    recordKey: string,
    upload: AttachmentUpload,
    upsert: boolean,
    now: Date,
  ): Promise<StoredAttachmentMeta>;
  /** One attachment's metadata. Throws NotFoundError when the record or the file is missing. */
  getAttachmentMeta(
    scope: Scope,
    recordKey: string,
    fileId: string,
    now: Date,
  ): Promise<StoredAttachmentMeta>;
  /** Streams the content. */
  getAttachmentFile(
    scope: Scope,
    recordKey: string,
    fileId: string,
    now: Date,
  ): Promise<{ meta: StoredAttachmentMeta; content: Readable }>;
  /** Renames an attachment or changes its MIME type. Throws NotFoundError when missing. */
  updateAttachmentMeta(
    scope: Scope,
    recordKey: string,
    fileId: string,
    patch: { filename?: string | undefined; mime_type?: string | undefined },
    now: Date,
  ): Promise<StoredAttachmentMeta>;
  /** Deletes one attachment and its content. Throws NotFoundError when missing. */
  deleteAttachment(scope: Scope, recordKey: string, fileId: string, now: Date): Promise<void>;
  /** Physically removes expired records (the sweeper). Returns how many went. */
  sweepExpired(now: Date): Promise<number>;
  /**
   * The SSE key kept in the database that holds `scope`'s records: the stored one, or `candidate` after
   * storing it when there is none yet (the first caller wins a race). Keeping the key with the data is
   * what lets SSE records outlive the process.
   */
  sseKey(scope: Scope, candidate: Uint8Array): Promise<Uint8Array>;
  /** Removes everything (admin reset). */
  reset(): Promise<void>;
  /** Cheap liveness probe. */
  ping(): Promise<boolean>;
  /** Releases the database connection(s); the store is unusable afterwards. */
  close(): Promise<void>;
}
