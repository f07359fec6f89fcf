/**
 * sortBy(): legal forms with their exact sort tuple, and DESIGN §3 rules 6 and 3 (keyN needs plain keys)
 * with pinned messages.
 */
import { expectError, expectType } from 'tsd';
import { hashed, plain, users } from './support/builders.js';
import { type ErrorIn, messageOf } from './support/message-of.js';

// ── legal forms ─────────────────────────────────────────────────────────────────────────────────────────

expectType<{
  filter: {};
  options: {
    limit: 100;
    offset: 0;
    sort: [{ range_key1: 'desc' }, { created_at: 'asc' }, { expires_at: 'desc' }];
  };
}>(hashed.sortBy('range_key1', 'desc').sortBy('created_at', 'asc').sortBy('expires_at', 'desc').toQuery());
expectType<{
  filter: {};
  options: { limit: 100; offset: 0; sort: [{ key1: 'asc' }, { updated_at: 'desc' }] };
}>(plain.sortBy('key1', 'asc').sortBy('updated_at', 'desc').toQuery());
expectType<{
  filter: {};
  options: { limit: 100; offset: 0; sort: [{ range_key1: 'desc' }, { key1: 'asc' }] };
}>(users.sortBy('age', 'desc').sortBy('email', 'asc').toQuery());

// A `SortOrder`-style enum member works and compiles to its string.
enum SortOrder {
  ASC = 'asc',
  DESC = 'desc',
}
expectType<{ filter: {}; options: { limit: 100; offset: 0; sort: [{ range_key2: 'asc' }] } }>(
  hashed.sortBy('range_key2', SortOrder.ASC).toQuery(),
);

// ── rule 6: sortable fields only, each once ─────────────────────────────────────────────────────────────

expectError(hashed.sortBy('record_key', 'asc'));
expectType<'sortBy() call failed: record_key is not sortable; sort by key1..key20, range_key1..10, created_at, updated_at or expires_at'>(
  messageOf(hashed.sortBy<'record_key', 'asc'>),
);
expectType<'sortBy() call failed: version is not sortable; sort by key1..key20, range_key1..10, created_at, updated_at or expires_at'>(
  messageOf(hashed.sortBy<'version', 'asc'>),
);
expectType<'sortBy() call failed: body is not sortable; sort by key1..key20, range_key1..10, created_at, updated_at or expires_at'>(
  messageOf(hashed.sortBy<'body', 'asc'>),
);
expectType<'sortBy() call failed: id (record_key) is not sortable; sort by key1..key20, range_key1..10, created_at, updated_at or expires_at'>(
  messageOf(users.sortBy<'id', 'asc'>),
);
const sorted = hashed.sortBy('created_at', 'asc');
expectError(sorted.sortBy('created_at', 'desc'));
expectType<'sortBy() call failed: created_at is already sorted'>(
  messageOf(sorted.sortBy<'created_at', 'desc'>),
);
expectType<'sortBy() call failed: age (range_key1) is already sorted'>(
  messageOf(users.sortBy('age', 'asc').sortBy<'age', 'desc'>),
);
expectError(hashed.sortBy('created_at', 'up'));
expectType<"sortBy() call failed: the order must be 'asc' or 'desc'">(
  null as unknown as ErrorIn<Parameters<typeof hashed.sortBy<'created_at', 'up'>>[1]>,
);
declare const typedOrder: 'asc' | 'desc';
declare const anyOrder: string;
hashed.sortBy('created_at', typedOrder);
expectError(hashed.sortBy('created_at', anyOrder));

// ── rule 3: sorting by key1..key20 needs plain search keys ──────────────────────────────────────────────

expectError(hashed.sortBy('key2', 'asc'));
expectType<"sortBy() call failed: key2 needs plain search keys; create the storage with options.hashSearchKeys: false or encrypt: 'SSE'">(
  messageOf(hashed.sortBy<'key2', 'asc'>),
);
