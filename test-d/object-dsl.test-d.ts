/**
 * The plain object DSL of `storage.find(country, filter, options)`: TypedFilter / TypedFindOptions by
 * configuration, and QueryConfigFromOptions. These are ordinary TypeScript errors (object literals cannot
 * carry QueryTypeError messages); the same rules are re-checked at run time by validateQuery.
 */
import { expectAssignable, expectError, expectType } from 'tsd';
import type {
  FilterCheck,
  FindOptionsCheck,
  PlainSearchKeys,
  QueryConfig,
  QueryConfigFromOptions,
  QueryTypeError,
  Storage,
  TypedFilter,
  TypedFindOptions,
} from '../dist/index.js';

type Hashed = { readonly plainSearchKeys: false };
type Plain = { readonly plainSearchKeys: true };
declare const hashed: Hashed;
declare const plain: Plain;
/** Mirrors storage.find(country, filter, options) for a storage of configuration C. */
declare function find<
  C extends QueryConfig,
  const F extends TypedFilter<C>,
  const O extends TypedFindOptions<C> = {},
>(config: C, filter: F & NoInfer<FilterCheck<F>>, options?: O & NoInfer<FindOptionsCheck<O>>): void;

// ── legal filters ───────────────────────────────────────────────────────────────────────────────────────

find(hashed, {});
find(hashed, {
  record_key: 'k',
  key1: ['a', 'b'],
  profile_key: { $not: null },
  service_key3: null,
  range_key1: { $gt: 1, $lte: 10 },
  range_key2: { $gte: 1 },
  version: { $not: [0, 1] },
  expires_at: null,
  created_at: { $gte: new Date(), $lt: '2030-01-01T00:00:00Z' },
  updated_at: [new Date()],
  $or: [{ key2: 'a' }, { record_key: { $not: ['x', 'y'] } }, { key3: null }],
});
find(plain, { key3: { $like: 'abc' }, range_key1: 5 });
find(plain, { search_keys: 'abc', record_key: 'k', range_key1: { $lt: 3 } });
find(hashed, {}, { limit: 10, offset: 20, sort: [{ range_key1: 'desc' }, { created_at: 'asc' }] });
find(plain, {}, { sort: [{ key1: 'asc' }] });
expectAssignable<TypedFilter<Plain>>({ key1: { $like: 'a' } });

// ── $gt excludes $gte, $lt excludes $lte (rule 1) ───────────────────────────────────────────────────────

expectError(find(hashed, { range_key1: { $gt: 1, $gte: 2 } }));
expectError(find(hashed, { created_at: { $lt: new Date(), $lte: new Date() } }));

// ── search_keys: plain keys only, not with key1..key20 or $or (rules 2, 3, 4) ───────────────────────────

expectError(find(hashed, { search_keys: 'abc' }));
expectError(find(plain, { search_keys: 'abc', key1: 'a' }));
expectError(find(plain, { search_keys: 'abc', key2: { $like: 'a' } }));
expectError(find(plain, { search_keys: 'abc', $or: [{ key1: 'a' }, { key2: 'b' }] }));

// ── $like: plain keys and key1..key20 only (rules 3, 8) ─────────────────────────────────────────────────

expectError(find(hashed, { key1: { $like: 'a' } }));
expectError(find(plain, { record_key: { $like: 'a' } }));
expectError(find(plain, { range_key1: { $like: 'a' } }));

// ── $or: string keys only, no nesting, no $like, two branches or more (rule 5) ──────────────────────────

expectError(find(hashed, { $or: [{ range_key1: 1 }, { key1: 'a' }] }));
expectError(find(hashed, { $or: [{ $or: [{ key1: 'a' }, { key2: 'b' }] }, { key1: 'a' }] }));
expectError(find(plain, { $or: [{ key1: { $like: 'a' } }, { key2: 'b' }] }));
expectError(find(hashed, { $or: [{ key1: 'a' }] }));

// ── sort: sortable fields, keyN only with plain keys, one field per item (rules 3, 6) ───────────────────

expectError(find(hashed, {}, { sort: [{ key1: 'asc' }] }));
expectError(find(hashed, {}, { sort: [{ record_key: 'asc' }] }));
expectError(find(hashed, {}, { sort: [{ range_key1: 'asc', created_at: 'desc' }] }));
expectError(find(hashed, {}, { sort: [{ range_key1: 'up' }] }));

// ── fields that cannot be filtered, kinds and value types (rules 7, 8) ──────────────────────────────────

expectError(find(hashed, { body: 'x' }));
expectError(find(hashed, { attachments: [] }));
expectError(find(hashed, { key1: 1 }));
expectError(find(hashed, { range_key1: '1' }));
expectError(find(hashed, { key1: { $gt: 'a' } }));
expectError(find(hashed, { created_at: null }));
expectError(find(hashed, { updated_at: { $not: null } }));
expectError(find(hashed, { expires_at: { $gt: 1 } }));

// ── QueryConfigFromOptions: only literal SSE or hashSearchKeys: false make keys plain ──────────────────

