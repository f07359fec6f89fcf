/**
 * Queries of a fixed shape, compiled once. kysely builds and compiles every query afresh, which on SQLite
 * costs more than running a small statement (a one-record write spent twice as long in kysely's builders
 * and compiler as in SQLite). A template is built with slot markers where values go; each execution binds
 * new values into the same SQL text, so SQLite's statement cache and PostgreSQL's plans are reused too.
 * Values are always bound parameters, never spliced into the SQL.
 */
import { type Compilable, CompiledQuery, type Kysely, type QueryResult } from 'kysely';

/** Marks where the value at `index` of an execution's values goes. */
class Slot {
  constructor(readonly index: number) {}
}

/** Returns the marker for the execution value at `index`, typed to fit wherever kysely takes a value. */
export type SlotOf = (index: number) => never;

/**
 * A compiled query with numbered slots for its values.
 *
 * @example
 * declare const db: Kysely<PopDatabase>;
 * const byKey = new QueryTemplate((slot) =>
 *   db.selectFrom('pop_records').select('seq').where('record_key', '=', slot(0)),
 * );
 * const { rows } = await byKey.execute(db, ['a-record-key']);
 */
export class QueryTemplate<Row = unknown> {
  readonly #sql: string;
  readonly #bindings: readonly unknown[];

  /** `build` must give the same SQL for any values: slots only where kysely binds a parameter. */
  constructor(build: (slot: SlotOf) => Compilable<Row>) {
    const compiled = build((index) => new Slot(index) as never).compile();
    this.#sql = compiled.sql;
    this.#bindings = compiled.parameters;
  }

  /** Runs the query on `db` (a transaction or a connection, too) with `values` in the slots. */
  execute<DB>(db: Kysely<DB>, values: readonly unknown[]): Promise<QueryResult<Row>> {
    const parameters = this.#bindings.map((p) => (p instanceof Slot ? values[p.index] : p));
    return db.executeQuery<Row>(CompiledQuery.raw(this.#sql, parameters));
  }
}

/**
 * Templates by shape key (e.g. `write:3` for a three-record upsert), built on first use. Shapes beyond
 * `capacity` are built each time rather than cached, so odd batch sizes cannot grow the cache.
 */
export class QueryTemplates {
  readonly #cache = new Map<string, QueryTemplate<unknown>>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** The template for `key`; `build` runs only the first time a key is seen. */
  get<Row>(key: string, build: (slot: SlotOf) => Compilable<Row>): QueryTemplate<Row> {
    const cached = this.#cache.get(key);
    if (cached) return cached as QueryTemplate<Row>;
    const template = new QueryTemplate(build);
    if (this.#cache.size < this.#capacity) this.#cache.set(key, template as QueryTemplate<unknown>);
    return template;
  }
}

/** Slots `first`, `first + 1`, … for a list of `count` values. */
export function slotList(slot: SlotOf, first: number, count: number): never[] {
  return Array.from({ length: count }, (_, i) => slot(first + i));
}
