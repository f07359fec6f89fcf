/**
 * Group commit: writes that arrive in the same event-loop turn share one transaction (one fsync on SQLite
 * files), each still all-or-nothing.
 */
// Not the global: fake timers in a caller's tests must not stall writes.
import { setImmediate } from 'node:timers';
import type { Kysely } from 'kysely';
import type { PopDatabase } from './pop-database.js';

type Db = Kysely<PopDatabase>;

/** A write waiting for the next group commit. */
interface QueuedWrite<TWrite, TResult> {
  readonly write: TWrite;
  readonly resolve: (result: TResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Queues writes and commits each event-loop turn's writes together; `apply` runs one write inside the
 * given transaction.
 *
 * @example
 * declare const db: Kysely<PopDatabase>;
 * const group = new GroupCommit(db, async (trx, n: number) => n * 2);
 * await group.submit(21); // 42, committed with whatever else arrived in the same turn
 */
export class GroupCommit<TWrite, TResult> {
  readonly #db: Db;
  readonly #apply: (trx: Db, write: TWrite) => Promise<TResult>;
  #queued: QueuedWrite<TWrite, TResult>[] = [];

  constructor(db: Db, apply: (trx: Db, write: TWrite) => Promise<TResult>) {
    this.#db = db;
    this.#apply = apply;
  }

  /** Resolves once `write` is committed (durably, on SQLite files). */
  submit(write: TWrite): Promise<TResult> {
    return new Promise((resolve, reject) => {
      this.#queued.push({ write, resolve, reject });
      // Requests read in the same event-loop turn join one group; a lone write waits only for that turn.
      if (this.#queued.length === 1) setImmediate(() => void this.#flushQueued());
    });
  }

  /**
   * Commits the queued writes in one transaction, each still all-or-nothing: when any of them fails, the
   * group is rolled back and every write is retried alone, so only the failing one fails.
   */
  async #flushQueued(): Promise<void> {
    const group = this.#queued;
    this.#queued = [];
    if (group.length > 1) {
      try {
        const results = await this.#db.transaction().execute(async (trx) => {
          const stored: TResult[] = [];
          for (const w of group) stored.push(await this.#apply(trx, w.write));
          return stored;
        });
        for (const [i, w] of group.entries()) w.resolve(results[i]!);
        return;
      } catch {
        // Fall through: nothing of the group was committed.
      }
    }
    for (const w of group)
      await this.#db
        .transaction()
        .execute((trx) => this.#apply(trx, w.write))
        .then(w.resolve, w.reject);
  }
}
