/**
 * Queries in application code: `Storage` and repository types as parameters, queries held in variables
 * and extended in `if`s ($dynamic), helpers ($call, $if), the configuration as a small named type, and the
 * rules a dynamic builder still checks at compile time (with their messages pinned).
 */
import { expectAssignable, expectError, expectType } from 'tsd';
import { z } from 'zod';
import {
  type AnyQuery,
  createStorage,
  type DynamicQuery,
  type DynamicRepositoryQuery,
  type DynamicStorageQuery,
  defineEntity,
  defineRepository,
  type HashedSearchKeys,
  type PlainSearchKeys,
  type RecordFieldMap,
  type RepositoryOf,
  type RepositoryQueryOf,
  SecretKeyAccessor,
  type Storage,
  type StorageQueryOf,
  type StorageRecord,
} from '../dist/index.js';
import { messageOf } from './support/message-of.js';

declare const flag: boolean;
declare const tenant: string | undefined;
declare const widenedHash: boolean;

const User = z.object({ id: z.string(), email: z.string(), age: z.number().int(), bio: z.string() });
const userEntity = defineEntity({
  model: User,
  fields: { id: 'record_key', email: 'key1', age: 'range_key1' },
});

function countTenant(storage: Storage, key: string) {
  return storage.in('us').where('key1').eq(key).find();
}
function usersService(users: RepositoryOf<typeof userEntity>) {
  return users.in('us').where('age').gte(18);
}

export async function app() {
  const storage = await createStorage({
    environmentId: 'env',
    clientId: 'id',
    clientSecret: 'secret',
    endpoint: 'http://127.0.0.1:1',
    secretKeyAccessor: new SecretKeyAccessor(() => 'x'),
    options: { hashSearchKeys: false },
  });
  const hashed = await createStorage({
    environmentId: 'env',
    clientId: 'id',
    clientSecret: 'secret',
    secretKeyAccessor: new SecretKeyAccessor(() => 'x'),
  });
  const widened = await createStorage({
    environmentId: 'env',
    clientId: 'id',
    clientSecret: 'secret',
    secretKeyAccessor: new SecretKeyAccessor(() => 'x'),
    options: { hashSearchKeys: widenedHash },
  });

  // ── the configuration is a small named type: no option (or secret) in types ─────────────────────────
  expectType<Storage<PlainSearchKeys>>(storage);
  expectType<Storage<HashedSearchKeys>>(hashed);

  // ── Storage and repository types without a configuration accept every storage and repository ────────
  countTenant(storage, 'a');
  countTenant(hashed, 'a');
  countTenant(widened, 'a');
  const users = defineRepository(storage, userEntity);
  usersService(users);
  usersService(defineRepository(hashed, userEntity));
  expectAssignable<Storage>(storage);

  // ── $dynamic(): reassignable in ifs and loops, keeps fields and configuration ───────────────────────
  let q = storage.in('us').$dynamic();
  if (tenant !== undefined) q = q.where('key1').eq(tenant);
  for (const bound of [1, 2]) q = q.where('range_key1').gte(bound);
  q = q.sortBy('key2', 'asc').limit(10);
  expectType<DynamicStorageQuery<PlainSearchKeys>>(q);
  expectType<DynamicQuery<RecordFieldMap, PlainSearchKeys, StorageRecord>>(q);
  // State-independent rules still fire, with the builder's messages:
  expectType<'where() call failed: body is not a filterable field'>(messageOf(q.where<'body'>));
  expectType<'limit() call failed: 0 is outside 1..100; page with offset()'>(messageOf(q.limit<0>));
  expectType<'offset() call failed: -1 is negative'>(messageOf(q.offset<-1>));
  expectType<'gt() call failed: key1 is not a range key, version or date field'>(
    messageOf(q.where('key1').gt),
  );
  expectType<'isNull() call failed: created_at is never null'>(messageOf(q.where('created_at').isNull));
  expectType<'like() call failed: range_key1 is not one of key1..key20'>(
    messageOf(q.where('range_key1').like),
  );
  expectType<"like() call failed: key1 needs plain search keys; create the storage with options.hashSearchKeys: false or encrypt: 'SSE'">(
    messageOf(hashed.in('us').$dynamic().where('key1').like),
  );
  expectError(q.where('key1').eq(1));
  // State-dependent rules are left to the run time:
  q = q.limit(20).where('range_key1').gt(1);

  // A variable of the named type takes any query of the storage, fresh or half-built:
  let held: StorageQueryOf<typeof storage> = storage.in('us');
  held = storage.in('us').where('key1').eq('a').limit(5);
  held = held.sortBy('created_at', 'desc');

  // ── $call with an AnyQuery helper keeps the rules after it ──────────────────────────────────────────
  const adults = <Q extends AnyQuery>(query: Q) => query.where('range_key1').gte(18);
  const called = storage.in('us').$call(adults);
  expectType<DynamicStorageQuery<PlainSearchKeys>>(called);
  expectType<'where() call failed: body is not a filterable field'>(messageOf(called.where<'body'>));
  expectType<'limit() call failed: 0 is outside 1..100; page with offset()'>(messageOf(called.limit<0>));

  // ── $if accepts callbacks whose branches differ (a dynamic builder), and nothing misleading follows ─
  const either = storage
    .in('us')
    .$if(flag, (b) => (flag ? b.where('range_key1').gt(1) : b.where('range_key2').gt(1)))
    .limit(5);
  expectType<DynamicStorageQuery<PlainSearchKeys>>(either);
  expectType<'where() call failed: body is not a filterable field'>(messageOf(either.where<'body'>));

  // ── repositories: named query types, messages with name (slot) ─────────────────────────────────────
  let rq = users.in('us').$dynamic();
  if (flag) rq = rq.where('age').gte(18);
  expectType<DynamicRepositoryQuery<typeof userEntity, PlainSearchKeys>>(rq);
  const fromRepository: RepositoryQueryOf<typeof users> = users.in('us').where('email').eq('a');
  expectType<RepositoryQueryOf<typeof users>>(fromRepository);
  expectType<'where() call failed: bio is not a filterable field'>(messageOf(rq.where<'bio'>));
  expectType<'sortBy() call failed: id (record_key) is not sortable; sort by key1..key20, range_key1..10, created_at, updated_at or expires_at'>(
    messageOf(rq.sortBy<'id', 'asc'>),
  );
  users.in('us').or((b) => {
    expectType<'where() call failed: age (range_key1) is not a string key; or() branches accept record_key, profile_key, parent_key, service_key1..5 and key1..key20'>(
      messageOf(b.where<'age'>),
    );
    return b.where('email').eq('a').where('id').eq('b');
  });

  // ── a configuration the type checker cannot see: the message says to write a literal ───────────────
  expectType<"like() call failed: key1 needs plain search keys, and the storage's type does not say it has them; write options.hashSearchKeys: false as a literal (not a boolean variable), or type the storage as Storage<PlainSearchKeys>">(
    messageOf(widened.in('us').where('key1').like),
  );
}
