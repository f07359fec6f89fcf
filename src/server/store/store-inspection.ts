/**
 * What the inspector (`/_pop/ui` and its JSON routes) reads from a store: scopes with their counts, and
 * records as they are stored — hashed keys, ciphertext, expired rows the sweeper has not removed yet.
 * Every listing is paged in SQL; nothing here reads a whole table into memory.
 */
import type { RangeKey, StringKey } from '../../fields.js';
import type { StoredAttachmentMeta } from './record-store.js';

/** One environment × country and what it holds. */
export interface ScopeSummary {
  readonly environmentId: string;
  readonly country: string;
  /** Records not expired. */
  readonly records: number;
  /** Records past `expires_at` that the sweeper has not removed yet. */
  readonly expired: number;
  /** Committed attachments of the scope's records (expired ones included). */
  readonly attachments: number;
}

/** The key columns of a stored row as stored; range keys as decimal text, since they are 64-bit. */
export type InspectedKeys = { readonly [K in StringKey]: K extends 'record_key' ? string : string | null } & {
  readonly [K in RangeKey]: string | null;
};

/** One row of a records page: the keys as stored, the body summarised (its size and first characters). */
export type InspectedRecordSummary = InspectedKeys & {
  /** Insertion sequence (decimal text): the order pages follow, newest first. */
  readonly seq: string;
  readonly version: string;
  readonly is_encrypted: boolean | null;
  /** Bytes of `body` as stored, or null when there is none. */
  readonly body_bytes: number | null;
  /** The first characters of `body` (enough to show `2:`, `pt:`, `pop-sse:1:` or a custom prefix). */
  readonly body_prefix: string | null;
  readonly precommit_body_bytes: number | null;
  readonly expires_at: string | null;
  readonly created_at: string;
  readonly updated_at: string;
  /** Past `expires_at`: invisible to clients, waiting for the sweeper. */
  readonly expired: boolean;
  readonly attachments: number;
};

/** One stored row in full: every column as stored, and its attachments' metadata. */
export type InspectedRecord = Omit<InspectedRecordSummary, 'body_prefix' | 'attachments'> & {
  readonly body: string | null;
  readonly precommit_body: string | null;
  readonly attachments: readonly StoredAttachmentMeta[];
};

/** Options of {@link StoreInspection.inspectRecords}. */
export interface InspectRecordsOptions {
  /** Page size (the routes allow 1..500). */
  readonly limit: number;
  readonly offset: number;
  /** Only rows where any key field equals one of these values (a hash, or a plain SSE/OFF key). */
  readonly keys?: readonly string[] | undefined;
}

/** A page of {@link InspectedRecordSummary}, newest first, and how many rows match in all. */
export interface InspectedRecordsPage {
  readonly records: InspectedRecordSummary[];
  readonly total: number;
}

/** The inspector's read access (and per-scope reset) on one store. */
export interface StoreInspection {
  /** Every scope holding at least one row, ordered by environment and country. */
  scopes(now: Date): Promise<ScopeSummary[]>;
  /** One page of a scope's rows, expired ones included (marked). */
  inspectRecords(
    scope: InspectedScope,
    options: InspectRecordsOptions,
    now: Date,
  ): Promise<InspectedRecordsPage>;
  /** One row in full; throws NotFoundError when there is none (expired rows are still found). */
  inspectRecord(scope: InspectedScope, recordKey: string, now: Date): Promise<InspectedRecord>;
  /** Every row of a scope in insertion order, read a few hundred at a time (for NDJSON export). */
  exportRecords(scope: InspectedScope, now: Date): AsyncIterable<InspectedRecord>;
  /** Deletes every row of one scope with its attachments; returns how many rows went. */
  resetScope(scope: InspectedScope): Promise<number>;
}

/** A scope as the inspector addresses it (the same shape as the store's `Scope`). */
export interface InspectedScope {
  readonly environmentId: string;
  readonly country: string;
}
