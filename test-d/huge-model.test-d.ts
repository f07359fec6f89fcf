/**
 * Type-check cost guards: a 60-field domain map, a 30-call chain with its exact type, the longest legal
 * chain (147 calls), AnyQuery helpers and $if/$call. None of these may hit "Type instantiation is
 * excessively deep"; test/query/type-errors.test.ts also puts a budget on instantiations.
 */
import { expectError, expectType } from 'tsd';
import {
  type AnyQuery,
  createQueryBuilder,
  type DynamicQuery,
  type QueryExecutor,
  type RecordFieldMap,
} from '../dist/index.js';
import { type Defaults, hashed, plain, type Row } from './support/builders.js';
import { messageOf } from './support/message-of.js';

declare const executor: QueryExecutor<Row>;

// ── a 60-field domain map ───────────────────────────────────────────────────────────────────────────────

const huge = createQueryBuilder(executor, {
  config: { plainSearchKeys: true },
  fields: {
    f01: 'record_key',
    f02: 'profile_key',
    f03: 'parent_key',
    f04: 'service_key1',
    f05: 'service_key2',
    f06: 'service_key3',
    f07: 'service_key4',
    f08: 'service_key5',
    f09: 'key1',
    f10: 'key2',
    f11: 'key3',
    f12: 'key4',
    f13: 'key5',
    f14: 'key6',
    f15: 'key7',
    f16: 'key8',
    f17: 'key9',
    f18: 'key10',
    f19: 'key11',
    f20: 'key12',
    f21: 'key13',
    f22: 'key14',
    f23: 'key15',
    f24: 'key16',
    f25: 'key17',
    f26: 'key18',
    f27: 'key19',
    f28: 'key20',
    f29: 'range_key1',
    f30: 'range_key2',
    f31: 'range_key3',
    f32: 'range_key4',
    f33: 'range_key5',
    f34: 'range_key6',
    f35: 'range_key7',
    f36: 'range_key8',
    f37: 'range_key9',
    f38: 'range_key10',
    f39: 'version',
    f40: 'expires_at',
    f41: 'created_at',
    f42: 'updated_at',
    f43: 'key1',
    f44: 'key2',
    f45: 'key3',
    f46: 'range_key1',
    f47: 'range_key2',
    f48: 'created_at',
    f49: 'record_key',
    f50: 'key4',
    f51: 'key5',
    f52: 'key6',
    f53: 'range_key3',
    f54: 'range_key4',
    f55: 'expires_at',
    f56: 'key7',
    f57: 'key8',
    f58: 'key9',
    f59: 'range_key5',
    f60: 'updated_at',
  },
});

const hugeChain = huge
  .where('f01')
  .eq('a')
  .where('f02')
  .not(['b'])
  .where('f03')
  .isNull()
  .where('f04')
  .isNotNull()
  .where('f09')
  .like('x')
  .where('f10')
  .eq(['c', 'd'])
  .where('f29')
  .gt(1)
  .where('f29')
  .lte(9)
  .where('f39')
  .not(0)
  .where('f40')
  .lt(new Date())
  .where('f41')
  .gte('2024-01-01T00:00:00Z')
  .or((b) =>
    b
      .where('f56')
      .eq('e')
      .where('f57')
      .isNull()
      .where('f60' as 'f58')
      .eq('f'),
  )
  .sortBy('f30', 'desc')
  .sortBy('f11', 'asc')
  .limit(25)
  .offset(50);

expectType<{
  filter: {
    record_key: string;
    profile_key: { $not: string[] };
    parent_key: null;
    service_key1: { $not: null };
    key1: { $like: string };
    key2: string[];
    range_key1: { $gt: number; $lte: number };
    version: { $not: number };
    expires_at: { $lt: string };
    created_at: { $gte: string };
    $or: [{ key7: string }, { key8: null }, { key9: string }];
  };
  options: { limit: 25; offset: 50; sort: [{ range_key2: 'desc' }, { key3: 'asc' }] };
}>(hugeChain.toQuery());

// The rules still see through aliases: f46 is range_key1 again, f43 is key1 again.
expectType<'gte() call failed: f46 (range_key1) already has $gt'>(messageOf(hugeChain.where('f46').gte));
expectType<'eq() call failed: f43 (key1) already has $like'>(messageOf(hugeChain.where('f43').eq));
expectError(hugeChain.where('f59').gt(1).where('f59').gte(2));

