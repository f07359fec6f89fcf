/**
 * Data residency on one's own infrastructure: one RecordStore facade whose calls go to the database
 * configured for the call's country (docs/architecture.md#the-local-pop), e.g. Germany's records to a PostgreSQL in Frankfurt and
 * everything else to a local SQLite file.
 */
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { formatIssues, StorageConfigValidationError, zodIssues } from '../../errors.js';
import type { FindRequest, WireWriteRecord } from '../../wire/index.js';
import {
  type AttachmentUpload,
  NotFoundError,
  type RecordStore,
  type Scope,
  type StoredAttachmentMeta,
  type StoredRecord,
  type StoreFindOptions,
  type StoreFindResult,
  type StoreRenderedFindResult,
} from './record-store.js';
import type {
  InspectedRecord,
  InspectedRecordsPage,
  InspectedScope,
  InspectRecordsOptions,
  ScopeSummary,
} from './store-inspection.js';
import { createStoreFromUrl } from './store-url.js';

/** Country code (two letters, any case) or `'*'` for every other country → database URL. */
export type CountryRoutes = Readonly<Record<string, string>>;

/** The call's country has no route and there is no `'*'` route; the routes answer 404. */
export class CountryNotRoutedError extends NotFoundError {}

const countryRoutesSchema = z
  .record(
    z.string().regex(/^(?:[A-Za-z]{2}|\*)$/, "route keys must be two-letter country codes or '*'"),
    z.string().min(1, 'each route needs a database URL'),
  )
  .refine((routes) => Object.keys(routes).length > 0, 'give at least one route')
  .refine(
    (routes) => new Set(Object.keys(routes).map((k) => k.toLowerCase())).size === Object.keys(routes).length,
    'a country appears twice (route keys are case-insensitive)',
  );

class CountryRouterStore implements RecordStore {
  readonly #byCountry: ReadonlyMap<string, RecordStore>;
  readonly #fallback: RecordStore | undefined;
  readonly #all: readonly RecordStore[];

  constructor(
    byCountry: ReadonlyMap<string, RecordStore>,
    fallback: RecordStore | undefined,
    all: RecordStore[],
  ) {
    this.#byCountry = byCountry;
    this.#fallback = fallback;
    this.#all = all;
  }

