import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type AnyQuery,
  defineRepository,
  InputValidationError,
  ModelValidationError,
  StorageServerError,
} from '../../src/index.js';
import { makeUser, storageCalls, USER_FIELDS, User, useUserPop } from './support/user-fixture.js';

const ctx = useUserPop();

function usersOf<TKind extends 'hashed' | 'plain' = 'hashed'>(kind: TKind = 'hashed' as TKind) {
  return defineRepository(ctx.storages[kind], { model: User, fields: USER_FIELDS });
}

describe('save and get', () => {
  it('round-trips an entity: slots, body fields, nested objects and Dates', async () => {
    const users = usersOf().in('us');
    const user = makeUser(1, { nickname: 'ada', deleteAfter: new Date('2099-01-01T00:00:00.000Z') });
    const saved = await users.save(user);
    expect(saved).toEqual(user);
    const loaded = await users.get('user-1');
    expect(loaded).toEqual(user);
    expect(loaded?.joinedAt).toBeInstanceOf(Date);
  });

  it('stores mapped fields in their slots and the rest in the encrypted body', async () => {
    const users = usersOf('plain').in('us');
    await users.save(makeUser(2, { nickname: 'bob', manager: 'user-1' }));
    const { record } = await ctx.storages.plain.read('us', 'user-2');
    expect(record).toMatchObject({
      record_key: 'user-2',
      key1: 'user2@example.com',
      key2: 'bob',
      parent_key: 'user-1',
      range_key1: 22,
      expires_at: null,
    });
    const body = JSON.parse(record.body ?? 'null') as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['country', 'joinedAt', 'profile']);
    expect(body.joinedAt).toEqual({ $date: '2024-01-03T00:00:00.000Z' });
  });

  it('loads a null slot as null for a nullable field and as missing for an optional one', async () => {
    const users = usersOf().in('us');
    await users.save(makeUser(3));
    const loaded = await users.get('user-3');
    expect(loaded?.manager).toBeNull();
    expect(loaded).not.toHaveProperty('nickname');
  });

  it('returns null for a missing id, and rejects an empty id before sending anything', async () => {
    const users = usersOf().in('us');
    expect(await users.get('nobody')).toBeNull();
    await expect(users.get('')).rejects.toThrow(InputValidationError);
  });

  it('validates with the model on save: InputValidationError naming the field, nothing sent', async () => {
    const users = usersOf().in('us');
    ctx.pop.admin.clearRequests();
    const bad = { ...makeUser(4), email: 'not an email', age: 1.5 };
    const error = await users.save(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputValidationError);
    const { message, issues } = error as InputValidationError;
    expect(message).toMatch(/^save\(\) call failed: the entity does not match the model: /);
    expect(issues.map((i) => i.path.join('.')).sort()).toEqual(['age', 'email']);
    expect(message).not.toContain('not an email');
    expect(storageCalls(ctx.pop)).toEqual([]);
  });

  it('names the entity index in saveMany issues and sends nothing when one entity is invalid', async () => {
    const users = usersOf().in('us');
    ctx.pop.admin.clearRequests();
    const entities = [makeUser(1), makeUser(2), { ...makeUser(3), profile: { name: 7 } }];
    const error = await users.saveMany(entities as User[]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).issues.map((i) => i.path.join('.'))).toContain('2.profile.name');
    expect(storageCalls(ctx.pop)).toEqual([]);
  });

  it('reports the problems of every invalid entity of saveMany at once', async () => {
    const users = usersOf().in('us');
    const entities = [{ ...makeUser(1), age: -1 }, makeUser(2), { ...makeUser(3), email: 'x' }];
    const error = await users.saveMany(entities).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as Error).message).toMatch(
      /^saveMany\(\) call failed: entities do not match the model: 0\.age: /,
    );
    expect((error as InputValidationError).issues.map((i) => i.path.join('.'))).toEqual(['0.age', '2.email']);
    await expect(users.saveMany('nope' as never)).rejects.toThrow(
      'saveMany() call failed: invalid entities: entities:',
    );
  });

  it('deletes by id: true when it existed, false when not', async () => {
    const users = usersOf().in('us');
    await users.save(makeUser(5));
    expect(await users.delete('user-5')).toBe(true);
    expect(await users.get('user-5')).toBeNull();
    expect(await users.delete('user-5')).toBe(false);
  });
});

