/**
 * The plain object DSL of `storage.find(country, filter, options)`: FilterInput / FindOptionsInput infer
 * what is written, FilterCheck / FindOptionsCheck judge it by the storage's configuration with the
 * builder's messages (`{ key1: { $gt: 1 } }` fails as `where('key1').gt(1)` does), and
 * QueryConfigFromOptions. The same rules are re-checked at run time by validateQuery.
 */
import { expectAssignable, expectError, expectType } from 'tsd';
import type {
  FilterCheck,
  FilterInput,
  FindOptionsCheck,
  FindOptionsInput,
  HashedSearchKeys,
  ParsedFilter,
  PlainSearchKeys,
  QueryConfig,
  QueryConfigFromOptions,
  QueryTypeError,
  Storage,
  TypedFilter,
  TypedFindOptions,
} from '../dist/index.js';
import { parseFilter } from '../dist/index.js';
import type { MessagesIn } from './support/message-of.js';

type Hashed = { readonly plainSearchKeys: false };
type Plain = { readonly plainSearchKeys: true };
declare const hashed: Hashed;
declare const plain: Plain;
/** Mirrors storage.find(country, filter, options) for a storage of configuration C. */
declare function find<
  C extends QueryConfig,
  const F extends FilterInput,
  const O extends FindOptionsInput = {},
>(config: C, filter: F & NoInfer<FilterCheck<F, C>>, options?: O & NoInfer<FindOptionsCheck<O, C>>): void;
/** The messages storage.find's checks give a filter (never when it is legal). */
declare function filterMessage<C extends QueryConfig, const F extends FilterInput>(
  config: C,
  filter: F,
): MessagesIn<FilterCheck<F, C>>;
/** The messages storage.find's checks give options (never when they are legal). */
declare function optionsMessage<C extends QueryConfig, const O extends FindOptionsInput>(
  config: C,
  options: O,
): MessagesIn<FindOptionsCheck<O, C>>;

// ── legal filters ───────────────────────────────────────────────────────────────────────────────────────

find(hashed, {});
const everyField = {
  record_key: 'k',
  key1: ['a', 'b'],
  profile_key: { $not: null },
  service_key3: null,
  range_key1: { $gt: 1, $lte: 10 },
  range_key2: { $gte: 1n },
  version: { $not: [0, 1] },
  expires_at: null,
  created_at: { $gte: new Date(), $lt: '2030-01-01T00:00:00Z' },
  updated_at: [new Date()],
  $or: [{ key2: 'a' }, { record_key: { $not: ['x', 'y'] } }, { key3: null }],
} as const;
find(hashed, everyField);
expectType<never>(filterMessage(hashed, everyField));
find(plain, { key3: { $like: 'abc' }, range_key1: 5 });
find(plain, { search_keys: 'abc', record_key: 'k', range_key1: { $lt: 3 } });
find(hashed, {}, { limit: 10, offset: 20, sort: [{ range_key1: 'desc' }, { created_at: 'asc' }] });
find(plain, {}, { sort: [{ key1: 'asc' }] });
expectType<never>(optionsMessage(plain, { sort: [{ key1: 'asc' }, { range_key2: 'desc' }] }));
expectAssignable<TypedFilter<Plain>>({ key1: { $like: 'a' } });
expectAssignable<TypedFindOptions<Hashed>>({ sort: [{ created_at: 'desc' }] });
// A typed filter (what parseFilter returns) passes the checks as it is.
declare const typedPlain: TypedFilter<Plain>;
declare const typedHashed: TypedFilter<Hashed>;
find(plain, typedPlain);
find(hashed, typedHashed);
expectType<never>(filterMessage(plain, typedPlain));

// ── $gt excludes $gte, $lt excludes $lte (rule 1) ───────────────────────────────────────────────────────

expectError(find(hashed, { range_key1: { $gt: 1, $gte: 2 } }));
expectType<'gte() call failed: range_key1 already has $gt'>(
  filterMessage(hashed, { range_key1: { $gt: 1, $gte: 2 } }),
);
expectError(find(hashed, { created_at: { $lt: new Date(), $lte: new Date() } }));
expectType<'lte() call failed: created_at already has $lt'>(
  filterMessage(hashed, { created_at: { $lt: new Date(), $lte: new Date() } }),
);
expectError(find(hashed, { range_key1: { $not: 1, $gt: 0 } }));
expectType<'gt() call failed: range_key1 already has $not'>(
  filterMessage(hashed, { range_key1: { $not: 1, $gt: 0 } }),
);

// ── search_keys: plain keys only, not with key1..key20 or $or (rules 2, 3, 4) ───────────────────────────

