/**
 * searchKeys() and like(): legal forms with their exact toQuery() type, and DESIGN §3 rules 2, 3 and 4
 * with pinned messages.
 */
import { expectError, expectType } from 'tsd';
import { type Defaults, hashed, plain, users } from './support/builders.js';
import { messageOf } from './support/message-of.js';

// ── legal forms (plain search keys) ─────────────────────────────────────────────────────────────────────

expectType<{ filter: { search_keys: string }; options: Defaults }>(plain.searchKeys('gold').toQuery());
expectType<{
  filter: { search_keys: string; record_key: string; range_key1: { $gt: number } };
  options: Defaults;
}>(plain.searchKeys('gold').where('record_key').eq('k').where('range_key1').gt(1).toQuery());
expectType<{ filter: { key3: { $like: string } }; options: Defaults }>(
  plain.where('key3').like('abc').toQuery(),
);
expectType<{ filter: { key1: { $like: string } }; options: Defaults }>(
  users.where('email').like('@example').toQuery(),
);

// ── rule 2: searchKeys with key1..key20 conditions, either order; searchKeys with or ────────────────────

const keyed = plain.where('key7').eq('a');
expectError(keyed.searchKeys('abc'));
expectType<'searchKeys() call failed: key7 already has a condition; searchKeys cannot be combined with key1..key20 conditions'>(
  messageOf(keyed.searchKeys),
);
expectType<'searchKeys() call failed: key1 already has a condition; searchKeys cannot be combined with key1..key20 conditions'>(
  messageOf(users.where('email').isNull().searchKeys),
);
const searched = plain.searchKeys('abc');
expectError(searched.where('key7'));
expectType<'where() call failed: key7 cannot be combined with searchKeys(), which already searches key1..key20'>(
  messageOf(searched.where<'key7'>),
);
expectType<'where() call failed: email (key1) cannot be combined with searchKeys(), which already searches key1..key20'>(
  messageOf(users.searchKeys('abc').where<'email'>),
);
const ored = plain.or((b) => b.where('record_key').eq('a').where('profile_key').eq('b'));
expectError(ored.searchKeys('abc'));
expectType<'searchKeys() call failed: the query has or(); searchKeys cannot be combined with or()'>(
  messageOf(ored.searchKeys),
);
expectError(searched.searchKeys('abd'));
expectType<'searchKeys() call failed: searchKeys() may be called once per query'>(
  messageOf(searched.searchKeys),
);

// ── rule 3: searchKeys, like (and sortBy, see sort.test-d.ts) need plain search keys ────────────────────

expectError(hashed.searchKeys('abc'));
expectType<"searchKeys() call failed: search_keys needs plain search keys; create the storage with options.hashSearchKeys: false or encrypt: 'SSE'">(
  messageOf(hashed.searchKeys),
);
expectError(hashed.where('key2').like('abc'));
expectType<"like() call failed: key2 needs plain search keys; create the storage with options.hashSearchKeys: false or encrypt: 'SSE'">(
  messageOf(hashed.where('key2').like),
);

// ── rule 4: like and searchKeys together, either order ──────────────────────────────────────────────────

const liked = plain.where('key4').like('ab');
expectError(liked.searchKeys('abc'));
expectType<'searchKeys() call failed: key4 has $like; use either like() or searchKeys(), not both'>(
  messageOf(liked.searchKeys),
);
expectError(searched.where('key4').like('ab'));

// ── rule 8: like only on key1..key20 ────────────────────────────────────────────────────────────────────

expectError(plain.where('range_key1').like('1'));
expectType<'like() call failed: range_key1 is not one of key1..key20'>(
  messageOf(plain.where('range_key1').like),
);
expectType<'like() call failed: record_key is not one of key1..key20'>(
  messageOf(plain.where('record_key').like),
);
expectType<'like() call failed: age (range_key1) is not one of key1..key20'>(
  messageOf(users.where('age').like),
);
expectType<'like() call failed: key1 already has eq'>(
  messageOf(plain.where('key1').eq('a').where('key1').like),
);
expectError(plain.where('key1').like(1));
expectType<'like() call failed: key1 takes strings'>(messageOf(plain.where('key1').like<1>));
expectType<'like() call failed: email (key1) takes strings'>(messageOf(users.where('email').like<1>));