describe('saveMany and deleteMany', () => {
  it('writes 250 entities in batches of 100 and deletes them in batches of 100', async () => {
    const users = usersOf().in('us');
    const entities = Array.from({ length: 250 }, (_, n) => makeUser(n));
    ctx.pop.admin.clearRequests();
    const saved = await users.saveMany(entities);
    expect(saved).toHaveLength(250);
    expect(storageCalls(ctx.pop)).toEqual(['batchWrite 201', 'batchWrite 201', 'batchWrite 201']);
    expect((await users.limit(1).find()).meta.total).toBe(250);

    ctx.pop.admin.clearRequests();
    await users.deleteMany(entities.map((u) => u.id));
    expect(storageCalls(ctx.pop)).toEqual(['batchDelete 200', 'batchDelete 200', 'batchDelete 200']);
    expect((await users.limit(1).find()).meta.total).toBe(0);
  });

  it('sends nothing for empty lists', async () => {
    const users = usersOf().in('us');
    ctx.pop.admin.clearRequests();
    expect(await users.saveMany([])).toEqual([]);
    await users.deleteMany([]);
    expect(storageCalls(ctx.pop)).toEqual([]);
  });

  it('rejects invalid ids before sending anything', async () => {
    const users = usersOf().in('us');
    const error = await users.deleteMany(['a', '']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).message).toBe(
      'deleteMany() call failed: invalid ids: ids.1: must be a non-empty string',
    );
    await expect(users.delete(42 as never)).rejects.toThrow(
      'delete() call failed: invalid id: id: must be a string',
    );
  });
});

describe('queries with model field names', () => {
  it('finds by a hashed key, sorts by a range key, and returns entities', async () => {
    const users = usersOf().in('us');
    await users.saveMany([
      makeUser(1),
      makeUser(2),
      makeUser(3),
      makeUser(4, { email: 'user1@example.com' }),
    ]);
    const byEmail = await users.where('email').eq('user1@example.com').sortBy('age', 'desc').find();
    expect(byEmail.data.map((u) => u.id)).toEqual(['user-4', 'user-1']);
    expect(byEmail.meta).toMatchObject({ count: 2, total: 2 });
    expect(byEmail.errors).toBeUndefined();
    expect(byEmail.data[0]?.profile.name).toBe('User 4');

    const adults = await users.where('age').gte(22).where('age').lt(24).find();
    expect(adults.data.map((u) => u.id).sort()).toEqual(['user-2', 'user-3']);
  });

  it('compiles to the record fields behind the names', () => {
    const users = usersOf().in('us');
    expect(
      users.where('email').eq('a@b.c').where('age').gte(18).sortBy('age', 'desc').limit(10).toQuery(),
    ).toEqual({
      filter: { key1: 'a@b.c', range_key1: { $gte: 18 } },
      options: { limit: 10, offset: 0, sort: [{ range_key1: 'desc' }] },
    });
  });

  it('findOne returns the first entity or null', async () => {
    const users = usersOf().in('us');
    await users.saveMany([makeUser(1), makeUser(2)]);
    expect((await users.where('id').eq('user-2').findOne())?.record.id).toBe('user-2');
    expect(await users.where('id').eq('user-9').findOne()).toBeNull();
  });

  it('iterates over every page, yielding entities', async () => {
    const users = usersOf().in('us');
    await users.saveMany(Array.from({ length: 25 }, (_, n) => makeUser(n)));
    const seen: string[] = [];
    for await (const user of users.sortBy('age', 'asc').limit(10)) seen.push(user.id);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    ctx.pop.admin.clearRequests();
    for await (const _ of users.limit(10)) {
      // pages only
    }
    expect(storageCalls(ctx.pop)).toEqual(['find 200', 'find 200', 'find 200']);
  });

  it('supports like and sorting by key slots with plain search keys, and rejects them when hashed', async () => {
    const plain = usersOf('plain').in('us');
    await plain.saveMany([makeUser(1), makeUser(2), makeUser(12)]);
    const found = await plain.where('email').like('user1').sortBy('email', 'asc').find();
    // Plain keys sort as text: 'user12@…' < 'user1@…' ('2' sorts before '@').
    expect(found.data.map((u) => u.id)).toEqual(['user-12', 'user-1']);

    const hashed = usersOf('hashed').in('us') as unknown as AnyQuery;
    expect(() => hashed.sortBy('email', 'asc')).toThrow(
      "sortBy() call failed: email (key1) needs plain search keys; create the storage with options.hashSearchKeys: false or encrypt: 'SSE'",
    );
  });

  it('checks the rules at run time against the record field behind each name', () => {
    const users = usersOf().in('us') as unknown as AnyQuery;
    expect(() => users.where('email').gt(1)).toThrow(
      'gt() call failed: email (key1) is not a range key, version or date field',
    );
    expect(() => users.where('profile').eq('x')).toThrow(
      'where() call failed: profile is not a filterable field',
    );
    expect(() => users.where('age').eq('x')).toThrow(InputValidationError);
  });

  it('$if and $call hand the repository itself to the callback', async () => {
    const users = usersOf().in('us');
    await users.saveMany([makeUser(1), makeUser(30)]);
    const minAge: number | undefined = 40;
    const q = users.$if(minAge !== undefined, (r) => r.where('age').gte(minAge ?? 0));
    expect((await q.find()).data.map((u) => u.id)).toEqual(['user-30']);
    expect(users.$call((r) => r.country)).toBe('us');
  });

  it('$dynamic() queries built in pieces run with the same rules, checked at run time', async () => {
    const users = usersOf().in('us');
    await users.saveMany([makeUser(1), makeUser(30), makeUser(50)]);
    let q = users.$dynamic();
    for (const [min, max] of [[45, 60]] as const) q = q.where('age').gte(min).where('age').lt(max);
    expect((await q.find()).data.map((u) => u.id)).toEqual(['user-30']);
    expect(() => q.where('age').gt(1)).toThrow('gt() call failed: age (range_key1) already has $gte');
  });

  it('keeps branches independent (immutable builders)', () => {
    const users = usersOf().in('us');
    const young = users.where('age').lt(30);
    const old = users.where('age').gte(30);
    expect(young.toQuery().filter).toEqual({ range_key1: { $lt: 30 } });
    expect(old.toQuery().filter).toEqual({ range_key1: { $gte: 30 } });
    expect(users.toQuery().filter).toEqual({});
  });
});

