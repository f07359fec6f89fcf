/**
 * Golden SQL for the find compiler: the shapes the semantics tests rely on, and proof that no value is
 * ever part of the SQL text.
 */
import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../../../src/errors.js';
import { applySort, compileFilter } from '../../../src/server/store/find-compiler.js';
import type { PopDatabase } from '../../../src/server/store/pop-database.js';
import { postgresFlavour, sqliteFlavour } from '../../../src/server/store/sql-flavour.js';
import { findRequestSchema, type WireFilter } from '../../../src/wire/index.js';

const db = new Kysely<PopDatabase>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new SqliteIntrospector(k),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

function compile(filter: WireFilter, flavour = sqliteFlavour) {
  const query = db
    .selectFrom('pop_records')
    .select('record_key')
    .where((eb) => compileFilter(eb, filter, flavour))
    .compile();
  return {
    sql: query.sql.replace(/^select "record_key" from "pop_records" where /, ''),
    parameters: query.parameters,
  };
}

describe('compileFilter', () => {
  it.each<[WireFilter, string, unknown[]]>([
    [{ key1: 'a' }, '"key1" = ?', ['a']],
    [{ key1: ['a', 'b'] }, '"key1" in (?, ?)', ['a', 'b']],
    [{ key1: null }, '"key1" is null', []],
    [{ key1: { $not: null } }, '"key1" is not null', []],
    [{ key1: { $not: 'a' } }, '(not "key1" = ? or "key1" is null)', ['a']],
    [{ key1: { $not: ['a', 'b'] } }, '(not "key1" in (?, ?) or "key1" is null)', ['a', 'b']],
    [{ key1: { $like: "50%_'; drop" } }, 'instr("key1", ?) > 0', ["50%_'; drop"]],
    [{ range_key1: { $gt: 1, $lte: 5 } }, '("range_key1" > ? and "range_key1" <= ?)', [1, 5]],
    [{ expires_at: { $gte: '1970-01-01T00:00:01+00:00' } }, '"expires_at" >= ?', [1_000_000n]],
    [
      { $or: [{ key1: 'a' }, { key2: 'b', key3: null }] },
      '("key1" = ? or ("key2" = ? and "key3" is null))',
      ['a', 'b'],
    ],
  ])('%j → %s', (filter, sql, parameters) => {
    expect(compile(filter)).toEqual({ sql, parameters });
  });

  it('search_keys tests all twenty keys with a bound parameter each', () => {
    const { sql, parameters } = compile({ search_keys: "it's" });
    expect(sql.match(/instr\("key\d+", \?\) > 0/g)).toHaveLength(20);
    expect(parameters).toEqual(Array(20).fill("it's"));
  });

  it('uses strpos on PostgreSQL', () => {
    expect(compile({ key2: { $like: 'x' } }, postgresFlavour('public')).sql).toBe('strpos("key2", ?) > 0');
  });

  it('never puts a value into the SQL text', () => {
    const canary = 'canary\'"--;%_\\';
    const { sql } = compile({
      key1: canary,
      key2: { $not: [canary] },
      key3: { $like: canary },
      $or: [{ key4: canary }, { profile_key: { $not: canary } }],
    });
    expect(sql).not.toContain('canary');
  });

  it.each<[WireFilter, string]>([
    [{ body: 'x' }, 'body'],
    [{ key1: { $gt: 'a' } }, 'key1'],
    [{ range_key1: { $like: 'a' } }, 'range_key1'],
    [{ range_key1: 'one' }, 'range_key1'],
    [{ range_key1: 2 ** 64 }, 'range_key1'],
    [{ expires_at: 'soon' }, 'expires_at'],
    [{ $or: [{ range_key1: 1 }, { key1: 'a' }] }, '$or.0.range_key1'],
  ])('rejects %j with InputValidationError naming %s', (filter, path) => {
    const error = (() => {
      try {
        compile(filter);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).message.startsWith(`${path}:`)).toBe(true);
  });
});

describe('applySort', () => {
  it('puts nulls where the largest value goes and breaks ties by insertion', () => {
    const request = findRequestSchema.parse({ options: { sort: [{ key1: 'asc' }, { range_key1: 'desc' }] } });
    const { sql } = applySort(
      db.selectFrom('pop_records').select('record_key'),
      request.options.sort,
    ).compile();
    expect(sql).toBe(
      'select "record_key" from "pop_records" order by "key1" asc nulls last, "range_key1" desc nulls first, "seq" asc',
    );
  });
});
