/**
 * A Nest HTTP application whose providers are all wrapped in a Proxy by its `instrument` option, as Nest
 * 12's `instrument` (e.g. @nestjs/observe) and APM agents do: the `get` trap hands out a wrapper per
 * method that calls the original with `this` = the proxy. The Storage, the repositories and the testing
 * PoP are providers, so each is injected wrapped. Decorators are applied as calls (no
 * experimentalDecorators here), exactly as the compiled output of decorator syntax does.
 */
import {
  Body,
  Controller,
  Get,
  type INestApplication,
  Injectable,
  Module,
  Param,
  Post,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineEntity, type RepositoryOf } from '../../src/index.js';
import { INCOUNTRY_LOCAL_POP, IncountryTestingModule, InjectRepository } from '../../src/nestjs/index.js';
import type { LocalPop } from '../../src/server/index.js';

const User = z.object({ id: z.string(), email: z.email(), age: z.number().int() }).describe('User');
const userEntity = defineEntity({
  model: User,
  fields: { id: 'record_key', email: 'key1', age: 'range_key1' },
});

/** Method calls seen by the instrument, as `Class.method`. */
const traced: string[] = [];

/** The instrument: every object Nest creates comes back as a Proxy that traces its method calls. */
function instanceDecorator(instance: unknown): unknown {
  if (typeof instance !== 'object' || instance === null) return instance;
  const owner = instance.constructor?.name ?? 'Object';
  return new Proxy(instance, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'constructor') return value;
      const method = value as (...args: unknown[]) => unknown;
      return function (this: unknown, ...args: unknown[]): unknown {
        traced.push(`${owner}.${String(property)}`);
        return method.apply(this, args);
      };
    },
  });
}

class UsersService {
  constructor(readonly users: RepositoryOf<typeof userEntity>) {}

  /** A service method that returns a query, as applications do. */
  adults(country: string) {
    return this.users.in(country).where('age').gte(18).sortBy('age', 'desc');
  }
}
Injectable()(UsersService);
InjectRepository(User)(UsersService, undefined, 0);

class UsersController {
  constructor(readonly service: UsersService) {}

  create(country: string, body: unknown) {
    return this.service.users.in(country).save(body as z.infer<typeof User>);
  }

  get(country: string, id: string) {
    return this.service.users.in(country).get(id);
  }

  async adults(country: string) {
    return (await this.service.adults(country).find()).data;
  }
}
Controller(':country/users')(UsersController);
Reflect.defineMetadata('design:paramtypes', [UsersService], UsersController);
function route(decorator: MethodDecorator, name: keyof UsersController, params: ParameterDecorator[]): void {
  const descriptor = Object.getOwnPropertyDescriptor(UsersController.prototype, name);
  if (descriptor === undefined) throw new Error(`no method ${name}`);
  decorator(UsersController.prototype, name, descriptor);
  for (const [index, param] of params.entries()) param(UsersController.prototype, name, index);
}
route(Post(), 'create', [Param('country'), Body()]);
route(Get(), 'adults', [Param('country')]);
route(Get(':id'), 'get', [Param('country'), Param('id')]);

class AppModule {}
Module({
  imports: [IncountryTestingModule.forRoot({ repositories: [userEntity] })],
  controllers: [UsersController],
  providers: [UsersService],
})(AppModule);

let app: INestApplication;
let base: string;

beforeAll(async () => {
  app = await NestFactory.create(AppModule, { logger: false, instrument: { instanceDecorator } });
  await app.listen(0, '127.0.0.1');
  base = await app.getUrl();
});

afterAll(async () => {
  await app.close();
});

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

describe('a Nest application with a Proxy-wrapping instrument', () => {
  it('serves requests through wrapped repositories over a wrapped Storage', async () => {
    const ada = { id: 'u1', email: 'ada@example.com', age: 36 };
    const bob = { id: 'u2', email: 'bob@example.com', age: 17 };
    expect(await call('POST', '/us/users', ada)).toEqual({ status: 201, body: ada });
    expect((await call('POST', '/us/users', bob)).status).toBe(201);
    expect(await call('GET', '/us/users/u1')).toEqual({ status: 200, body: ada });
    expect(await call('GET', '/us/users')).toEqual({ status: 200, body: [ada] });

    // The instrument really stood between the layers: Nest injected the wrapped Storage and repository.
    expect(traced).toEqual(
      expect.arrayContaining([
        'UsersController.create',
        'UsersService.adults',
        'RepositoryImpl.in',
        'StorageClient.write',
        'StorageClient.read',
      ]),
    );
    const pop = app.get<LocalPop>(INCOUNTRY_LOCAL_POP);
    expect(pop.admin.requests().filter((r) => r.route === 'find')).toHaveLength(1);
  });
});
