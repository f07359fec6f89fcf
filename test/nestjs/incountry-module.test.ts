/**
 * IncountryModule in real Nest application contexts. Decorators are applied as calls (no
 * experimentalDecorators here), exactly as the compiled output of decorator syntax does.
 */
import { type DynamicModule, Inject, Injectable, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createStorage,
  defineEntity,
  type RepositoryOf,
  SecretKeyAccessor,
  type Storage,
  StorageConfigValidationError,
  type StorageTelemetry,
} from '../../src/index.js';
import {
  getRepositoryToken,
  INCOUNTRY_LOCAL_POP,
  INCOUNTRY_STORAGE,
  IncountryModule,
  IncountryTestingModule,
  InjectRepository,
  InjectStorage,
} from '../../src/nestjs/index.js';
import { type LocalPop, startLocalPop } from '../../src/server/index.js';

const User = z
  .object({ id: z.string(), email: z.email(), age: z.number().int(), name: z.string() })
  .describe('User');
const userEntity = defineEntity({
  model: User,
  fields: { id: 'record_key', email: 'key1', age: 'range_key1' },
});
const Order = z.object({ orderId: z.string(), userId: z.string(), total: z.number().int() });
const orderEntity = defineEntity({ model: Order, fields: { orderId: 'record_key', userId: 'parent_key' } });

class UsersService {
  constructor(
    readonly users: RepositoryOf<typeof userEntity>,
    readonly storage: Storage,
  ) {}
}
Injectable()(UsersService);
InjectRepository(User)(UsersService, undefined, 0);
InjectStorage()(UsersService, undefined, 1);

class OrdersService {
  constructor(readonly orders: RepositoryOf<typeof orderEntity>) {}
}
Injectable()(OrdersService);
InjectRepository(orderEntity)(OrdersService, undefined, 0);

function moduleOf(metadata: Parameters<typeof Module>[0]): Type {
  class TestModule {}
  Module(metadata)(TestModule);
  return TestModule;
}

async function contextOf(root: Type) {
  return NestFactory.createApplicationContext(root, { logger: false, abortOnError: false });
}

let pop: LocalPop;
let storage: Storage;

beforeAll(async () => {
  pop = await startLocalPop();
  storage = (await createStorage({
    ...pop.storageOptions,
    secretKeyAccessor: new SecretKeyAccessor(() => 'nest test secret'),
  })) as unknown as Storage;
});

afterAll(async () => {
  await pop.close();
});

