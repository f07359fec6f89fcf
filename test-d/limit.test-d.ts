/**
 * limit() and offset(): literal types in the options, and DESIGN §3 rule 9 plus the once-only rule with
 * pinned messages. Dynamic numbers compile and are checked at run time.
 */
import { expectError, expectType } from 'tsd';
import { hashed } from './support/builders.js';
import { messageOf } from './support/message-of.js';

// ── legal forms ─────────────────────────────────────────────────────────────────────────────────────────

expectType<{ filter: {}; options: { limit: 10; offset: 20 } }>(hashed.limit(10).offset(20).toQuery());
expectType<{ filter: {}; options: { limit: 1; offset: 0 } }>(hashed.limit(1).toQuery());
expectType<{ filter: {}; options: { limit: 100; offset: 0 } }>(hashed.limit(100).offset(0).toQuery());
declare const page: number;
expectType<{ filter: {}; options: { limit: number; offset: number } }>(
  hashed
    .limit(page)
    .offset(page * 10)
    .toQuery(),
);
expectType<never>(messageOf(hashed.limit<50>));

// ── rule 9: literal limits outside 1..100, negative offsets ────────────────────────────────────────────

expectError(hashed.limit(150));
expectType<'limit() call failed: 150 is outside 1..100; page with offset()'>(messageOf(hashed.limit<150>));
expectError(hashed.limit(0));
expectType<'limit() call failed: 0 is outside 1..100; page with offset()'>(messageOf(hashed.limit<0>));
expectError(hashed.limit(-5));
expectType<'limit() call failed: -5 is outside 1..100; page with offset()'>(messageOf(hashed.limit<-5>));
expectError(hashed.limit(2.5));
expectType<'limit() call failed: 2.5 is not an integer'>(messageOf(hashed.limit<2.5>));
expectError(hashed.offset(-1));
expectType<'offset() call failed: -1 is negative'>(messageOf(hashed.offset<-1>));
expectError(hashed.offset(1.5));
expectType<'offset() call failed: 1.5 is not an integer'>(messageOf(hashed.offset<1.5>));
// Not a number: the run-time message, not the compiler's "not assignable to number".
expectError(hashed.limit('10'));
expectType<'limit() call failed: a string is not an integer'>(messageOf(hashed.limit<'10'>));
expectError(hashed.offset('10'));
expectType<'offset() call failed: a string is not an integer'>(messageOf(hashed.offset<'10'>));
expectError(hashed.limit(10n));
expectType<'limit() call failed: a bigint is not an integer'>(messageOf(hashed.limit<10n>));

// ── once per query ──────────────────────────────────────────────────────────────────────────────────────

const limited = hashed.limit(10);
expectError(limited.limit(5));
expectType<'limit() call failed: limit() may be called once per query'>(messageOf(limited.limit<5>));
const skipped = hashed.offset(10);
expectError(skipped.offset(5));
expectType<'offset() call failed: offset() may be called once per query'>(messageOf(skipped.offset<5>));
