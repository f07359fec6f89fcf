/**
 * The example service end to end over HTTP: fetch -> Express -> repository -> Storage -> local PoP.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorage, defineRepository, SecretKeyAccessor } from '../../src/index.js';
import { type LocalPop, startLocalPop } from '../../src/server/index.js';
import { createApp } from './app.js';
import { userEntity } from './user-model.js';

let pop: LocalPop;
let server: Server;
let base: string;

beforeAll(async () => {
  pop = await startLocalPop();
  const storage = await createStorage({
    ...pop.storageOptions,
    secretKeyAccessor: new SecretKeyAccessor(() => 'express example secret'),
  });
  server = createApp(defineRepository(storage, userEntity)).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await pop.close();
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

/** The ids of a list answer, in order. */
async function listIds(path: string): Promise<string[]> {
  const { body } = await call('GET', path);
  return ((body?.data ?? []) as { id: string }[]).map((u) => u.id);
}

const ada = { id: 'u1', email: 'ada@example.com', name: 'Ada', age: 36, address: { city: 'London' } };
const bob = { id: 'u2', email: 'bob@example.com', name: 'Bob', age: 17 };
const cyd = { id: 'u3', email: 'ada@example.com', name: 'Cyd', age: 52 };

describe('users service over HTTP', () => {
  it('creates users and reads them back', async () => {
    expect(await call('POST', '/us/users', ada)).toEqual({ status: 201, body: ada });
    expect((await call('POST', '/us/users', bob)).status).toBe(201);
    expect((await call('POST', '/us/users', cyd)).status).toBe(201);
    expect(await call('GET', '/us/users/u1')).toEqual({ status: 200, body: ada });
    expect((await call('GET', '/us/users/nobody')).status).toBe(404);
  });

  it('keeps countries apart', async () => {
    expect((await call('GET', '/de/users/u1')).status).toBe(404);
  });

  it('lists by email and minimum age, oldest first', async () => {
    expect(await listIds('/us/users?email=ada@example.com')).toEqual(['u3', 'u1']);
    expect(await listIds('/us/users?minAge=18')).toEqual(['u3', 'u1']);
    expect((await call('GET', '/us/users?minAge=18')).body?.meta).toMatchObject({ total: 2 });
    expect(await listIds('/us/users?email=ada@example.com&minAge=40')).toEqual(['u3']);
    const all = await call('GET', '/us/users?limit=2');
    expect(all.body).toMatchObject({ meta: { count: 2, total: 3, limit: 2 }, unreadable: 0 });
  });

  it('answers 400 naming the field when a body does not match the model, and stores nothing', async () => {
    pop.admin.clearRequests();
    const { status, body } = await call('POST', '/us/users', { ...bob, id: 'u9', age: -1 });
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'INPUT_VALIDATION', issues: [{ path: ['age'] }] });
    expect(pop.admin.requests().filter((r) => r.route === 'write')).toEqual([]);
  });

  it('answers 400 on a bad query string or malformed JSON', async () => {
    expect((await call('GET', '/us/users?minAge=old')).status).toBe(400);
    const response = await fetch(`${base}/us/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"id":',
    });
    expect(response.status).toBe(400);
  });

  it('answers 502 without details when the platform fails (storageErrorMiddleware)', async () => {
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