// ── a 30-call chain on raw storage ──────────────────────────────────────────────────────────────────────

const long = plain
  .where('range_key1')
  .gt(1)
  .where('range_key1')
  .lt(100)
  .where('range_key2')
  .gte(1)
  .where('range_key2')
  .lte(100)
  .where('range_key3')
  .eq(3)
  .where('range_key4')
  .not([4])
  .where('range_key5')
  .isNull()
  .where('range_key6')
  .isNotNull()
  .where('range_key7')
  .gt(7)
  .where('range_key8')
  .lt(8)
  .where('range_key9')
  .gte(9)
  .where('range_key10')
  .lte(10)
  .where('version')
  .eq([0, 1])
  .where('record_key')
  .eq('k')
  .where('profile_key')
  .not('p')
  .where('parent_key')
  .isNotNull()
  .where('service_key1')
  .eq(['s'])
  .where('key1')
  .like('a')
  .where('key2')
  .eq('b')
  .where('key3')
  .not(['c'])
  .where('expires_at')
  .gt(new Date())
  .where('created_at')
  .lt(new Date())
  .where('updated_at')
  .gte(new Date())
  .sortBy('key1', 'asc')
  .sortBy('range_key1', 'desc')
  .sortBy('created_at', 'asc')
  .limit(10)
  .offset(0);

expectType<{
  filter: {
    range_key1: { $gt: number; $lt: number };
    range_key2: { $gte: number; $lte: number };
    range_key3: number;
    range_key4: { $not: number[] };
    range_key5: null;
    range_key6: { $not: null };
    range_key7: { $gt: number };
    range_key8: { $lt: number };
    range_key9: { $gte: number };
    range_key10: { $lte: number };
    version: number[];
    record_key: string;
    profile_key: { $not: string };
    parent_key: { $not: null };
    service_key1: string[];
    key1: { $like: string };
    key2: string;
    key3: { $not: string[] };
    expires_at: { $gt: string };
    created_at: { $lt: string };
    updated_at: { $gte: string };
  };
  options: { limit: 10; offset: 0; sort: [{ key1: 'asc' }, { range_key1: 'desc' }, { created_at: 'asc' }] };
}>(long.toQuery());
expectType<'lte() call failed: range_key2 already has $lte'>(messageOf(long.where('range_key2').lte));
expectType<'sortBy() call failed: key1 is already sorted'>(messageOf(long.sortBy<'key1', 'desc'>));

// ── the longest legal chain: a condition on every filterable field, every sortable field sorted ─────────
// (147 calls; each state is rebuilt eagerly, so nothing is resolved 147 levels deep at toQuery())

