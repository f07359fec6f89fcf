/**
 * or(): legal branches with their exact toQuery() type, and DESIGN §3 rule 5 (plus rule 2's or side)
 * with pinned messages.
 */
import { expectError, expectType } from 'tsd';
import type { OrBuilder, RecordFieldMap } from '../dist/index.js';
import { type Defaults, hashed, plain, users } from './support/builders.js';
import { errorIn, messageOf } from './support/message-of.js';

declare const branch: OrBuilder<RecordFieldMap>;

// ── legal forms ─────────────────────────────────────────────────────────────────────────────────────────

expectType<{
  filter: {
    $or: [
      { record_key: string[] },
      { record_key: string },
      { service_key1: { $not: string[] } },
      { parent_key: null },
      { key19: { $not: null } },
    ];
  };
  options: Defaults;
}>(
  hashed
    .or((b) =>
      b
        .where('record_key')
        .eq(['a', 'b'])
        .where('record_key')
        .eq('c')
        .where('service_key1')
        .not(['x'])
        .where('parent_key')
        .isNull()
        .where('key19')
        .isNotNull(),
    )
    .toQuery(),
);

// or() next to other conditions, like included; domain names map to record fields.
expectType<{
  filter: { key1: { $like: string }; $or: [{ key2: string }, { key3: string }] };
  options: Defaults;
}>(
  plain
    .where('key1')
    .like('ab')
    .or((b) => b.where('key2').eq('a').where('key3').eq('b'))
    .toQuery(),
);
expectType<{ filter: { $or: [{ record_key: string }, { key2: string }] }; options: Defaults }>(
  users.or((b) => b.where('id').eq('u1').where('name').eq('Ann')).toQuery(),
);

// Branches added in a loop cannot be counted by the types; the run-time check covers them.
declare const names: string[];
hashed.or((b) => names.reduce<OrBuilder<RecordFieldMap, object[]>>((acc, n) => acc.where('key1').eq(n), b));

// ── rule 5: or inside or ────────────────────────────────────────────────────────────────────────────────

expectError(hashed.or((b) => b.or((c) => c)));
expectType<'or() call failed: or() cannot be nested inside another or()'>(messageOf(branch.or));

// ── rule 5: string keys only in branches (and no $like, no comparisons) ─────────────────────────────────

expectError(hashed.or((b) => b.where('range_key1').eq(1).where('key1').eq('a')));
expectType<'where() call failed: range_key1 is not a string key; or() branches accept record_key, profile_key, parent_key, service_key1..5 and key1..key20'>(
  messageOf(branch.where<'range_key1'>),
);
expectType<'where() call failed: created_at is not a string key; or() branches accept record_key, profile_key, parent_key, service_key1..5 and key1..key20'>(
  messageOf(branch.where<'created_at'>),
);
expectType<'where() call failed: body is not a filterable field'>(messageOf(branch.where<'body'>));
expectError(plain.or((b) => b.where('key1').like('a').where('key2').eq('b')));
expectType<'like() call failed: key1 cannot use $like inside or()'>(messageOf(branch.where('key1').like));
expectError(hashed.or((b) => b.where('key1').gt('a').where('key2').eq('b')));
expectType<'gt() call failed: key1 is not a range key, version or date field'>(
  messageOf(branch.where('key1').gt),
);
expectType<'lte() call failed: key1 is not a range key, version or date field'>(
  messageOf(branch.where('key1').lte),
);
expectError(hashed.or((b) => b.where('key1').eq(1).where('key2').eq('b')));
expectType<'eq() call failed: key1 takes strings'>(messageOf(branch.where('key1').eq<1>));
expectType<'not() call failed: key2 takes strings'>(messageOf(branch.where('key2').not<[1]>));

// ── rule 5: at least two conditions, and one or() per query ─────────────────────────────────────────────

expectError(hashed.or((b) => b.where('key1').eq('a')));
expectType<'or() call failed: or() needs at least two conditions'>(
  errorIn(null as unknown as ReturnType<Parameters<typeof hashed.or<[{ key1: string }]>>[0]>),
);
const once = hashed.or((b) => b.where('key1').eq('a').where('key2').eq('b'));
expectError(once.or((b) => b.where('key3').eq('a').where('key4').eq('b')));
expectType<'or() call failed: or() may be called once per query'>(messageOf(once.or));

// ── rule 2: or() after searchKeys() ─────────────────────────────────────────────────────────────────────

const searched = plain.searchKeys('abc');
expectError(searched.or((b) => b.where('record_key').eq('a').where('profile_key').eq('b')));
expectType<'or() call failed: the query has searchKeys(); or() cannot be combined with searchKeys()'>(
  messageOf(searched.or),
);
