/**
 * The rules of DESIGN §3 at run time, driven through `AnyQuery` (no compile-time checks), as a JavaScript
 * caller or a dynamic value would reach them. Messages equal the compile-time ones (type-errors.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../../src/errors.js';
import { hashed, plain, users } from './query-fixtures.js';

/** What a JavaScript caller holds: a builder without types. */
// biome-ignore lint/suspicious/noExplicitAny: simulates untyped callers on purpose.
type Untyped = any;
const h = (): Untyped => hashed();
const p = (): Untyped => plain();
const u = (): Untyped => users();
const PLAIN_HINT = "create the storage with options.hashSearchKeys: false or encrypt: 'SSE'";

const cases: Array<[string, () => unknown, string]> = [
  // rule 1
  [
    '$gt with $gte',
    () => h().where('range_key3').gt(1).where('range_key3').gte(2),
    'gte() call failed: range_key3 already has $gt',
  ],
  [
    '$gte with $gt',
    () => h().where('range_key3').gte(1).where('range_key3').gt(2),
    'gt() call failed: range_key3 already has $gte',
  ],
  [
    '$lt with $lte',
    () => h().where('version').lt(1).where('version').lte(2),
    'lte() call failed: version already has $lt',
  ],
  [
    '$lte with $lt',
    () => h().where('version').lte(1).where('version').lt(2),
    'lt() call failed: version already has $lte',
  ],
  [
    'second eq',
    () => h().where('key1').eq('a').where('key1').eq('b'),
    'eq() call failed: key1 already has eq',
  ],
  [
    'not after eq',
    () => h().where('key1').eq('a').where('key1').not('b'),
    'not() call failed: key1 already has eq',
  ],
  [
    'second not',
    () => h().where('key1').not('a').where('key1').not('b'),
    'not() call failed: key1 already has $not',
  ],
  [
    'isNull after eq',
    () => h().where('key1').eq('a').where('key1').isNull(),
    'isNull() call failed: key1 already has eq',
  ],
  [
    'isNotNull after isNull',
    () => h().where('key1').isNull().where('key1').isNotNull(),
    'isNotNull() call failed: key1 already has isNull',
  ],
  [
    'eq after isNotNull',
    () => h().where('key1').isNotNull().where('key1').eq('a'),
    'eq() call failed: key1 already has isNotNull',
  ],
  [
    'comparison after eq',
    () => h().where('range_key1').eq(1).where('range_key1').gt(0),
    'gt() call failed: range_key1 already has eq',
  ],
  [
    'eq after comparison',
    () => h().where('range_key1').gt(0).where('range_key1').eq(1),
    'eq() call failed: range_key1 already has $gt',
  ],
  [
    'like after like',
    () => p().where('key1').like('a').where('key1').like('b'),
    'like() call failed: key1 already has $like',
  ],
  [
    'domain names in messages',
    () => u().where('age').gt(1).where('age').gte(2),
    'gte() call failed: age (range_key1) already has $gt',
  ],
  // rule 2
  [
    'searchKeys after a key condition',
    () => p().where('key7').eq('a').searchKeys('abc'),
    'searchKeys() call failed: key7 already has a condition; searchKeys cannot be combined with key1..key20 conditions',
  ],
  [
    'a key condition after searchKeys',
    () => p().searchKeys('abc').where('key7'),
    'where() call failed: key7 cannot be combined with searchKeys(), which already searches key1..key20',
  ],
  [
    'searchKeys after or',
    () =>
      p()
        .or((b: AnyOr) => b.where('key1').eq('a').where('key2').eq('b'))
        .searchKeys('abc'),
    'searchKeys() call failed: the query has or(); searchKeys cannot be combined with or()',
  ],
  [
    'or after searchKeys',
    () =>
      p()
        .searchKeys('abc')
        .or((b: AnyOr) => b.where('key1').eq('a').where('key2').eq('b')),
    'or() call failed: the query has searchKeys(); or() cannot be combined with searchKeys()',
  ],
  // rule 3
  [
    'searchKeys with hashed keys',
    () => h().searchKeys('abc'),
    `searchKeys() call failed: search_keys needs plain search keys; ${PLAIN_HINT}`,
  ],
  [
    'like with hashed keys',
    () => h().where('key2').like('abc'),
    `like() call failed: key2 needs plain search keys; ${PLAIN_HINT}`,
  ],
  [
    'sortBy keyN with hashed keys',
    () => h().sortBy('key2', 'asc'),
    `sortBy() call failed: key2 needs plain search keys; ${PLAIN_HINT}`,
  ],
  // rule 4
  [
    'searchKeys after like',
    () => p().where('key4').like('ab').searchKeys('abc'),
    'searchKeys() call failed: key4 has $like; use either like() or searchKeys(), not both',
  ],
  [
    'like after searchKeys',
    () => p().searchKeys('abc').where('key4').like('ab'),
    'where() call failed: key4 cannot be combined with searchKeys(), which already searches key1..key20',
  ],
  // rule 5
  [
    'or inside or',
    () => h().or((b: AnyOr) => b.or()),
    'or() call failed: or() cannot be nested inside another or()',
  ],
  [
    'a non-string field in or',
    () => h().or((b: AnyOr) => b.where('range_key1')),
    'where() call failed: range_key1 is not a string key; or() branches accept record_key, profile_key, parent_key, service_key1..5 and key1..key20',
  ],
  [
    'like in or',
    () => p().or((b: AnyOr) => b.where('key1').like('a')),
    'like() call failed: key1 cannot use $like inside or()',
  ],
  [
    'a comparison in or',
    () => p().or((b: AnyOr) => b.where('key1').gt('a')),
    'gt() call failed: key1 is not a range key, version or date field',
  ],
  ['a second or', () => h().or(two).or(two), 'or() call failed: or() may be called once per query'],
  [
    'an or with one condition',
    () => h().or((b: AnyOr) => b.where('key1').eq('a')),
    'or() call failed: or() needs at least two conditions',
  ],
  [
    'an or callback returning something else',
    () => h().or(() => ({})),
    'or() call failed: the callback must return the branch builder it was given, with conditions added',
  ],
  // rule 6
  [
    'sortBy on a non-sortable field',
    () => h().sortBy('record_key', 'asc'),
    'sortBy() call failed: record_key is not sortable; sort by key1..key20, range_key1..10, created_at, updated_at or expires_at',
  ],
  [
    'sortBy on body',
    () => h().sortBy('body', 'asc'),
    'sortBy() call failed: body is not sortable; sort by key1..key20, range_key1..10, created_at, updated_at or expires_at',
  ],
  [
    'the same sort field twice',
    () => h().sortBy('created_at', 'asc').sortBy('created_at', 'desc'),
    'sortBy() call failed: created_at is already sorted',
  ],
  [
    'a bad sort order',
    () => h().sortBy('created_at', 'up'),
    "sortBy() call failed: the order must be 'asc' or 'desc'",
  ],
  // rule 7
  ['where on body', () => h().where('body'), 'where() call failed: body is not a filterable field'],
  [
    'where on precommit_body',
    () => h().where('precommit_body'),
    'where() call failed: precommit_body is not a filterable field',
  ],
  [
    'where on attachments',
    () => h().where('attachments'),
    'where() call failed: attachments is not a filterable field',
  ],
  [
    'where on an unmapped domain field',
    () => u().where('profile'),
    'where() call failed: profile is not a filterable field',
  ],
  // rule 8
  [
    'a comparison on a string key',
    () => h().where('key1').gt(1),
    'gt() call failed: key1 is not a range key, version or date field',
  ],
  [
    'a comparison on a domain string field',
    () => u().where('email').lte(1),
    'lte() call failed: email (key1) is not a range key, version or date field',
  ],
  [
    'like on a range key',
    () => p().where('range_key1').like('1'),
    'like() call failed: range_key1 is not one of key1..key20',
  ],
  [
    'like on record_key',
    () => p().where('record_key').like('1'),
    'like() call failed: record_key is not one of key1..key20',
  ],
  [
    'isNull on created_at',
    () => h().where('created_at').isNull(),
    'isNull() call failed: created_at is never null',
  ],
  [
    'isNotNull on updated_at',
    () => h().where('updated_at').isNotNull(),
    'isNotNull() call failed: updated_at is never null',
  ],
  ['a number for a string key', () => h().where('key1').eq(1), 'eq() call failed: key1 takes strings'],
  [
    'a string for a range key',
    () => h().where('range_key1').gt('1'),
    'gt() call failed: range_key1 takes integers',
  ],
  [
    'a fraction for a range key',
    () => h().where('range_key1').eq([1, 1.5]),
    'eq() call failed: range_key1 takes integers',
  ],
  [
    'an invalid date',
    () => h().where('expires_at').lt('tomorrow'),
    'lt() call failed: expires_at takes dates (Date, dayjs or an ISO-8601 string)',
  ],
  [
    'an invalid Date',
    () => h().where('expires_at').lt(new Date('x')),
    'lt() call failed: expires_at takes dates (Date, dayjs or an ISO-8601 string)',
  ],
  ['an empty list', () => h().where('key1').not([]), 'not() call failed: key1 needs at least one value'],
  ['an empty like text', () => p().where('key1').like(''), 'like() call failed: key1 needs a non-empty text'],
  [
    'a short searchKeys text',
    () => p().searchKeys('ab'),
    'searchKeys() call failed: the text must have 3 to 200 characters',
  ],
  [
    'a long searchKeys text',
    () => p().searchKeys('x'.repeat(201)),
    'searchKeys() call failed: the text must have 3 to 200 characters',
  ],
  [
    'searchKeys twice',
    () => p().searchKeys('abc').searchKeys('abd'),
    'searchKeys() call failed: searchKeys() may be called once per query',
  ],
  // rule 9
  ['limit 0', () => h().limit(dyn(0)), 'limit() call failed: 0 is outside 1..100; page with offset()'],
  ['limit 101', () => h().limit(dyn(101)), 'limit() call failed: 101 is outside 1..100; page with offset()'],
  ['a fractional limit', () => h().limit(dyn(2.5)), 'limit() call failed: 2.5 is not an integer'],
  ['a string limit', () => h().limit('10'), 'limit() call failed: a string is not an integer'],
  ['limit twice', () => h().limit(1).limit(2), 'limit() call failed: limit() may be called once per query'],
  ['a negative offset', () => h().offset(dyn(-1)), 'offset() call failed: -1 is negative'],
  ['a fractional offset', () => h().offset(dyn(0.5)), 'offset() call failed: 0.5 is not an integer'],
  [
    'offset twice',
    () => h().offset(1).offset(2),
    'offset() call failed: offset() may be called once per query',
  ],
];

type AnyOr = Untyped;
const two = (b: AnyOr) => b.where('key1').eq('a').where('key2').eq('b');
/** A number the type checker sees as `number`, like any value computed at run time. */
const dyn = (n: number): number => n;

describe('run-time rules (InputValidationError, same text as the type errors)', () => {
  it.each(cases)('%s', (_, call, message) => {
    let thrown: unknown;
    try {
      call();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputValidationError);
    expect((thrown as InputValidationError).message).toBe(message);
    expect((thrown as InputValidationError).code).toBe('INPUT_VALIDATION');
  });

  it('never puts values into messages', () => {
    const secret = 'canary-4f2a-value';
    const attempts = [
      () => h().where('range_key1').eq(secret),
      () => h().where('key1').eq(secret).where('key1').eq(secret),
      () => h().where('key1').like(secret),
      () => p().searchKeys(secret.repeat(20)),
      () => h().where('expires_at').gt(secret),
    ];
    for (const attempt of attempts) {
      try {
        attempt();
        expect.unreachable();
      } catch (error) {
        expect(String((error as Error).message)).not.toContain(secret);
        expect(JSON.stringify(error)).not.toContain(secret);
      }
    }
  });
});
