/**
 * Storages, repositories, country repositories and query builders behind an instrumentation Proxy, the
 * shape Nest's `instrument` option and OpenTelemetry's Nest instrumentation give providers: a `get` trap
 * that hands out a wrapper for every method, and the wrapper calls the original with `this` = the proxy.
 * Every public method is called through the wrappers, end to end against a local PoP.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createQueryBuilder,
  createStorage,
  defineRepository,
  SecretKeyAccessor,
  type Storage,
  StorageConfigValidationError,
  StorageServerError,
} from '../../src/index.js';
import { proxyTarget, recordProxyTarget, runOnProxyTarget } from '../../src/instrumentation/proxy-target.js';
import { notAStorageMessage } from '../../src/repository/mapping-messages.js';
import { type LocalPop, startLocalPop } from '../../src/server/index.js';
import { StorageClient } from '../../src/storage/storage-client.js';

/** Wraps `target` as instrumentation does; each method call is logged as `label.method`. */
function instrument<T extends object>(target: T, label: string, calls: string[]): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof value !== 'function' || property === 'constructor') return value;
      const method = value as (...args: unknown[]) => unknown;
      return function (this: unknown, ...args: unknown[]): unknown {
        calls.push(`${label}.${String(property)}`);
        return method.apply(this, args);
      };
    },
  });
}

/** Every method and accessor a class's prototype offers, so a new public method cannot go untested. */
function membersOf(prototype: object): string[] {
  return Reflect.ownKeys(prototype)
    .filter((key) => key !== 'constructor')
    .map(String)
    .sort();
}

const User = z.object({ id: z.string(), email: z.email(), age: z.number().int(), name: z.string() });
const userFields = { id: 'record_key', email: 'key1', age: 'range_key1' } as const;
const ada = { id: 'u1', email: 'ada@example.com', age: 36, name: 'Ada' };
const bob = { id: 'u2', email: 'bob@example.com', age: 17, name: 'Bob' };
const cyd = { id: 'u3', email: 'cyd@example.com', age: 52, name: 'Cyd' };

let pop: LocalPop;
let real: Storage<{ readonly plainSearchKeys: true }>;

beforeAll(async () => {
  pop = await startLocalPop();
  real = (await createStorage({
    ...pop.storageOptions,
    secretKeyAccessor: new SecretKeyAccessor(() => 'instrumented secret'),
    options: { ...pop.storageOptions.options, hashSearchKeys: false },
  })) as unknown as Storage<{ readonly plainSearchKeys: true }>;
});

afterAll(async () => {
  await pop.close();
});

describe('a storage with telemetry behind an instrumentation Proxy', () => {
  it("traces its calls and its repositories' finds through the wrappers", async () => {
    const operations: string[] = [];
    const traced = await createStorage({
      ...pop.storageOptions,
      secretKeyAccessor: new SecretKeyAccessor(() => 'instrumented secret'),
      telemetry: {
        operation: (context, run) => {
          operations.push(`${context.operation} ${context.country ?? ''}`);
          return run();
        },
      },
    });
    const calls: string[] = [];
    const storage = instrument(traced, 'storage', calls);
    await storage.write('de', { record_key: 'traced-1', key1: 'a' });
    expect((await storage.read('de', 'traced-1')).record.key1).toBe('a');
    const users = defineRepository(storage, { model: User, fields: userFields });
    await users.in('de').save(ada);
    const { data } = await instrument(users.in('de'), 'users', calls).where('age').gte(18).find();
    expect(data).toEqual([ada]);
    expect(operations).toEqual(['write de', 'read de', 'write de', 'find de']);
    expect(calls).toEqual(expect.arrayContaining(['storage.write', 'storage.read', 'users.where']));
  });
});

