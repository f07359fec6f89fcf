/**
 * where() and field conditions: every legal form with its exact toQuery() type, and DESIGN §3 rules 1, 7
 * and 8 with their message text pinned.
 */
import { expectError, expectType } from 'tsd';
import { type Defaults, hashed, users } from './support/builders.js';
import { messageOf } from './support/message-of.js';

// ── legal forms and the exact toQuery() type ─────────────────────────────────────────────────────────────

expectType<{ filter: {}; options: Defaults }>(hashed.toQuery());
expectType<{ filter: { key1: string }; options: Defaults }>(hashed.where('key1').eq('a').toQuery());
expectType<{ filter: { key1: string[] }; options: Defaults }>(hashed.where('key1').eq(['a', 'b']).toQuery());
expectType<{ filter: { profile_key: { $not: string } }; options: Defaults }>(
  hashed.where('profile_key').not('a').toQuery(),
);
expectType<{ filter: { service_key5: { $not: string[] } }; options: Defaults }>(
  hashed.where('service_key5').not(['a']).toQuery(),
);
expectType<{ filter: { parent_key: null }; options: Defaults }>(
  hashed.where('parent_key').isNull().toQuery(),
);
expectType<{ filter: { key20: { $not: null } }; options: Defaults }>(
  hashed.where('key20').isNotNull().toQuery(),
);
expectType<{ filter: { range_key10: number }; options: Defaults }>(
  hashed.where('range_key10').eq(5).toQuery(),
);
expectType<{ filter: { version: number[] }; options: Defaults }>(
  hashed.where('version').eq([0, 1]).toQuery(),
);
expectType<{ filter: { range_key1: { $not: number } }; options: Defaults }>(
  hashed.where('range_key1').not(1).toQuery(),
);
expectType<{ filter: { range_key1: { $gt: number } }; options: Defaults }>(
  hashed.where('range_key1').gt(1).toQuery(),
);
expectType<{ filter: { range_key1: { $gte: number; $lt: number } }; options: Defaults }>(
  hashed.where('range_key1').gte(1).where('range_key1').lt(9).toQuery(),
);
expectType<{ filter: { version: { $lte: number; $gt: number } }; options: Defaults }>(
  hashed.where('version').lte(9).where('version').gt(1).toQuery(),
);
// Dates: Date, dayjs-like or ISO string in, ISO string out.
expectType<{
  filter: { created_at: { $gte: string; $lt: string }; expires_at: string[] };
  options: Defaults;
}>(
  hashed
    .where('created_at')
    .gte(new Date())
    .where('created_at')
    .lt({ toDate: () => new Date() })
    .where('expires_at')
    .eq([new Date(), '2024-01-01T00:00:00Z'])
    .toQuery(),
);
expectType<{ filter: { expires_at: null; updated_at: { $not: string } }; options: Defaults }>(
  hashed.where('expires_at').isNull().where('updated_at').not('2024-01-01T00:00:00Z').toQuery(),
);

// The DESIGN §2 example, exactly.
expectType<{
  filter: {
    range_key3: { $gt: number; $lte: number };
    key1: string[];
    $or: [{ key2: string }, { key3: { $not: string } }];
  };
  options: { limit: 10; offset: 20; sort: [{ range_key1: 'asc' }] };
}>(
  hashed
    .where('range_key3')
    .gt(1)
    .where('range_key3')
    .lte(10)
    .where('key1')
    .eq(['english', 'french'])
    .or((b) => b.where('key2').eq('a').where('key3').not('b'))
    .sortBy('range_key1', 'asc')
    .limit(10)
    .offset(20)
    .toQuery(),
);

// Domain names compile to record fields.
expectType<{
  filter: { key1: string; range_key1: { $gte: number }; created_at: { $lt: string } };
  options: Defaults;
}>(users.where('email').eq('a@example.com').where('age').gte(18).where('joined').lt(new Date()).toQuery());

// Legal calls carry no error.
expectType<never>(messageOf(hashed.where('range_key1').gt(1).where('range_key1').lte));
expectType<never>(messageOf(hashed.where('key1').isNull));

// ── rule 1: conflicting conditions on one field ─────────────────────────────────────────────────────────

const gt3 = hashed.where('range_key3').gt(1);
expectError(gt3.where('range_key3').gte(2));
expectType<'gte() call failed: range_key3 already has $gt'>(messageOf(gt3.where('range_key3').gte));
expectType<'gt() call failed: range_key3 already has $gt'>(messageOf(gt3.where('range_key3').gt));
const gte3 = hashed.where('range_key3').gte(1);
expectError(gte3.where('range_key3').gt(2));
expectType<'gt() call failed: range_key3 already has $gte'>(messageOf(gte3.where('range_key3').gt));
const ltVersion = hashed.where('version').lt(1);
expectError(ltVersion.where('version').lte(2));
expectType<'lte() call failed: version already has $lt'>(messageOf(ltVersion.where('version').lte));
const lteVersion = hashed.where('version').lte(1);
expectError(lteVersion.where('version').lt(2));
expectType<'lt() call failed: version already has $lte'>(messageOf(lteVersion.where('version').lt));