expectError(find(hashed, { search_keys: 'abc' }));
expectType<"searchKeys() call failed: search_keys needs plain search keys; create the storage with options.hashSearchKeys: false or encrypt: 'SSE'">(
  filterMessage(hashed, { search_keys: 'abc' }),
);
expectError(find(plain, { search_keys: 'abc', key1: 'a' }));
expectType<'where() call failed: key1 cannot be combined with searchKeys(), which already searches key1..key20'>(
  filterMessage(plain, { search_keys: 'abc', key1: 'a' }),
);
expectError(find(plain, { search_keys: 'abc', key2: { $like: 'a' } }));
expectType<'where() call failed: key2 cannot be combined with searchKeys(), which already searches key1..key20'>(
  filterMessage(plain, { search_keys: 'abc', key2: { $like: 'a' } }),
);
expectError(find(plain, { search_keys: 'abc', $or: [{ key1: 'a' }, { key2: 'b' }] }));
expectType<'or() call failed: the query has searchKeys(); or() cannot be combined with searchKeys()'>(
  filterMessage(plain, { search_keys: 'abc', $or: [{ key1: 'a' }, { key2: 'b' }] }),
);
expectError(find(plain, { search_keys: 1 }));
expectType<'searchKeys() call failed: search_keys takes strings'>(filterMessage(plain, { search_keys: 1 }));

// ── $like: plain keys and key1..key20 only (rules 3, 8) ─────────────────────────────────────────────────

expectError(find(hashed, { key1: { $like: 'a' } }));
expectType<"like() call failed: key1 needs plain search keys; create the storage with options.hashSearchKeys: false or encrypt: 'SSE'">(
  filterMessage(hashed, { key1: { $like: 'a' } }),
);
expectError(find(plain, { record_key: { $like: 'a' } }));
expectType<'like() call failed: record_key is not one of key1..key20'>(
  filterMessage(plain, { record_key: { $like: 'a' } }),
);
expectError(find(plain, { range_key1: { $like: 'a' } }));
expectType<'like() call failed: range_key1 is not one of key1..key20'>(
  filterMessage(plain, { range_key1: { $like: 'a' } }),
);
expectError(find(plain, { key1: { $not: 'a', $like: 'b' } }));
expectType<'like() call failed: key1 already has $not'>(
  filterMessage(plain, { key1: { $not: 'a', $like: 'b' } }),
);

// ── $or: string keys only, no nesting, no $like, two branches or more (rule 5) ──────────────────────────

const OR_KEYS = 'or() branches accept record_key, profile_key, parent_key, service_key1..5 and key1..key20';
expectError(find(hashed, { $or: [{ range_key1: 1 }, { key1: 'a' }] }));
expectType<`where() call failed: range_key1 is not a string key; ${typeof OR_KEYS}`>(
  filterMessage(hashed, { $or: [{ range_key1: 1 }, { key1: 'a' }] }),
);
expectError(find(hashed, { $or: [{ $or: [{ key1: 'a' }, { key2: 'b' }] }, { key1: 'a' }] }));
expectType<'or() call failed: or() cannot be nested inside another or()'>(
  filterMessage(hashed, { $or: [{ $or: [{ key1: 'a' }, { key2: 'b' }] }, { key1: 'a' }] }),
);
expectError(find(plain, { $or: [{ key1: { $like: 'a' } }, { key2: 'b' }] }));
expectType<'like() call failed: key1 cannot use $like inside or()'>(
  filterMessage(plain, { $or: [{ key1: { $like: 'a' } }, { key2: 'b' }] }),
);
expectError(find(hashed, { $or: [{ key1: 'a' }, { key2: 1 }] }));
expectType<'eq() call failed: key2 takes strings'>(
  filterMessage(hashed, { $or: [{ key1: 'a' }, { key2: 1 }] }),
);
expectError(find(hashed, { $or: [{ key1: 'a' }] }));
expectType<'or() call failed: or() needs at least two conditions'>(
  filterMessage(hashed, { $or: [{ key1: 'a' }] }),
);

// ── sort: sortable fields, keyN only with plain keys, one field per item (rules 3, 6) ───────────────────

expectError(find(hashed, {}, { sort: [{ key1: 'asc' }] }));
expectType<"sortBy() call failed: key1 needs plain search keys; create the storage with options.hashSearchKeys: false or encrypt: 'SSE'">(
  optionsMessage(hashed, { sort: [{ key1: 'asc' }] }),
);
expectError(find(hashed, {}, { sort: [{ record_key: 'asc' }] }));
expectType<'sortBy() call failed: record_key is not sortable; sort by key1..key20, range_key1..10, created_at, updated_at or expires_at'>(
  optionsMessage(hashed, { sort: [{ record_key: 'asc' }] }),
);
expectError(find(hashed, {}, { sort: [{ range_key1: 'asc', created_at: 'desc' }] }));
expectType<'sortBy() call failed: one sort item names range_key1 and created_at; give each field its own item, in priority order'>(
  optionsMessage(hashed, { sort: [{ range_key1: 'asc', created_at: 'desc' }] }),
);
expectError(find(hashed, {}, { sort: [{ range_key1: 'up' }] }));
expectType<"sortBy() call failed: the order must be 'asc' or 'desc'">(
  optionsMessage(hashed, { sort: [{ range_key1: 'up' }] }),
);

// ── fields that cannot be filtered, operators, kinds and value types (rules 7, 8) ───────────────────────