describe('a storage behind an instrumentation Proxy', () => {
  it('answers every public method through the wrappers', async () => {
    const calls: string[] = [];
    const storage = instrument(real, 'storage', calls);
    const used = new Set<string>();
    const record = (name: string) => used.add(name);

    expect(storage.queryConfig).toEqual({ plainSearchKeys: true });
    record('queryConfig');
    expect((await storage.write('us', { record_key: 'r1', key1: 'a', range_key1: 1 })).record.key1).toBe('a');
    record('write');
    await storage.batchWrite('us', [
      { record_key: 'r2', key1: 'b', range_key1: 2 },
      { record_key: 'r3', key1: 'c', range_key1: 3 },
    ]);
    record('batchWrite');
    expect((await storage.read('us', 'r1')).record.record_key).toBe('r1');
    record('read');
    expect((await storage.find('us', { range_key1: { $gte: 2 } })).meta.total).toBe(2);
    record('find');
    expect((await storage.findOne('us', { key1: 'c' }))?.record.record_key).toBe('r3');
    record('findOne');
    expect((await storage.in('us').where('key1').like('b').find()).data.map((r) => r.record_key)).toEqual([
      'r2',
    ]);
    record('in');
    const attached = await storage.addAttachment('us', 'r1', {
      file: Readable.from(['hi']),
      fileName: 'a.txt',
    });
    record('addAttachment');
    const fileId = attached.attachmentMeta.file_id;
    expect((await storage.getAttachmentMeta('us', 'r1', fileId)).attachmentMeta.filename).toBe('a.txt');
    record('getAttachmentMeta');
    await storage.updateAttachmentMeta('us', 'r1', fileId, { filename: 'b.txt' });
    record('updateAttachmentMeta');
    const { attachmentData } = await storage.getAttachmentFile('us', 'r1', fileId);
    expect(attachmentData.filename).toBe('b.txt');
    expect((await attachmentData.file.toArray()).join('')).toBe('hi');
    record('getAttachmentFile');
    await storage.deleteAttachment('us', 'r1', fileId);
    record('deleteAttachment');
    expect(await storage.migrate('us', 10)).toMatchObject({ migrated: 0, totalLeft: 0 });
    record('migrate');
    expect((await storage.healthCheck('us')).result).toBe(true);
    record('healthCheck');
    await storage.delete('us', 'r1');
    record('delete');
    await storage.batchDelete('us', { record_key: ['r2', 'r3'] });
    record('batchDelete');
    await expect(storage.read('us', 'r2')).rejects.toBeInstanceOf(StorageServerError);

    expect([...used].sort()).toEqual(membersOf(StorageClient.prototype));
    expect(calls).toContain('storage.write');
    expect(calls).toContain('storage.migrate');
  });

  it('still refuses a look-alike storage, wrapped or not, with the documented message', () => {
    const lookAlike = { find: () => undefined, in: () => undefined, queryConfig: {} };
    for (const fake of [lookAlike, instrument(lookAlike, 'fake', [])]) {
      const users = defineRepository(fake as unknown as Storage, { model: User, fields: userFields });
      expect(() => users.in('us')).toThrow(new StorageConfigValidationError(notAStorageMessage()));
    }
  });
});

describe('repositories behind instrumentation Proxies', () => {
  it('answer every public method, over a wrapped storage, and the storage wrapper sees their calls', async () => {
    const calls: string[] = [];
    const storage = instrument(real, 'storage', calls);
    const repository = instrument(
      defineRepository(storage, { model: User, fields: userFields }),
      'repository',
      calls,
    );
    expect(repository.model).toBe(User);
    expect(repository.fields).toEqual(userFields);
    expect(repository.idField).toBe('id');
    const users = instrument(repository.in('us'), 'users', calls);
    expect(users.country).toBe('us');

    expect(await users.save(ada)).toEqual(ada);
    expect(await users.saveMany([bob, cyd])).toEqual([bob, cyd]);
    expect(await users.get('u1')).toEqual(ada);
    expect(await users.get('nobody')).toBeNull();

    const adults = users.where('age').gte(18).sortBy('age', 'desc');
    expect((await adults.find()).data).toEqual([cyd, ada]);
    expect(
      (await users.or((o) => o.where('email').eq(ada.email).where('email').eq(bob.email)).find()).data,
    ).toHaveLength(2);
    expect((await users.searchKeys('bob@example').find()).data).toEqual([bob]);
    expect((await users.sortBy('age', 'asc').limit(1).offset(1).find()).data).toEqual([ada]);
    expect((await users.limit(2).find()).meta.count).toBe(2);
    expect((await users.offset(2).find()).meta.count).toBe(1);
    expect(users.toQuery()).toEqual({ filter: {}, options: { limit: 100, offset: 0 } });
    expect(await users.findOne()).toMatchObject({
      record: expect.objectContaining({ id: expect.any(String) }),
    });
    expect(users.$if(false, (q) => q.where('age').gte(99))).toBeDefined();
    expect((await users.$if(true, (q) => q.where('age').lt(18)).find()).data).toEqual([bob]);
    expect((await users.$call((q) => q.where('email').eq(cyd.email)).find()).data).toEqual([cyd]);
    expect((await users.$dynamic().where('age').eq(36).find()).data).toEqual([ada]);
    const all: unknown[] = [];
    for await (const user of users) all.push(user);
    expect(all).toHaveLength(3);

    expect(await users.delete('u1')).toBe(true);
    expect(await users.delete('u1')).toBe(false);
    await users.deleteMany(['u2', 'u3']);
    expect((await users.find()).data).toEqual([]);

    const countryRepositoryMembers = membersOf(Object.getPrototypeOf(users) as object);
    const called = new Set(calls.filter((c) => c.startsWith('users.')).map((c) => c.slice('users.'.length)));
    expect(countryRepositoryMembers.filter((m) => !called.has(m))).toEqual([]);
    expect(calls).toContain('repository.in');
    expect(calls).toEqual(expect.arrayContaining(['storage.write', 'storage.batchWrite', 'storage.read']));
    expect(calls).toEqual(expect.arrayContaining(['storage.delete', 'storage.batchDelete']));
  });
});

