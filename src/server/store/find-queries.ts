/**
 * A find's queries (sizes, page, count), compiled once per filter shape. Building and compiling them with
 * kysely cost more per find than the page's SQL does on SQLite; filters of one shape (the same fields,
 * operators, list lengths, value types, sort and first-page-or-not) give the same SQL, so a shape's
 * templates are reused and only the values are read from each request, with the same checks and
 * conversions compileFilter makes (find-compiler.ts).
 */
import { type ExpressionBuilder, type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { FindRequest, WireFilter } from '../../wire/index.js';
import { applySort, compileFilter, type FilterBinder } from './find-compiler.js';
import { liveInScopeSlots } from './live-records.js';
import type { Int64Read, PopDatabase } from './pop-database.js';
import { QueryTemplate, type SlotOf } from './query-template.js';
import { packedRecord, RENDERED_ROW_COLUMNS, renderedRecordJson, renderedSealed } from './record-row.js';
import type { Scope } from './record-store.js';
import type { SqlFlavour } from './sql-flavour.js';

/** Slots of every find query: scope, now, page bounds, then the filter's parameters. */
const ENVIRONMENT = 0;
const COUNTRY = 1;
const NOW = 2;
const LIMIT = 3;
const OFFSET = 4;
const FIRST_FILTER_SLOT = 5;

/** Shapes kept per store; filters with long, varying `in` lists could otherwise grow the cache without end. */
const SHAPE_CAPACITY = 256;

type Db = Kysely<PopDatabase>;

/**
 * A value's shape: its structure with every string, number and other scalar replaced by its type (an empty
 * string apart, as `$like` refuses it). `undefined` for values a shape cannot stand for (class instances),
 * which are compiled afresh each time. Sort directions are part of the SQL, so `keepStrings` keeps them.
 */
function shapeOf(value: unknown, keepStrings: boolean): string | undefined {
  switch (typeof value) {
    case 'string':
      return keepStrings ? JSON.stringify(value) : value === '' ? 'e' : 's';
    case 'number':
      return 'n';
    case 'bigint':
      return 'b';
    case 'boolean':
      return 't';
    case 'undefined':
      return 'u';
    case 'object': {
      if (value === null) return 'z';
      let text = Array.isArray(value) ? '[' : '{';
      if (Array.isArray(value)) {
        for (const item of value) {
          const shape = shapeOf(item, keepStrings);
          if (shape === undefined) return undefined;
          text += `${shape},`;
        }
        return `${text}]`;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return undefined;
      for (const key of Object.keys(value)) {
        const shape = shapeOf((value as Record<string, unknown>)[key], keepStrings);
        if (shape === undefined) return undefined;
        text += `${JSON.stringify(key)}:${shape},`;
      }
      return `${text}}`;
    }
    default:
      return undefined;
  }
}

type Read = (filter: WireFilter) => unknown;

/** The compiled queries of one find shape. */
export class FindShape {
  readonly #reads: Read[] = [];
  readonly size;
  readonly page;
  /** The page as rendered rows (record-row.ts `renderedTail`); undefined where the database has no jsonObject. */
  readonly renderedPage;
  readonly count;

  /** Compiles the queries for `request`'s shape; throws compileFilter's errors for an invalid filter. */
  constructor(db: Db, flavour: SqlFlavour, request: FindRequest) {
    const { filter } = request;
    const { sort, offset } = request.options;
    // Every compilation of the filter binds its parameters in the same order, so they share slots.
    const filtered = (slot: SlotOf) => (eb: ExpressionBuilder<PopDatabase, 'pop_records'>) => {
      const reads: Read[] = [];
      const bind: FilterBinder = (_param, read) => {
        reads.push(read);
        return slot(FIRST_FILTER_SLOT + reads.length - 1);
      };
      const expression = compileFilter(eb, filter, flavour, bind);
      this.#reads.splice(0, this.#reads.length, ...reads);
      return expression;
    };
    const matches = (slot: SlotOf) =>
      db
        .selectFrom('pop_records')
        .where((eb) => liveInScopeSlots(eb, slot))
        .where(filtered(slot));
    const pageSeqs = (slot: SlotOf) =>
      applySort(matches(slot).select('seq'), sort).limit(slot(LIMIT)).offset(slot(OFFSET));
    this.size = new QueryTemplate((slot) =>
      db
        .selectFrom('pop_records')
        .select([
          sql<Int64Read | null>`sum(coalesce(octet_length(body), 0) + coalesce(octet_length(precommit_body), 0))`.as(
            'bytes',
          ),
          sql<Int64Read>`count(*)`.as('n'),
        ])
        .where('seq', 'in', pageSeqs(slot)),
    );
    // Sorting every match whole is slow: SQLite's sorter keeps offset + limit rows with their 1 KB bodies,
    // and PostgreSQL packs every match before sorting. So the page is picked by sort keys alone and only
    // its rows are read whole (SQLite, offset 900 of 1000: 2.5 -> 1.3 ms; PostgreSQL, first page: 8.6 ->
    // 4.1 ms). A first page on SQLite is the exception: one pass is cheaper than the second lookup.
    const pageOf = <Row>(
      slot: SlotOf,
      select: (
        qb: SelectQueryBuilder<PopDatabase, 'pop_records', object>,
      ) => SelectQueryBuilder<PopDatabase, 'pop_records', Row>,
    ) =>
      offset === 0 && flavour.name === 'sqlite'
        ? applySort(select(matches(slot)), sort).limit(slot(LIMIT))
        : applySort(select(db.selectFrom('pop_records')).where('seq', 'in', pageSeqs(slot)), sort);
    const packed = packedRecord(flavour).as('packed');
    this.page = new QueryTemplate((slot) => pageOf(slot, (qb) => qb.select(['seq', packed])));
    const json = renderedRecordJson(flavour)?.as('json');
    this.renderedPage =
      json &&
      new QueryTemplate((slot) =>
        pageOf(slot, (qb) =>
          qb.select(['seq', json, renderedSealed().as('sealed'), ...RENDERED_ROW_COLUMNS]),
        ),
      );
    // `meta.total`: every match minus the expired ones, in one statement. No index holds `expires_at`
    // beside the filtered column, so a count that tests expiry reads every matching row; without that test
    // the filter's own index answers alone, and the expired ones (the sweeper removes them within a
    // minute) come from the expiry index. SQLite, 1,000,000 matches: 672 ms -> 61 ms.
    this.count = new QueryTemplate((slot) => {
      const matching = () =>
        db
          .selectFrom('pop_records')
          .where('pop_records.environment_id', '=', slot(ENVIRONMENT))
          .where('pop_records.country', '=', slot(COUNTRY))
          .where(filtered(slot));
      const expired = matching()
        .where('pop_records.expires_at', '<=', slot(NOW))
        .select(sql<Int64Read>`count(*)`.as('expired'));
      return matching().select(sql<Int64Read>`count(*) - (${expired})`.as('n'));
    });
  }

  /** The values of every query of this shape for `request` (same shape), checked as compileFilter checks them. */
  values(scope: Scope, nowMicros: bigint, request: FindRequest): unknown[] {
    const values: unknown[] = [
      scope.environmentId,
      scope.country,
      nowMicros,
      request.options.limit,
      request.options.offset,
    ];
    for (const read of this.#reads) values.push(read(request.filter));
    return values;
  }
}

/**
 * The find queries of a store, by shape.
 *
 * @example
 * declare const db: Kysely<PopDatabase>;
 * declare const flavour: SqlFlavour;
 * declare const scope: Scope;
 * declare const request: Parameters<FindQueries['get']>[2];
 * const nowMicros = BigInt(Date.now()) * 1000n;
 * const queries = new FindQueries(db, flavour);
 * const { shape, values } = queries.get(scope, nowMicros, request);
 * const { rows } = await shape.page.execute(db, values);
 */
export class FindQueries {
  readonly #db: Db;
  readonly #flavour: SqlFlavour;
  readonly #shapes = new Map<string, FindShape>();

  constructor(db: Db, flavour: SqlFlavour) {
    this.#db = db;
    this.#flavour = flavour;
  }

  /** The shape's queries and this request's values for them; throws the filter's validation errors. */
  get(scope: Scope, nowMicros: bigint, request: FindRequest): { shape: FindShape; values: unknown[] } {
    const filterShape = shapeOf(request.filter, false);
    const sortShape = shapeOf(request.options.sort, true);
    const key =
      filterShape === undefined || sortShape === undefined
        ? undefined
        : `${request.options.offset === 0 ? 'first' : 'next'} ${sortShape} ${filterShape}`;
    let shape = key === undefined ? undefined : this.#shapes.get(key);
    if (shape === undefined) {
      shape = new FindShape(this.#db, this.#flavour, request);
      if (key !== undefined && this.#shapes.size < SHAPE_CAPACITY) this.#shapes.set(key, shape);
    }
    return { shape, values: shape.values(scope, nowMicros, request) };
  }
}