expectError(find(hashed, { body: 'x' }));
expectType<'where() call failed: body is not a filterable field'>(filterMessage(hashed, { body: 'x' }));
expectError(find(hashed, { attachments: [] }));
expectType<'where() call failed: attachments is not a filterable field'>(
  filterMessage(hashed, { attachments: [] }),
);
expectError(find(hashed, { key1: 1 }));
expectType<'eq() call failed: key1 takes strings'>(filterMessage(hashed, { key1: 1 }));
expectError(find(hashed, { key1: ['a', 2] }));
expectType<'eq() call failed: key1 takes strings'>(filterMessage(hashed, { key1: ['a', 2] }));
expectError(find(hashed, { range_key1: '1' }));
expectType<'eq() call failed: range_key1 takes integers'>(filterMessage(hashed, { range_key1: '1' }));
expectError(find(hashed, { range_key1: 1.5 }));
expectType<'eq() call failed: range_key1 takes integers'>(filterMessage(hashed, { range_key1: 1.5 }));
expectError(find(hashed, { version: { $not: ['1'] } }));
expectType<'not() call failed: version takes integers'>(filterMessage(hashed, { version: { $not: ['1'] } }));
expectError(find(hashed, { key1: { $gt: 'a' } }));
expectType<'gt() call failed: key1 is not a range key, version or date field'>(
  filterMessage(hashed, { key1: { $gt: 'a' } }),
);
expectError(find(hashed, { created_at: null }));
expectType<'isNull() call failed: created_at is never null'>(filterMessage(hashed, { created_at: null }));
expectError(find(hashed, { updated_at: { $not: null } }));
expectType<'isNotNull() call failed: updated_at is never null'>(
  filterMessage(hashed, { updated_at: { $not: null } }),
);
expectError(find(hashed, { expires_at: { $gt: 1 } }));
expectType<'gt() call failed: expires_at takes dates (Date, dayjs or an ISO-8601 string)'>(
  filterMessage(hashed, { expires_at: { $gt: 1 } }),
);
expectError(find(hashed, { range_key1: { $in: [1, 2] } }));
expectType<'find() call failed: range_key1 has no operator $in; use $not, $gt, $gte, $lt, $lte or $like'>(
  filterMessage(hashed, { range_key1: { $in: [1, 2] } }),
);

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
expectType<`where() call failed: range_key1 is not a string key; ${typeof OR_KEYS}`>(
  filterMessage(plain, { $or: [{ key1: 'a' }, ...ids.map(() => ({ range_key1: 1 }))] }),
);
// …and mapped branches followed by a literal one, with the same rules on both.
storage.find('us', { $or: [...ids.map((t) => ({ profile_key: t })), { key1: { $not: null } }] });
expectType<never>(
  filterMessage(plain, { $or: [...ids.map((t) => ({ profile_key: t })), { key1: { $not: null } }] }),
);
expectError(storage.find('us', { $or: [...ids.map((t) => ({ profile_key: t })), { version: 1 }] }));
expectType<`where() call failed: version is not a string key; ${typeof OR_KEYS}`>(
  filterMessage(plain, { $or: [...ids.map((t) => ({ profile_key: t })), { version: 1 }] }),
);
expectError(
  storage.find('us', { $or: [...ids.map((t) => ({ profile_key: t, key2: { $like: t } })), { key1: 'a' }] }),
);
expectType<'like() call failed: key2 cannot use $like inside or()'>(
  filterMessage(plain, { $or: [...ids.map((t) => ({ profile_key: t, key2: { $like: t } })), { key1: 'a' }] }),
);
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
>(null as unknown as FilterCheck<typeof rangeInOr>['$or']);
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

// ── a filter built at run time: parseFilter validates it and types it for the storage ──────────────────

declare const plainStorage: Storage<PlainSearchKeys>;
declare const hashedStorage: Storage<HashedSearchKeys>;
declare const anyStorage: Storage;
declare const fromJson: Record<string, unknown>;
const parsed = parseFilter(plainStorage, fromJson);
expectType<ParsedFilter<PlainSearchKeys>>(parsed);
expectType<never>(filterMessage(plain, parsed));
expectType<never>(optionsMessage(plain, { sort: [{ key1: 'asc' }] }));
plainStorage.find('us', parsed, { sort: [{ key1: 'asc' }] });
plainStorage.findOne('us', parseFilter(plainStorage, fromJson));
hashedStorage.find('us', parseFilter(hashedStorage, fromJson));
anyStorage.find('us', parseFilter(anyStorage, fromJson), { limit: 10 });
plainStorage.find('us', parseFilter(hashedStorage, JSON.parse('{}')));
// Unvalidated, it does not compile, and the message says what to do.
expectError(plainStorage.find('us', fromJson));
expectType<'find() call failed: the filter is typed Record<string, …>, so its fields are unknown; validate it with parseFilter(storage, filter) first'>(
  filterMessage(plain, fromJson),
);
// Parsed for a storage with plain keys, it may hold $like, which a hashed storage refuses.
expectError(hashedStorage.find('us', parseFilter(plainStorage, fromJson)));
