/**
 * defineRepository at the type level: inferred domain types, every mapping error with its message pinned,
 * the query rules applied through domain names to the record field behind each, and the exact result
 * types of the repository methods.
 */
import { expectAssignable, expectError, expectNotAssignable, expectType } from 'tsd';
import { z } from 'zod';
import {
  type CountryRepository,
  defineEntity,
  defineRepository,
  type EntityFieldsInput,
  type MappingCheck,
  type QueryPage,
  type Repository,
  type RepositoryOf,
  type RepositoryTypeError,
  type Storage,
} from '../dist/index.js';
import { messageOf } from './support/message-of.js';

declare const hashedStorage: Storage<{ readonly plainSearchKeys: false }>;
declare const plainStorage: Storage<{ readonly plainSearchKeys: true }>;

const User = z.object({
  id: z.string(),
  email: z.email(),
  nickname: z.string().optional(),
  age: z.number().int(),
  score: z.number().nullable(),
  deleteAfter: z.date().optional(),
  tags: z.array(z.string()),
  profile: z.object({ name: z.string() }),
  maybeId: z.string().optional(),
  active: z.boolean(),
  role: z.enum(['admin', 'user']),
  born: z.date(),
});
type User = z.infer<typeof User>;

const fields = {
  id: 'record_key',
  email: 'key1',
  nickname: 'key2',
  role: 'service_key1',
  age: 'range_key1',
  score: 'range_key2',
  deleteAfter: 'expires_at',
} as const;

/** Every mapping message `defineRepository` would demand for these fields (never when they are fine). */
type MessagesIn<TCheck> =
  | {
      [K in keyof TCheck]: TCheck[K] extends RepositoryTypeError<infer TMessage> ? TMessage : never;
    }[keyof TCheck]
  | (TCheck extends RepositoryTypeError<infer TMessage> ? TMessage : never);
declare function mappingMessages<const TFields extends EntityFieldsInput>(
  fields: TFields,
): MessagesIn<MappingCheck<User, TFields>>;

// ── legal mappings and the inferred types ───────────────────────────────────────────────────────────────

const users = defineRepository(hashedStorage, { model: User, fields });
expectType<Repository<typeof User, typeof fields, { readonly plainSearchKeys: false }>>(users);
expectType<never>(mappingMessages(fields));
const us = users.in('us');
expectType<CountryRepository<User, typeof fields, { readonly plainSearchKeys: false }>>(us);

// Loaded entities are the model's output type; save takes its input type.
expectType<Promise<User | null>>(us.get('u1'));
expectType<Promise<User>>(us.save({} as User));
expectType<Promise<User[]>>(us.saveMany([] as User[]));
expectType<Promise<boolean>>(us.delete('u1'));
expectType<Promise<void>>(us.deleteMany(['u1']));
expectError(us.save({ id: 'u1' }));
expectError(us.save({ ...({} as User), age: '36' }));

// The exact result type of find, findOne and iteration.
expectType<Promise<QueryPage<User>>>(us.find());
expectType<Promise<{ record: User } | null>>(us.findOne());
expectType<Promise<QueryPage<User>>>(us.where('email').eq('a@example.com').sortBy('age', 'desc').find());
expectType<AsyncIterator<User>>(us.where('age').gte(18)[Symbol.asyncIterator]());
type Page = Awaited<ReturnType<typeof us.find>>;
expectType<User[]>({} as Page['data']);
expectType<{ count: number; limit: number; offset: number; total: number }>({} as Page['meta']);
expectType<Array<{ error: Error; rawData: unknown }> | undefined>({} as Page['errors']);

// Transforms: save takes the input, loads give the output.
const Temperature = z.object({
  id: z.string(),
  celsius: z.string().transform((s) => Number.parseInt(s, 10)),
});
const temperatures = defineRepository(hashedStorage, {
  model: Temperature,
  fields: { id: 'record_key', celsius: 'range_key1' },
});
expectType<Promise<{ id: string; celsius: number }>>(temperatures.in('us').save({ id: 't', celsius: '21' }));
// Its save takes the input type only.
expectError(temperatures.in('us').save({ id: 't', celsius: 21 }));

// defineEntity + RepositoryOf: the same repository type, for injection.
const userEntity = defineEntity({ model: User, fields });
expectType<RepositoryOf<typeof userEntity>>(defineRepository(hashedStorage as Storage, userEntity));
expectAssignable<RepositoryOf<typeof userEntity, { readonly plainSearchKeys: false }>>(users);