describe('IncountryModule.forRoot', () => {
  it('telemetry: the storage it creates, and a ready one, report their calls (repository calls included)', async () => {
    const seen: string[] = [];
    const telemetry: StorageTelemetry = {
      operation: (context, run) => {
        seen.push(`${context.operation} ${context.country}`);
        return run();
      },
    };
    const ready = (await createStorage({
      ...pop.storageOptions,
      secretKeyAccessor: new SecretKeyAccessor(() => 'nest test secret'),
    })) as unknown as Storage;
    for (const root of [
      { ...pop.storageOptions, secretKeyAccessor: new SecretKeyAccessor(() => 'nest test secret') },
      ready,
    ]) {
      const app = await contextOf(
        moduleOf({
          imports: [IncountryModule.forRoot({ storage: root, telemetry, repositories: [userEntity] })],
          providers: [UsersService],
        }),
      );
      const { users } = app.get(UsersService);
      await users.in('us').save({ id: 'u9', email: 'tel@example.com', age: 30, name: 'Tel' });
      await users.in('us').where('email').eq('tel@example.com').find();
      await app.close();
    }
    expect(seen).toEqual(['write us', 'find us', 'write us', 'find us']);
  });

  it('telemetry beside a Storage not made by createStorage is refused', async () => {
    const fake = { find: () => undefined, in: () => undefined } as unknown as Storage;
    const telemetry: StorageTelemetry = { operation: (_context, run) => run() };
    await expect(
      contextOf(moduleOf({ imports: [IncountryModule.forRoot({ storage: fake, telemetry })] })),
    ).rejects.toThrow(/telemetry needs a Storage made by createStorage/);
  });

  it('provides the Storage and the repositories, injected by model', async () => {
    const app = await contextOf(
      moduleOf({
        imports: [IncountryModule.forRoot({ storage, repositories: [userEntity] })],
        providers: [UsersService],
      }),
    );
    const service = app.get(UsersService);
    expect(service.storage).toBe(storage);
    await service.users.in('us').save({ id: 'u1', email: 'ada@example.com', age: 36, name: 'Ada' });
    expect(await service.users.in('us').get('u1')).toEqual({
      id: 'u1',
      email: 'ada@example.com',
      age: 36,
      name: 'Ada',
    });
    expect(app.get(getRepositoryToken(User))).toBe(service.users);
    await app.close();
  });

  it('creates the Storage from createStorage options', async () => {
    const app = await contextOf(
      moduleOf({
        imports: [
          IncountryModule.forRoot({
            storage: {
              ...pop.storageOptions,
              secretKeyAccessor: new SecretKeyAccessor(() => 'nest test secret'),
            },
            repositories: [userEntity],
          }),
        ],
        providers: [UsersService],
      }),
    );
    const { users } = app.get(UsersService);
    await users.in('us').save({ id: 'u2', email: 'bob@example.com', age: 40, name: 'Bob' });
    // The same secret and environment: the storage created here reads what the test's storage reads.
    expect((await storage.read('us', 'u2')).record.key1).toBe('bob@example.com');
    await app.close();
  });

  it('fails the bootstrap with StorageConfigValidationError on invalid options', async () => {
    const error = await contextOf(
      moduleOf({ imports: [IncountryModule.forRoot({ storage: null as never })] }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageConfigValidationError);
    expect((error as Error).message).toBe(
      'IncountryModule: storage: storage must be a Storage or createStorage() options',
    );
  });

  it('fails the bootstrap on an illegal mapping (run-time check)', async () => {
    const broken = { model: User, fields: { id: 'record_key', email: 'range_key1' } } as never;
    const error = await contextOf(
      moduleOf({ imports: [IncountryModule.forRoot({ storage, repositories: [broken] })] }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageConfigValidationError);
    expect((error as Error).message).toBe(
      'defineRepository() call failed: email is a string but range_key1 holds integers',
    );
  });
});

describe('IncountryModule.forRootAsync and forFeature', () => {
  it('takes options from a factory with inject and imports; feature modules add repositories', async () => {
    const CONFIG = Symbol('config');
    const configModule = moduleOf({
      providers: [{ provide: CONFIG, useValue: { secret: 'nest test secret' } }],
      exports: [CONFIG],
    });
    const ordersModule = moduleOf({
      imports: [IncountryModule.forFeature([orderEntity])],
      providers: [OrdersService],
      exports: [OrdersService],
    });
    const app = await contextOf(
      moduleOf({
        imports: [
          IncountryModule.forRootAsync({
            imports: [configModule],
            inject: [CONFIG],
            useFactory: async (config: { secret: string }) => ({
              storage: {
                ...pop.storageOptions,
                secretKeyAccessor: new SecretKeyAccessor(() => config.secret),
              },
            }),
            repositories: [userEntity],
          }),
          ordersModule,
        ],
        providers: [UsersService],
      }),
    );
    const { orders } = app.get(OrdersService);
    await orders.in('us').save({ orderId: 'o1', userId: 'u1', total: 1200 });
    const { data } = await orders.in('us').where('userId').eq('u1').find();
    expect(data).toEqual([{ orderId: 'o1', userId: 'u1', total: 1200 }]);
    expect(app.get(UsersService).users.idField).toBe('id');
    await app.close();
  });

  it('returns dynamic modules of IncountryModule itself, global unless told otherwise', () => {
    const root = IncountryModule.forRoot({ storage });
    expect(root.module).toBe(IncountryModule);
    expect(root.global).toBe(true);
    expect(IncountryModule.forRoot({ storage, isGlobal: false }).global).toBe(false);
    expect(IncountryModule.forRootAsync({ useFactory: () => ({ storage }) }).module).toBe(IncountryModule);
    expect(IncountryModule.forFeature([userEntity]).module).toBe(IncountryModule);
  });

  it('gives one token per model, whether asked by schema or by definition', () => {
    expect(getRepositoryToken(User)).toBe(getRepositoryToken(userEntity));
    expect(getRepositoryToken(User)).not.toBe(getRepositoryToken(Order));
    expect(getRepositoryToken(User).description).toBe('IncountryRepository(User)');
    // Without .describe() the model's field names say which one it is.
    expect(getRepositoryToken(Order).description).toBe('IncountryRepository({ orderId, userId, total })');
    const Wide = z.object(Object.fromEntries('abcdefgh'.split('').map((k) => [k, z.string()])));
    expect(getRepositoryToken(Wide).description).toBe('IncountryRepository({ a, b, c, d, e, f, … })');
  });

  it.each([
    ['a described model', UsersService, 'Symbol(IncountryRepository(User))'],
    [
      'a model without a description',
      OrdersService,
      'Symbol(IncountryRepository({ orderId, userId, total }))',
    ],
  ])("names the missing repository of %s in Nest's dependency error", async (_, service, token) => {
    const root = moduleOf({ imports: [IncountryModule.forRoot({ storage })], providers: [service] });
    await expect(contextOf(root)).rejects.toThrow(
      `Please make sure that the argument ${token} at index [0] is available in the TestModule module.`,
    );
  });
});

describe('IncountryTestingModule', () => {
  it('runs the app on its own local PoP and stops it on close', async () => {
    const root = (testing: DynamicModule) => moduleOf({ imports: [testing], providers: [UsersService] });
    const app = await contextOf(
      root(IncountryTestingModule.forRoot({ repositories: [userEntity], hashSearchKeys: false })),
    );
    // The type parameter says what the module was configured with: plain search keys.
    const users = app.get(UsersService).users as RepositoryOf<typeof userEntity, { plainSearchKeys: true }>;
    await users.in('us').saveMany([
      { id: 'a', email: 'ann@example.com', age: 30, name: 'Ann' },
      { id: 'b', email: 'ben@example.com', age: 31, name: 'Ben' },
    ]);
    // Plain search keys: like() and sorting by the email slot work.
    const { data } = await users.in('us').where('email').like('example').sortBy('email', 'desc').find();
    expect(data.map((u) => u.id)).toEqual(['b', 'a']);
    const testPop = app.get<LocalPop>(INCOUNTRY_LOCAL_POP);
    expect(testPop.url).not.toBe(pop.url);
    expect(testPop.admin.requests().some((r) => r.route === 'find')).toBe(true);
    expect(app.get(INCOUNTRY_STORAGE)).toBe(app.get(UsersService).storage);
    await app.close();
    await expect(fetch(`${testPop.url}/_pop/health`)).rejects.toThrow();
  });
});

describe('UsersService wiring helper', () => {
  it('Inject with the token works the same as InjectRepository', async () => {
    class ByToken {
      constructor(readonly users: RepositoryOf<typeof userEntity>) {}
    }
    Injectable()(ByToken);
    Inject(getRepositoryToken(User))(ByToken, undefined, 0);
    const app = await contextOf(
      moduleOf({
        imports: [IncountryModule.forRoot({ storage, repositories: [userEntity] })],
        providers: [ByToken],
      }),
    );
    expect(app.get(ByToken).users).toBe(app.get(getRepositoryToken(User)));
    await app.close();
  });
});
