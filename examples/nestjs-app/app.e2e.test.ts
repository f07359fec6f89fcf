/**
 * The NestJS example end to end over HTTP: fetch -> Nest (express) -> controller -> repository -> Storage
 * -> a local PoP started by IncountryTestingModule, which replaces the app's IncountryModule import.
 */
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCOUNTRY_LOCAL_POP, IncountryTestingModule } from '../../src/nestjs/index.js';
import type { LocalPop } from '../../src/server/index.js';
import { AppModule, incountry } from './app.module.js';
import { userEntity } from './user-model.js';

let app: INestApplication;
let pop: LocalPop;
let base: string;

beforeAll(async () => {
  // The application module as it is, with its Incountry import swapped for a local PoP.
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideModule(incountry)
    .useModule(IncountryTestingModule.forRoot({ repositories: [userEntity] }))
    .compile();
  app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  base = await app.getUrl();
  pop = app.get<LocalPop>(INCOUNTRY_LOCAL_POP);
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
  return {
    status: response.status,
    body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>),
  };
}

async function listIds(path: string): Promise<string[]> {
  const { body } = await call('GET', path);
  return ((body?.data ?? []) as { id: string }[]).map((u) => u.id);
}

const ada = { id: 'u1', email: 'ada@example.com', name: 'Ada', age: 36, address: { city: 'London' } };
const bob = { id: 'u2', email: 'bob@example.com', name: 'Bob', age: 17 };
const cyd = { id: 'u3', email: 'ada@example.com', name: 'Cyd', age: 52 };

describe('NestJS users service over HTTP', () => {
  it('creates users and reads them back', async () => {
    expect(await call('POST', '/us/users', ada)).toEqual({ status: 201, body: ada });
    expect((await call('POST', '/us/users', bob)).status).toBe(201);
    expect((await call('POST', '/us/users', cyd)).status).toBe(201);
    expect(await call('GET', '/us/users/u1')).toEqual({ status: 200, body: ada });
    expect((await call('GET', '/us/users/nobody')).status).toBe(404);
    expect((await call('GET', '/de/users/u1')).status).toBe(404);
  });

  it('lists by email and minimum age, oldest first', async () => {
    expect(await listIds('/us/users?email=ada@example.com')).toEqual(['u3', 'u1']);
    expect(await listIds('/us/users?minAge=18')).toEqual(['u3', 'u1']);
    expect(await listIds('/us/users?email=ada@example.com&minAge=40')).toEqual(['u3']);
    expect((await call('GET', '/us/users?limit=2')).body).toMatchObject({
      meta: { count: 2, total: 3, limit: 2 },
      unreadable: 0,
    });
  });

  it('answers 400 naming the field when a body does not match the model, and stores nothing', async () => {
    pop.admin.clearRequests();
    const { status, body } = await call('POST', '/us/users', { ...bob, id: 'u9', email: 'nope' });
    expect(status).toBe(400);
    expect(body).toMatchObject({
      error: 'INPUT_VALIDATION',
      message: 'save() call failed: the entity does not match the model: email: Invalid email address',
      issues: [{ path: ['email'], message: 'Invalid email address' }],
    });
    expect(pop.admin.requests().filter((r) => r.route === 'write')).toEqual([]);
    expect((await call('GET', '/us/users?minAge=-3')).status).toBe(400);
  });

  it('answers 502 without details when the platform fails (StorageExceptionFilter)', async () => {
    pop.admin.addFault({ route: 'write', status: 400, times: 1 });
    const { status, body } = await call('POST', '/us/users', { ...bob, id: 'u8' });
    expect(status).toBe(502);
    expect(body).toEqual({ statusCode: 502, error: 'SERVER_ERROR', message: 'The storage service failed' });
  });

  it('deletes users', async () => {
    expect(await call('DELETE', '/us/users/u2')).toEqual({ status: 204, body: undefined });
    expect((await call('GET', '/us/users/u2')).status).toBe(404);
    expect((await call('DELETE', '/us/users/u2')).status).toBe(404);
  });
});