const everything = plain
  .where('record_key')
  .eq('a')
  .where('profile_key')
  .eq('a')
  .where('parent_key')
  .eq('a')
  .where('service_key1')
  .eq('a')
  .where('service_key2')
  .eq('a')
  .where('service_key3')
  .eq('a')
  .where('service_key4')
  .eq('a')
  .where('service_key5')
  .eq('a')
  .where('key1')
  .eq('a')
  .where('key2')
  .eq('a')
  .where('key3')
  .eq('a')
  .where('key4')
  .eq('a')
  .where('key5')
  .eq('a')
  .where('key6')
  .eq('a')
  .where('key7')
  .eq('a')
  .where('key8')
  .eq('a')
  .where('key9')
  .eq('a')
  .where('key10')
  .eq('a')
  .where('key11')
  .eq('a')
  .where('key12')
  .eq('a')
  .where('key13')
  .eq('a')
  .where('key14')
  .eq('a')
  .where('key15')
  .eq('a')
  .where('key16')
  .eq('a')
  .where('key17')
  .eq('a')
  .where('key18')
  .eq('a')
  .where('key19')
  .eq('a')
  .where('key20')
  .eq('a')
  .where('range_key1')
  .gt(1)
  .where('range_key1')
  .lte(9)
  .where('range_key2')
  .gt(1)
  .where('range_key2')
  .lte(9)
  .where('range_key3')
  .gt(1)
  .where('range_key3')
  .lte(9)
  .where('range_key4')
  .gt(1)
  .where('range_key4')
  .lte(9)
  .where('range_key5')
  .gt(1)
  .where('range_key5')
  .lte(9)
  .where('range_key6')
  .gt(1)
  .where('range_key6')
  .lte(9)
  .where('range_key7')
  .gt(1)
  .where('range_key7')
  .lte(9)
  .where('range_key8')
  .gt(1)
  .where('range_key8')
  .lte(9)
  .where('range_key9')
  .gt(1)
  .where('range_key9')
  .lte(9)
  .where('range_key10')
  .gt(1)
  .where('range_key10')
  .lte(9)
  .where('version')
  .gt(1)
  .where('version')
  .lte(9)
  .where('expires_at')
  .gte(new Date())
  .where('expires_at')
  .lt(new Date())
  .where('created_at')
  .gte(new Date())
  .where('created_at')
  .lt(new Date())
  .where('updated_at')
  .gte(new Date())
  .where('updated_at')
  .lt(new Date())
  .sortBy('key1', 'desc')
  .sortBy('key2', 'desc')
  .sortBy('key3', 'desc')
  .sortBy('key4', 'desc')
  .sortBy('key5', 'desc')
  .sortBy('key6', 'desc')
  .sortBy('key7', 'desc')
  .sortBy('key8', 'desc')
  .sortBy('key9', 'desc')
  .sortBy('key10', 'desc')
  .sortBy('key11', 'desc')
  .sortBy('key12', 'desc')
  .sortBy('key13', 'desc')
  .sortBy('key14', 'desc')
  .sortBy('key15', 'desc')
  .sortBy('key16', 'desc')
  .sortBy('key17', 'desc')
  .sortBy('key18', 'desc')
  .sortBy('key19', 'desc')
  .sortBy('key20', 'desc')
  .sortBy('range_key1', 'desc')
  .sortBy('range_key2', 'desc')
  .sortBy('range_key3', 'desc')
  .sortBy('range_key4', 'desc')
  .sortBy('range_key5', 'desc')
  .sortBy('range_key6', 'desc')
  .sortBy('range_key7', 'desc')
  .sortBy('range_key8', 'desc')
  .sortBy('range_key9', 'desc')
  .sortBy('range_key10', 'desc')
  .sortBy('expires_at', 'desc')
  .sortBy('created_at', 'desc')
  .sortBy('updated_at', 'desc')
  .limit(100)
  .offset(1000);
const all = everything.toQuery();
expectType<string>(all.filter.record_key);
expectType<{ $gt: number; $lte: number }>(all.filter.range_key10);
expectType<{ $gte: string; $lt: string }>(all.filter.updated_at);
expectType<33>(all.options.sort.length);
expectType<{ expires_at: 'desc' }>(all.options.sort[30]);
expectType<{ limit: 100; offset: 1000 }>({ limit: all.options.limit, offset: all.options.offset });
expectType<'gt() call failed: version already has $gt'>(messageOf(everything.where('version').gt));
expectType<'sortBy() call failed: key20 is already sorted'>(messageOf(everything.sortBy<'key20', 'asc'>));

// ── AnyQuery helpers accept half-built queries ──────────────────────────────────────────────────────────

function paginate<Q extends AnyQuery>(query: Q, page: number) {
  return query.limit(20).offset(page * 20);
}
const adults = <Q extends AnyQuery>(query: Q) => query.where('range_key1').gte(18);
paginate(hashed.where('key1').eq('a'), 2);
paginate(huge.where('f01').eq('a').sortBy('f29', 'asc'), 0);
// A helper typed with AnyQuery gives back a dynamic builder of the caller's fields and configuration.
expectType<DynamicQuery<RecordFieldMap, { readonly plainSearchKeys: false }, Row>>(hashed.$call(adults));

// ── $if: what the callback adds becomes optional; its rules still apply afterwards ──────────────────────

declare const onlyAdults: boolean;
const maybe = hashed
  .where('range_key1')
  .gt(1)
  .$if(onlyAdults, (q) => q.where('range_key1').lte(9).where('key1').eq('a').limit(5));
expectType<{
  filter: { range_key1: { $gt: number } | { $gt: number; $lte: number }; key1?: string };
  options: { limit: 100 | 5; offset: 0 };
}>(maybe.toQuery());
expectType<'eq() call failed: key1 already has eq'>(messageOf(maybe.where('key1').eq));
expectType<'limit() call failed: limit() may be called once per query'>(messageOf(maybe.limit<10>));
expectType<{ filter: {}; options: Defaults }>(hashed.$call((q) => q).toQuery());