// ── queries with domain names: toQuery compiles to the record fields ────────────────────────────────────

expectType<{
  filter: { key1: string; range_key1: { $gte: number } };
  options: { limit: 10; offset: 0; sort: [{ range_key1: 'desc' }] };
}>(us.where('email').eq('a@example.com').where('age').gte(18).sortBy('age', 'desc').limit(10).toQuery());
expectType<{
  filter: { expires_at: { $lt: string }; service_key1: string[] };
  options: { limit: 100; offset: 0 };
}>(us.where('deleteAfter').lt(new Date()).where('role').eq(['admin', 'user']).toQuery());

// ── the query rules, applied to the record field behind each domain name ────────────────────────────────

// email sits on key1: comparisons are errors.
expectError(us.where('email').gt(1));
expectType<'gt() call failed: email (key1) is not a range key, version or date field'>(
  messageOf(us.where('email').gt),
);
// age sits on range_key1: a string value is an error, like() too.
expectError(us.where('age').eq('18'));
expectError(us.where('age').like('1'));
expectType<'like() call failed: age (range_key1) is not one of key1..key20'>(messageOf(us.where('age').like));
// $gt then $gte on the same field.
expectType<'gte() call failed: age (range_key1) already has $gt'>(
  messageOf(us.where('age').gt(1).where('age').gte),
);
// Hashed storage: like and sorting by a key slot need plain search keys.
expectError(us.where('email').like('ada'));
expectType<"like() call failed: email (key1) needs plain search keys; create the storage with options.hashSearchKeys: false or encrypt: 'SSE'">(
  messageOf(us.where('email').like),
);
expectType<"sortBy() call failed: email (key1) needs plain search keys; create the storage with options.hashSearchKeys: false or encrypt: 'SSE'">(
  messageOf(us.sortBy<'email', 'asc'>),
);
// Body fields are not queryable: they are not in the field map.
expectError(us.where('profile'));
expectType<'where() call failed: profile is not a filterable field'>(messageOf(us.where<'profile'>));
// or() branches: string slots only (age sits on range_key1).
expectError(us.or((b) => b.where('age').eq(1).where('email').eq('a')));
expectType<{ filter: { $or: [{ key1: string }, { key2: string }] }; options: { limit: 100; offset: 0 } }>(
  us.or((b) => b.where('email').eq('a').where('nickname').eq('b')).toQuery(),
);
// Plain storage: like, searchKeys and key-slot sorting compile.
const plainUs = defineRepository(plainStorage, { model: User, fields }).in('us');
expectType<{
  filter: { key1: { $like: string } };
  options: { limit: 100; offset: 0; sort: [{ key1: 'asc' }] };
}>(plainUs.where('email').like('ada').sortBy('email', 'asc').toQuery());

// ── mapping errors: a compile error, with the message pinned ────────────────────────────────────────────

// A string field on a range slot.
expectError(
  defineRepository(hashedStorage, { model: User, fields: { id: 'record_key', email: 'range_key1' } }),
);
expectType<'defineRepository() call failed: email is a string but range_key1 holds integers'>(
  mappingMessages({ id: 'record_key', email: 'range_key1' }),
);
// A number field on a key slot.
expectError(defineRepository(hashedStorage, { model: User, fields: { id: 'record_key', age: 'key1' } }));
expectType<'defineRepository() call failed: age is a number but key1 holds strings'>(
  mappingMessages({ id: 'record_key', age: 'key1' }),
);
// Two fields on one slot: both are reported.
expectError(
  defineRepository(hashedStorage, {
    model: User,
    fields: { id: 'record_key', email: 'key1', nickname: 'key1' },
  }),
);
expectType<
  | 'defineRepository() call failed: email and nickname are both mapped to key1'
  | 'defineRepository() call failed: nickname and email are both mapped to key1'