expectType<{ readonly plainSearchKeys: false }>(null as unknown as QueryConfigFromOptions<{}>);
expectType<{ readonly plainSearchKeys: true }>(null as unknown as QueryConfigFromOptions<{ encrypt: 'SSE' }>);
expectType<{ readonly plainSearchKeys: true }>(
  null as unknown as QueryConfigFromOptions<{ encrypt: 'LOCAL'; options: { hashSearchKeys: false } }>,
);
expectType<{ readonly plainSearchKeys: true }>(
  null as unknown as QueryConfigFromOptions<{
    options: { readonly hashSearchKeys: false; normalizeKeys: true };
  }>,
);
// A widened boolean: unknown to the type checker (rules treat it as hashed and say to write a literal).
expectType<QueryConfig>(null as unknown as QueryConfigFromOptions<{ options: { hashSearchKeys: boolean } }>);
expectType<{ readonly plainSearchKeys: false }>(
  null as unknown as QueryConfigFromOptions<{ encrypt: boolean }>,
);
expectType<{ readonly plainSearchKeys: false }>(
  null as unknown as QueryConfigFromOptions<{ encrypt: 'SSE' | 'LOCAL' }>,
);
expectType<{ readonly plainSearchKeys: false }>(
  null as unknown as QueryConfigFromOptions<{ encrypt: 'OFF' }>,
);
enum EncryptionType {
  LOCAL = 'LOCAL',
  SSE = 'SSE',
}
expectType<{ readonly plainSearchKeys: true }>(
  null as unknown as QueryConfigFromOptions<{ encrypt: EncryptionType.SSE }>,
);
expectType<{ readonly plainSearchKeys: false }>(
  null as unknown as QueryConfigFromOptions<{ encrypt: EncryptionType.LOCAL }>,
);

// ── storage.find checks filters and options held in variables, and literal ranges ──────────────────────

declare const storage: Storage<PlainSearchKeys>;
declare const ids: string[];

// Legal: $or built from an ordinary array (at least two branches are checked at run time).
storage.find('us', { $or: ids.map((id) => ({ key1: id })) });
// …and a literal branch followed by mapped ones (the branches stay checked).
storage.find('us', { $or: [{ key1: { $not: null } }, ...ids.map((id) => ({ profile_key: id }))] });
expectError(storage.find('us', { $or: [{ key1: 'a' }, ...ids.map(() => ({ range_key1: 1 }))] }));
const legalFilter = { key1: 'a', range_key1: { $gte: 1 } };
const legalOptions = { limit: 10, sort: [{ key1: 'asc' }, { created_at: 'desc' }] } as const;
storage.find('us', legalFilter, legalOptions);
storage.findOne('us', legalFilter, { offset: 5 });

// A filter in a variable is checked like a literal, with the builder's messages.
const withBody = { key1: 'a', body: 'x' };
expectError(storage.find('us', withBody));
expectType<QueryTypeError<'where() call failed: body is not a filterable field'>>(
  null as unknown as FilterCheck<typeof withBody>['body'],
);
const rangeInOr = { $or: [{ key1: 'a' }, { range_key1: 1 }] };
expectError(storage.find('us', rangeInOr));
expectType<
  QueryTypeError<'where() call failed: range_key1 is not a string key; or() branches accept record_key, profile_key, parent_key, service_key1..5 and key1..key20'>
>(null as unknown as NonNullable<FilterCheck<typeof rangeInOr>['$or'][number]['range_key1']>);
expectError(storage.find('us', { $or: [{ key1: 'a' }] }));
expectType<QueryTypeError<'or() call failed: or() needs at least two conditions'>>(
  null as unknown as FilterCheck<{ $or: readonly [{ key1: 'a' }] }>['$or'],
);

// Literal limit/offset ranges and a sort field given twice are compile errors.
expectError(storage.find('us', {}, { limit: 101 }));
expectError(storage.find('us', {}, { offset: -1 }));
expectError(storage.find('us', {}, { sort: [{ created_at: 'asc' }, { created_at: 'desc' }] }));
expectType<{ limit: QueryTypeError<'limit() call failed: 101 is outside 1..100; page with offset()'> }>(
  null as unknown as FindOptionsCheck<{ limit: 101 }>,
);
expectType<{ offset: QueryTypeError<'offset() call failed: -1 is negative'> }>(
  null as unknown as FindOptionsCheck<{ offset: -1 }>,
);
expectType<{ sort: QueryTypeError<'sortBy() call failed: created_at is already sorted'> }>(
  null as unknown as FindOptionsCheck<{ sort: readonly [{ created_at: 'asc' }, { created_at: 'desc' }] }>,
);

// A sort list held in a plain `const` (its directions widened to string) is refused with a message that
// says to write it `as const`; written so, it compiles. A direction that is not 'asc' or 'desc' is named too.
const widenedSort = [{ created_at: 'desc' }];
expectError(storage.find('us', {}, { sort: widenedSort }));
expectType<{
  sort: QueryTypeError<"sortBy() call failed: the order of created_at is typed string, not 'asc' or 'desc'; write the sort list with as const">;
}>(null as unknown as FindOptionsCheck<{ sort: typeof widenedSort }>);
const constSort = [{ created_at: 'desc' }, { range_key1: 'asc' }] as const;
storage.find('us', {}, { sort: constSort });
storage.findOne('us', {}, { sort: constSort });
expectType<{ sort: QueryTypeError<"sortBy() call failed: the order must be 'asc' or 'desc'"> }>(
  null as unknown as FindOptionsCheck<{ sort: readonly [{ created_at: 'up' }] }>,
);