describe('a query builder behind an instrumentation Proxy', () => {
  it('answers every public method through the wrappers', async () => {
    await real.batchWrite('us', [
      { record_key: 'q1', key1: 'xray', key2: 'y', range_key1: 1 },
      { record_key: 'q2', key1: 'zulu', key2: 'y', range_key1: 2 },
    ]);
    const calls: string[] = [];
    const q = instrument(real.in('us'), 'query', calls);
    const wrapped = <T extends object>(builder: T) => instrument(builder, 'query', calls);

    expect((await wrapped(q.where('range_key1').gte(2)).find()).data.map((r) => r.record_key)).toEqual([
      'q2',
    ]);
    expect(
      (await wrapped(q.or((o) => o.where('key1').eq('xray').where('key1').eq('zulu'))).find()).meta.total,
    ).toBe(2);
    expect((await wrapped(q.searchKeys('zul')).find()).meta.total).toBe(1);
    expect(
      (await wrapped(wrapped(q.sortBy('range_key1', 'desc')).limit(1)).findOne())?.record.record_key,
    ).toBe('q2');
    expect(wrapped(q.offset(1)).toQuery().options).toEqual({ limit: 100, offset: 1 });
    expect(q.$if(false, (b) => b.where('key2').eq('y'))).toBeDefined();
    expect((await q.$call((b) => b.where('key2').eq('y')).find()).meta.total).toBe(2);
    expect(q.$dynamic().toQuery().filter).toEqual({});
    const keys: string[] = [];
    for await (const r of q) keys.push(r.record_key);
    expect(keys.sort()).toEqual(['q1', 'q2']);

    const builderMembers = membersOf(Object.getPrototypeOf(q) as object);
    const called = new Set(calls.map((c) => c.slice('query.'.length)));
    expect(builderMembers.filter((m) => !called.has(m))).toEqual([]);
    await real.batchDelete('us', { record_key: ['q1', 'q2'] });
  });
});

describe('createQueryBuilder', () => {
  it('builds over any executor, and the builder survives a wrapper', async () => {
    const q = instrument(
      createQueryBuilder(
        { find: async () => ({ data: [], meta: { count: 0, limit: 1, offset: 0, total: 0 } }) },
        {
          config: { plainSearchKeys: false },
        },
      ),
      'query',
      [],
    );
    expect(await q.where('key1').eq('a').findOne()).toBeNull();
  });
});

describe('runOnProxyTarget', () => {
  class Counter {
    #count = 0;
    constructor() {
      recordProxyTarget(this);
    }
    get count(): number {
      return this.#count;
    }
    set count(value: number) {
      this.#count = value;
    }
    add(n: number): this {
      this.#count += n;
      return this;
    }
    [Symbol.iterator](): Iterator<number> {
      return [this.#count][Symbol.iterator]();
    }
  }
  runOnProxyTarget(Counter);

  it('runs methods, getters, setters and symbol-keyed methods on the instance behind a Proxy', () => {
    const counter = new Counter();
    const wrapped = instrument(counter, 'counter', []);
    wrapped.add(2).add(3);
    wrapped.count = wrapped.count * 2;
    expect([...wrapped]).toEqual([10]);
    expect(counter.count).toBe(10);
    expect(Counter.prototype.add.name).toBe('add');
  });

  it('finds the instance behind a Proxy or a derived object, and leaves anything else as it is', () => {
    const counter = new Counter();
    expect(proxyTarget(instrument(counter, 'counter', []))).toBe(counter);
    expect(proxyTarget(Object.create(counter))).toBe(counter);
    const plain = { add: () => 0 };
    expect(proxyTarget(plain)).toBe(plain);
    expect(proxyTarget(undefined)).toBeUndefined();
    // The record is invisible to enumeration and inspection.
    expect(Object.keys(counter)).toEqual([]);
    expect(JSON.stringify(counter)).toBe('{}');
  });
});