>(mappingMessages({ id: 'record_key', email: 'key1', nickname: 'key1' }));
// No field on record_key.
expectError(defineRepository(hashedStorage, { model: User, fields: { email: 'key1' } }));
expectType<'defineRepository() call failed: no model field is mapped to record_key'>(
  mappingMessages({ email: 'key1' }),
);
// A field that is not in the model.
expectError(defineRepository(hashedStorage, { model: User, fields: { id: 'record_key', mail: 'key1' } }));
expectType<'defineRepository() call failed: mail is not a field of the model'>(
  mappingMessages({ id: 'record_key', mail: 'key1' }),
);
// Other kinds and slots.
expectType<'defineRepository() call failed: tags is an array but key3 holds strings'>(
  mappingMessages({ id: 'record_key', tags: 'key3' }),
);
expectType<'defineRepository() call failed: active is a boolean but range_key3 holds integers'>(
  mappingMessages({ id: 'record_key', active: 'range_key3' }),
);
expectType<'defineRepository() call failed: born is a Date but key4 holds strings'>(
  mappingMessages({ id: 'record_key', born: 'key4' }),
);
expectType<'defineRepository() call failed: email is a string but expires_at holds dates'>(
  mappingMessages({ id: 'record_key', email: 'expires_at' }),
);
expectType<'defineRepository() call failed: maybeId may be missing, but record_key needs a string on every entity'>(
  mappingMessages({ maybeId: 'record_key' }),
);
expectType<'defineRepository() call failed: age is a number but record_key holds strings'>(
  mappingMessages({ age: 'record_key' }),
);
expectError(defineRepository(hashedStorage, { model: User, fields: { id: 'record_key', profile: 'body' } }));
expectType<'defineRepository() call failed: profile is mapped to body, which is not one of record_key, key1..key20, profile_key, parent_key, service_key1..5, range_key1..10 or expires_at'>(
  mappingMessages({ id: 'record_key', profile: 'body' }),
);
// The error sits on the offending property, as the branded type.
expectNotAssignable<MappingCheck<User, { id: 'record_key'; email: 'range_key1' }>['email']>('range_key1');
expectType<
  RepositoryTypeError<'defineRepository() call failed: email is a string but range_key1 holds integers'>
>({} as MappingCheck<User, { id: 'record_key'; email: 'range_key1' }>['email']);
// defineEntity checks the same rules.
expectError(defineEntity({ model: User, fields: { id: 'record_key', age: 'key1' } }));
// …and its messages name defineEntity.
declare function entityMessages<const TFields extends EntityFieldsInput>(
  fields: TFields,
): MessagesIn<MappingCheck<User, TFields, 'defineEntity'>>;
expectType<'defineEntity() call failed: age is a number but key1 holds strings'>(
  entityMessages({ id: 'record_key', age: 'key1' }),
);
expectType<'defineEntity() call failed: no model field is mapped to record_key'>(
  entityMessages({ email: 'key1' }),
);

// ── cost guard: every slot kind mapped (22 fields), a long chain; 60k instantiations for this file ──────────────────────────────────

const Wide = z.object({
  id: z.string(),
  k1: z.string(),
  k2: z.string(),
  k3: z.string(),
  k4: z.string(),
  k5: z.string(),
  k6: z.string(),
  k7: z.string(),
  k8: z.string(),
  k9: z.string(),
  k10: z.string(),
  n1: z.number(),
  n2: z.number(),
  n3: z.number(),
  n4: z.number(),
  n5: z.number(),
  n6: z.number(),
  n7: z.number(),
  n8: z.number(),
  n9: z.number(),
  n10: z.number(),
  until: z.date(),
});
const wide = defineRepository(plainStorage, {
  model: Wide,
  fields: {
    id: 'record_key',
    k1: 'key1',
    k2: 'key2',
    k3: 'key3',
    k4: 'key4',
    k5: 'key5',
    k6: 'key6',
    k7: 'key7',
    k8: 'key8',
    k9: 'key9',
    k10: 'profile_key',
    n1: 'range_key1',
    n2: 'range_key2',
    n3: 'range_key3',
    n4: 'range_key4',
    n5: 'range_key5',
    n6: 'range_key6',
    n7: 'range_key7',
    n8: 'range_key8',
    n9: 'range_key9',
    n10: 'range_key10',
    until: 'expires_at',
  },
}).in('us');
expectType<50>(
  wide
    .where('k1')
    .eq('a')
    .where('k2')
    .not('b')
    .where('k3')
    .like('c')
    .where('n1')
    .gt(1)
    .where('n1')
    .lte(9)
    .where('n2')
    .gte(2)
    .where('n3')
    .eq([1, 2])
    .where('until')
    .lt(new Date())
    .sortBy('n1', 'desc')
    .sortBy('k1', 'asc')
    .limit(50)
    .offset(100)
    .toQuery().options.limit,
);
