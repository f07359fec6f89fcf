/**
 * Key rotation (docs/protocol.md#migration, docs/architecture.md#reliability-design): re-encrypts records whose `version` is not the current secret
 * version, and terminates even when some records cannot be decrypted.
 *
 * Each call pages through `{ version: { $not: current } }`. Decryptable records are rewritten with the
 * current secret (batch write), which takes them out of the filter; records that cannot be decrypted stay
 * in it, so the next page starts at an offset equal to the number skipped so far. The call stops once it
 * has migrated `limit` records or reached the end of the matches. `totalLeft` counts records still to
 * migrate, excluding every undecryptable record the call has seen; so once only undecryptable records
 * remain, one call pages past all of them and returns `totalLeft: 0`. Such records are reported in
 * `errors` by each call that meets them and are never rewritten.
 */
import { RANGE_KEYS, STRING_KEYS } from '../fields.js';
import type { RecordInput, StorageRecord } from '../record.js';
import type { HttpDebugResponse } from '../transport/debug-response.js';
import type { WireFilter } from '../wire/wire-types.js';
import type { FindMeta, FindRecordError } from './storage-results.js';

/** What the migration needs from the storage. */
export interface MigrationSteps {
  readonly currentVersion: () => Promise<number>;
  readonly findPage: (
    filter: WireFilter,
    options: { limit: number; offset: number },
  ) => Promise<{
    data: StorageRecord[];
    meta: FindMeta;
    errors: FindRecordError[];
    debug: HttpDebugResponse;
  }>;
  readonly rewrite: (records: RecordInput[]) => Promise<HttpDebugResponse>;
}

/** Outcome of one migration call. */
export interface MigrationOutcome {
  readonly migrated: number;
  readonly totalLeft: number;
  readonly errors: FindRecordError[];
  readonly debug: HttpDebugResponse[];
}

/**
 * The writable fields of a decoded record, to write it back unchanged (but re-encrypted).
 *
 * @example
 * const found = await storage.find('us', { version: 1 });
 * await storage.batchWrite('us', found.data.map(toRecordInput));
 */
export function toRecordInput(record: StorageRecord): RecordInput {
  const input: RecordInput = { record_key: record.record_key };
  const target = input as unknown as Record<string, unknown>;
  for (const field of STRING_KEYS)
    if (field !== 'record_key' && record[field] !== null) target[field] = record[field];
  for (const field of RANGE_KEYS) if (record[field] !== null) target[field] = record[field];
  if (record.body !== null) input.body = record.body;
  if (record.precommit_body !== null) input.precommit_body = record.precommit_body;
  if (record.expires_at !== null) input.expires_at = record.expires_at;
  return input;
}

/**
 * Runs one migration call.
 *
 * @example
 * declare const steps: MigrationSteps;
 * const { migrated, totalLeft } = await migrateOnce(steps, 100);
 */
export async function migrateOnce(steps: MigrationSteps, limit: number): Promise<MigrationOutcome> {
  const version = await steps.currentVersion();
  const filter: WireFilter = { version: { $not: version } };
  const errors: FindRecordError[] = [];
  const debug: HttpDebugResponse[] = [];
  let migrated = 0;
  let skipped = 0;
  let totalLeft = 0;
  while (migrated < limit) {
    const page = await steps.findPage(filter, { limit: limit - migrated, offset: skipped });
    debug.push(page.debug);
    errors.push(...page.errors);
    skipped += page.errors.length;
    if (page.data.length > 0) {
      debug.push(await steps.rewrite(page.data.map(toRecordInput)));
      migrated += page.data.length;
    }
    // page.meta.total counted every old-version record before this page's rewrite, the skipped ones included.
    totalLeft = Math.max(0, page.meta.total - page.data.length - skipped);
    const reachedEnd = page.meta.count === 0 || page.meta.offset + page.meta.count >= page.meta.total;
    if (reachedEnd) break;
  }
  return { migrated, totalLeft, errors, debug };
}