const eqKey1 = hashed.where('key1').eq('a');
expectError(eqKey1.where('key1').eq('b'));
expectType<'eq() call failed: key1 already has eq'>(messageOf(eqKey1.where('key1').eq));
expectError(eqKey1.where('key1').not('b'));
expectType<'not() call failed: key1 already has eq'>(messageOf(eqKey1.where('key1').not));
expectError(eqKey1.where('key1').isNull());
expectType<'isNull() call failed: key1 already has eq'>(messageOf(eqKey1.where('key1').isNull));
expectType<'isNotNull() call failed: key1 already has eq'>(messageOf(eqKey1.where('key1').isNotNull));
const notKey1 = hashed.where('key1').not('a');
expectError(notKey1.where('key1').not('b'));
expectType<'not() call failed: key1 already has $not'>(messageOf(notKey1.where('key1').not));
const nullKey1 = hashed.where('key1').isNull();
expectError(nullKey1.where('key1').isNotNull());
expectType<'isNotNull() call failed: key1 already has isNull'>(messageOf(nullKey1.where('key1').isNotNull));
const notNullKey1 = hashed.where('key1').isNotNull();
expectError(notNullKey1.where('key1').eq('a'));
expectType<'eq() call failed: key1 already has isNotNull'>(messageOf(notNullKey1.where('key1').eq));

const eqRange = hashed.where('range_key1').eq(1);
expectError(eqRange.where('range_key1').gt(0));
expectType<'gt() call failed: range_key1 already has eq'>(messageOf(eqRange.where('range_key1').gt));
expectType<'lte() call failed: range_key1 already has eq'>(messageOf(eqRange.where('range_key1').lte));
const gtRange = hashed.where('range_key1').gt(0);
expectError(gtRange.where('range_key1').eq(1));
expectType<'eq() call failed: range_key1 already has $gt'>(messageOf(gtRange.where('range_key1').eq));
expectType<'isNull() call failed: range_key1 already has $gt'>(messageOf(gtRange.where('range_key1').isNull));

// Domain fields are named as written, with the record field beside them.
expectType<'gte() call failed: age (range_key1) already has $gt'>(
  messageOf(users.where('age').gt(1).where('age').gte),
);

// ── rule 7: fields that cannot be filtered ──────────────────────────────────────────────────────────────

expectError(hashed.where('body'));
expectType<'where() call failed: body is not a filterable field'>(messageOf(hashed.where<'body'>));
expectError(hashed.where('precommit_body'));
expectType<'where() call failed: precommit_body is not a filterable field'>(
  messageOf(hashed.where<'precommit_body'>),
);
expectError(hashed.where('attachments'));
expectType<'where() call failed: attachments is not a filterable field'>(
  messageOf(hashed.where<'attachments'>),
);
expectError(users.where('profile'));
expectType<'where() call failed: profile is not a filterable field'>(messageOf(users.where<'profile'>));

// ── rule 8: operators by kind, and value types ──────────────────────────────────────────────────────────

expectError(hashed.where('key1').gt(1));
expectType<'gt() call failed: key1 is not a range key, version or date field'>(
  messageOf(hashed.where('key1').gt),
);
expectType<'gte() call failed: record_key is not a range key, version or date field'>(
  messageOf(hashed.where('record_key').gte),
);
expectType<'lt() call failed: service_key1 is not a range key, version or date field'>(
  messageOf(hashed.where('service_key1').lt),
);
expectType<'lte() call failed: email (key1) is not a range key, version or date field'>(
  messageOf(users.where('email').lte),
);
expectError(hashed.where('created_at').isNull());
expectType<'isNull() call failed: created_at is never null'>(messageOf(hashed.where('created_at').isNull));
expectError(hashed.where('updated_at').isNotNull());
expectType<'isNotNull() call failed: updated_at is never null'>(
  messageOf(hashed.where('updated_at').isNotNull),
);
expectType<'isNull() call failed: joined (created_at) is never null'>(
  messageOf(users.where('joined').isNull),
);

// Wrong value types name the method, the field and what it takes.
expectError(hashed.where('key1').eq(1));
expectType<'eq() call failed: key1 takes strings'>(messageOf(hashed.where('key1').eq<1>));
expectError(hashed.where('key1').eq([1]));
expectType<'eq() call failed: key1 takes strings'>(messageOf(hashed.where('key1').eq<readonly [1]>));
expectError(hashed.where('range_key1').eq('1'));
expectType<'eq() call failed: range_key1 takes integers'>(messageOf(hashed.where('range_key1').eq<'1'>));
expectError(hashed.where('range_key1').eq([1, 1.5]));
expectType<'eq() call failed: range_key1 takes integers'>(
  messageOf(hashed.where('range_key1').eq<readonly [1, 1.5]>),
);
expectError(hashed.where('range_key1').gt('1'));
expectType<'gt() call failed: range_key1 takes integers'>(messageOf(hashed.where('range_key1').gt<'1'>));
expectError(hashed.where('version').lte(new Date()));
expectType<'lte() call failed: version takes integers'>(messageOf(hashed.where('version').lte<Date>));
expectError(hashed.where('expires_at').lt(1));
expectType<'lt() call failed: expires_at takes dates (Date, dayjs or an ISO-8601 string)'>(
  messageOf(hashed.where('expires_at').lt<1>),
);
expectError(hashed.where('key1').eq(null));
expectType<'eq() call failed: key1 takes strings'>(messageOf(hashed.where('key1').eq<null>));
hashed.where('range_key1').gt(2n ** 62n);
hashed.where('range_key1').eq([1, 2n]);
