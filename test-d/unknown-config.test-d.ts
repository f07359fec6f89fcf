/**
 * A storage or repository typed without a configuration (`Storage`, `RepositoryOf<typeof entity>`,
 * `DynamicStorageQuery`, options annotated `StorageOptions`): its type does not say whether search keys
 * are plain, so every plain-keys rule refuses, in the builder and in the object DSL alike, and the
 * builder's message says how to type the storage. Everything else compiles.
 */
import { expectAssignable, expectError, expectType } from 'tsd';
import { z } from 'zod';
import {
  type DynamicStorageQuery,
  defineEntity,
  type PlainSearchKeys,
  type RepositoryOf,
  type Storage,
} from '../dist/index.js';
import { messageOf } from './support/message-of.js';

const LITERAL =
  "needs plain search keys, and the storage's type does not say it has them; write options.hashSearchKeys: false as a literal (not a boolean variable), or type the storage as Storage<PlainSearchKeys>";
type Literal = typeof LITERAL;

declare const storage: Storage;
declare const plainStorage: Storage<PlainSearchKeys>;
declare const dynamic: DynamicStorageQuery;
const User = z.object({ id: z.string(), email: z.string(), age: z.number().int() });
const userEntity = defineEntity({
  model: User,
  fields: { id: 'record_key', email: 'key1', age: 'range_key1' },
});
declare const users: RepositoryOf<typeof userEntity>;

// Every storage is still assignable to the unconfigured type.
expectAssignable<Storage>(plainStorage);

// ── the builder: like, searchKeys and sortBy('keyN') refuse, with the "type does not say" message ───────
expectError(storage.in('us').searchKeys('abc'));
expectType<`searchKeys() call failed: search_keys ${Literal}`>(messageOf(storage.in('us').searchKeys));
expectError(storage.in('us').where('key1').like('abc'));
expectType<`like() call failed: key1 ${Literal}`>(messageOf(storage.in('us').where('key1').like));
expectError(storage.in('us').sortBy('key1', 'asc'));
expectType<`sortBy() call failed: key1 ${Literal}`>(messageOf(storage.in('us').sortBy<'key1', 'asc'>));
expectError(dynamic.searchKeys('abc'));
expectType<`searchKeys() call failed: search_keys ${Literal}`>(messageOf(dynamic.searchKeys));
expectError(users.in('us').where('email').like('ada'));
expectType<`like() call failed: email (key1) ${Literal}`>(messageOf(users.in('us').where('email').like));
expectError(users.in('us').searchKeys('ada'));
expectType<`searchKeys() call failed: search_keys ${Literal}`>(messageOf(users.in('us').searchKeys));
expectType<`sortBy() call failed: email (key1) ${Literal}`>(messageOf(users.in('us').sortBy<'email', 'asc'>));

// ── the object DSL refuses the same things ───────────────────────────────────────────────────────────
expectError(storage.find('us', { key1: { $like: 'x' } }));
expectError(storage.find('us', { search_keys: 'abc' }));
expectError(storage.find('us', {}, { sort: [{ key1: 'asc' }] }));
expectError(storage.findOne('us', { search_keys: 'abc' }));

// ── what does not depend on the keys compiles ───────────────────────────────────────────────────────
storage.in('us').where('key1').eq('a').where('range_key1').gte(1).sortBy('created_at', 'desc').limit(10);
storage.find('us', { key1: 'a', range_key1: { $gt: 1 } }, { sort: [{ created_at: 'desc' }] });
users.in('us').where('email').eq('a').sortBy('age', 'desc');
plainStorage.in('us').searchKeys('abc');
plainStorage.find('us', { search_keys: 'abc' });