describe('bigint model fields on range keys', () => {
  const Ledger = z.object({ id: z.string(), cents: z.bigint(), count: z.number().int() });
  const ledgerOf = () =>
    defineRepository(ctx.storages.hashed, {
      model: Ledger,
      fields: { id: 'record_key', cents: 'range_key2', count: 'range_key3' },
    }).in('us');

  it('stores 64-bit values, reads them back as bigint (small ones too) and queries them', async () => {
    const ledger = ledgerOf();
    const big = 2n ** 62n + 1n;
    await ledger.saveMany([
      { id: 'big', cents: big, count: 1 },
      { id: 'small', cents: 5n, count: 2 },
    ]);
    const { record } = await ctx.storages.hashed.read('us', 'big');
    expect(record.range_key2).toBe(big);
    expect(await ledger.get('big')).toEqual({ id: 'big', cents: big, count: 1 });
    expect(await ledger.get('small')).toEqual({ id: 'small', cents: 5n, count: 2 });
    const { data } = await ledger
      .where('cents')
      .gte(2n ** 60n)
      .find();
    expect(data).toEqual([{ id: 'big', cents: big, count: 1 }]);
  });

  it('refuses a bigint outside the 64-bit range, naming the field, before sending anything', async () => {
    const error = await ledgerOf()
      .save({ id: 'huge', cents: 2n ** 63n, count: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).issues).toEqual([
      { path: ['cents'], message: 'must be a safe integer or a 64-bit bigint to be stored in range_key2' },
    ]);
  });
});

describe('records that do not match the model', () => {
  it('reports a record written with an older model shape in errors, not thrown or dropped', async () => {
    const users = usersOf().in('us');
    await users.saveMany([makeUser(1), makeUser(2)]);
    // An older model had no profile and stored the age in the body.
    await ctx.storages.hashed.write('us', {
      record_key: 'legacy-1',
      key1: 'legacy@example.com',
      body: JSON.stringify({ country: 'us', age: 40, joinedAt: { $date: '2020-01-01T00:00:00.000Z' } }),
    });
    const page = await users.find();
    expect(page.data.map((u) => u.id).sort()).toEqual(['user-1', 'user-2']);
    expect(page.meta.total).toBe(3);
    expect(page.errors).toHaveLength(1);
    const failed = page.errors?.[0];
    if (failed === undefined) throw new Error('expected one error');
    expect(failed.error).toBeInstanceOf(ModelValidationError);
    // The body's age is ignored (age lives in range_key1 now, which is null); profile is missing.
    expect((failed.error as ModelValidationError).issues.map((i) => i.path.join('.')).sort()).toEqual([
      'age',
      'profile',
    ]);
    expect(failed.error.message).not.toContain('legacy');
    expect(failed.rawData).toMatchObject({ record_key: 'legacy-1' });

    await expect(users.get('legacy-1')).rejects.toThrow(ModelValidationError);
  });

  it('reports a body that is not JSON', async () => {
    await ctx.storages.hashed.write('us', { record_key: 'raw-1', body: 'plain text' });
    const page = await usersOf().in('us').find();
    expect(page.data).toEqual([]);
    expect(page.errors?.[0]?.error.message).toBe(
      'stored record does not match the model: body: is not a JSON object written by a repository',
    );
  });

  it('stops async iteration at a bad record after yielding the good ones before it', async () => {
    const users = usersOf().in('us');
    await users.save(makeUser(1, { age: 20 }));
    await ctx.storages.hashed.write('us', { record_key: 'raw-2', range_key1: 30, body: '{}' });
    const seen: string[] = [];
    const iterate = async () => {
      for await (const user of users.sortBy('age', 'asc')) seen.push(user.id);
    };
    await expect(iterate()).rejects.toThrow(ModelValidationError);
    expect(seen).toEqual(['user-1']);
  });
});

describe('countries and storage errors', () => {
  it('keeps countries apart', async () => {
    const users = usersOf();
    await users.in('us').save(makeUser(1));
    expect(await users.in('de').get('user-1')).toBeNull();
  });

  it('passes server errors through', async () => {
    ctx.pop.admin.addFault({ route: 'write', status: 400, times: 1 });
    await expect(usersOf().in('us').save(makeUser(1))).rejects.toThrow(StorageServerError);
    ctx.pop.admin.clearFaults();
  });

  it('validates the country like the Storage does', () => {
    expect(() => usersOf().in('')).toThrow(InputValidationError);
  });
});
