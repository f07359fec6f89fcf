/**
 * The model most repository tests use, and a local PoP with two storages over it: one with hashed search
 * keys (the default) and one with plain ones.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { z } from 'zod';
import { createStorage, SecretKeyAccessor } from '../../../src/index.js';
import { type LocalPop, startLocalPop } from '../../../src/server/index.js';

export const User = z.object({
  id: z.string().min(1),
  email: z.email(),
  country: z.string(),
  age: z.number().int().nonnegative(),
  nickname: z.string().optional(),
  manager: z.string().nullable(),
  deleteAfter: z.date().optional(),
  joinedAt: z.date(),
  profile: z.object({ name: z.string(), tags: z.array(z.string()) }),
});

export type User = z.infer<typeof User>;

export const USER_FIELDS = {
  id: 'record_key',
  email: 'key1',
  nickname: 'key2',
  manager: 'parent_key',
  age: 'range_key1',
  deleteAfter: 'expires_at',
} as const;

/** A valid user; `n` varies the id, email and age. */
export function makeUser(n: number, patch: Partial<User> = {}): User {
  return {
    id: `user-${n}`,
    email: `user${n}@example.com`,
    country: 'us',
    age: 20 + (n % 50),
    manager: null,
    joinedAt: new Date(Date.UTC(2024, 0, 1 + (n % 28))),
    profile: { name: `User ${n}`, tags: ['a', `t${n % 3}`] },
    ...patch,
  };
}

async function storagesFor(pop: LocalPop) {
  const secretKeyAccessor = new SecretKeyAccessor(() => 'repository test secret');
  const hashed = await createStorage({ ...pop.storageOptions, secretKeyAccessor });
  const plain = await createStorage({
    ...pop.storageOptions,
    secretKeyAccessor,
    options: { ...pop.storageOptions.options, hashSearchKeys: false },
  });
  return { hashed, plain };
}

export type TestStorages = Awaited<ReturnType<typeof storagesFor>>;

/** Starts one PoP per test file; data and the request log are cleared after each test. */
export function useUserPop(): { readonly pop: LocalPop; readonly storages: TestStorages } {
  let pop: LocalPop | undefined;
  let storages: TestStorages | undefined;
  beforeAll(async () => {
    pop = await startLocalPop();
    storages = await storagesFor(pop);
  });
  afterEach(async () => {
    pop?.admin.clearRequests();
    await pop?.admin.reset();
  });
  afterAll(async () => {
    await pop?.close();
  });
  return {
    get pop() {
      if (pop === undefined) throw new Error('use the PoP inside a test');
      return pop;
    },
    get storages() {
      if (storages === undefined) throw new Error('use the storages inside a test');
      return storages;
    },
  };
}

/** Storage API routes the PoP saw (token and countries calls left out). */
export function storageCalls(pop: LocalPop): string[] {
  return pop.admin
    .requests()
    .filter((r) => r.route !== 'token' && r.route !== 'countries')
    .map((r) => `${r.route} ${r.status}`);
}