  /** Throws inside the async methods, so callers always get a rejected promise, never a sync throw. */
  #route(scope: Scope): RecordStore {
    const store = this.#byCountry.get(scope.country.toLowerCase()) ?? this.#fallback;
    if (!store) throw new CountryNotRoutedError('no database is configured for this country');
    return store;
  }

  async #everyStore<T>(fn: (store: RecordStore) => Promise<T>): Promise<T[]> {
    // allSettled: one failing database must not leave the others' work (e.g. close) undone.
    const results = await Promise.allSettled(this.#all.map(fn));
    const failure = results.find((r) => r.status === 'rejected');
    if (failure) throw failure.reason;
    return results.map((r) => (r as PromiseFulfilledResult<T>).value);
  }

  async init(): Promise<void> {
    await this.#everyStore((s) => s.init());
  }
  async write(scope: Scope, record: WireWriteRecord, now: Date): Promise<StoredRecord> {
    return this.#route(scope).write(scope, record, now);
  }
  async batchWrite(scope: Scope, records: WireWriteRecord[], now: Date): Promise<StoredRecord[]> {
    return this.#route(scope).batchWrite(scope, records, now);
  }
  async read(scope: Scope, recordKey: string, now: Date): Promise<StoredRecord> {
    return this.#route(scope).read(scope, recordKey, now);
  }
  async find(
    scope: Scope,
    request: FindRequest,
    now: Date,
    options?: StoreFindOptions,
  ): Promise<StoreFindResult> {
    return this.#route(scope).find(scope, request, now, options);
  }
  async findRendered(
    scope: Scope,
    request: FindRequest,
    now: Date,
    options?: StoreFindOptions,
  ): Promise<StoreRenderedFindResult | undefined> {
    const store = this.#route(scope);
    return store.findRendered?.(scope, request, now, options);
  }
  async delete(scope: Scope, recordKey: string, now: Date): Promise<void> {
    return this.#route(scope).delete(scope, recordKey, now);
  }
  async batchDelete(scope: Scope, recordKeys: string[], now: Date): Promise<void> {
    return this.#route(scope).batchDelete(scope, recordKeys, now);
  }
  async addAttachment(
    scope: Scope,
    recordKey: string,
    upload: AttachmentUpload,
    upsert: boolean,
    now: Date,
  ): Promise<StoredAttachmentMeta> {
    return this.#route(scope).addAttachment(scope, recordKey, upload, upsert, now);
  }
  async getAttachmentMeta(
    scope: Scope,
    recordKey: string,
    fileId: string,
    now: Date,
  ): Promise<StoredAttachmentMeta> {
    return this.#route(scope).getAttachmentMeta(scope, recordKey, fileId, now);
  }
  async getAttachmentFile(
    scope: Scope,
    recordKey: string,
    fileId: string,
    now: Date,
  ): Promise<{ meta: StoredAttachmentMeta; content: Readable }> {
    return this.#route(scope).getAttachmentFile(scope, recordKey, fileId, now);
  }
  async updateAttachmentMeta(
    scope: Scope,
    recordKey: string,
    fileId: string,
    patch: { filename?: string | undefined; mime_type?: string | undefined },
    now: Date,
  ): Promise<StoredAttachmentMeta> {
    return this.#route(scope).updateAttachmentMeta(scope, recordKey, fileId, patch, now);
  }
  async deleteAttachment(scope: Scope, recordKey: string, fileId: string, now: Date): Promise<void> {
    return this.#route(scope).deleteAttachment(scope, recordKey, fileId, now);
  }
  async sseKey(scope: Scope, candidate: Uint8Array): Promise<Uint8Array> {
    return this.#route(scope).sseKey(scope, candidate);
  }
  async sweepExpired(now: Date): Promise<number> {
    const counts = await this.#everyStore((s) => s.sweepExpired(now));
    return counts.reduce((sum, n) => sum + n, 0);
  }
  async reset(): Promise<void> {
    await this.#everyStore((s) => s.reset());
  }
  async scopes(now: Date): Promise<ScopeSummary[]> {
    // Each database holds only the countries routed to it; a country found in a database it is no longer
    // routed to (the routes changed) is left out, as the storage routes would never reach it.
    const lists = await this.#everyStore(async (s) => ({ store: s, scopes: await s.scopes(now) }));
    return lists
      .flatMap(({ store, scopes }) => scopes.filter((scope) => this.#routeOrUndefined(scope) === store))
      .sort((a, b) =>
        a.environmentId === b.environmentId
          ? a.country < b.country
            ? -1
            : 1
          : a.environmentId < b.environmentId
            ? -1
            : 1,
      );
  }
  async inspectRecords(
    scope: InspectedScope,
    options: InspectRecordsOptions,
    now: Date,
  ): Promise<InspectedRecordsPage> {
    return this.#route(scope).inspectRecords(scope, options, now);
  }
  async inspectRecord(scope: InspectedScope, recordKey: string, now: Date): Promise<InspectedRecord> {
    return this.#route(scope).inspectRecord(scope, recordKey, now);
  }
  exportRecords(scope: InspectedScope, now: Date): AsyncIterable<InspectedRecord> {
    return this.#route(scope).exportRecords(scope, now);
  }
  async resetScope(scope: InspectedScope): Promise<number> {
    return this.#route(scope).resetScope(scope);
  }
  #routeOrUndefined(scope: InspectedScope): RecordStore | undefined {
    return this.#byCountry.get(scope.country.toLowerCase()) ?? this.#fallback;
  }
  async ping(): Promise<boolean> {
    const results = await Promise.all(this.#all.map((s) => s.ping().catch(() => false)));
    return results.every(Boolean);
  }
  async close(): Promise<void> {
    await this.#everyStore((s) => s.close());
  }
}

/**
 * One RecordStore that sends each call to the database of `scope.country` (case-insensitive), or to the
 * `'*'` route for every other country; without `'*'`, other countries get {@link CountryNotRoutedError}.
 * Routes with the same URL share one database. `init`, `sweepExpired`, `reset`, `ping` and `close` reach
 * every database.
 *
 * @example
 * const store = createCountryRouter({ de: 'postgres://pop@db.example.de/pop', '*': 'sqlite:./pop.db' });
 * await store.init();
 */
export function createCountryRouter(routes: CountryRoutes): RecordStore {
  const parsed = countryRoutesSchema.safeParse(routes);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    throw new StorageConfigValidationError(`invalid country routes: ${formatIssues(issues)}`, { issues });
  }
  const byUrl = new Map<string, RecordStore>();
  const byCountry = new Map<string, RecordStore>();
  let fallback: RecordStore | undefined;
  for (const [country, url] of Object.entries(parsed.data)) {
    let store = byUrl.get(url);
    if (!store) {
      store = createStoreFromUrl(url);
      byUrl.set(url, store);
    }
    if (country === '*') fallback = store;
    else byCountry.set(country.toLowerCase(), store);
  }
  return new CountryRouterStore(byCountry, fallback, [...byUrl.values()]);
}
