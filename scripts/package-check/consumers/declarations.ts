/**
 * A library-style consumer compiled with `declaration: true` (as `nest build` and every published package
 * do): exported functions return builders, repositories and results with inferred types, so the
 * declaration emit has to name every type those signatures need.
 */
import { createStorage, defineRepository, SecretKeyAccessor, type Storage } from 'incountry-ts';
import { z } from 'zod';

export const User = z.object({ id: z.string(), email: z.email(), age: z.number().int() }).describe('User');

export function openStorage() {
  return createStorage({ secretKeyAccessor: new SecretKeyAccessor(() => 'declarations secret') });
}

export function usersOf(storage: Storage) {
  return defineRepository(storage, {
    model: User,
    fields: { id: 'record_key', email: 'key1', age: 'range_key1' },
  });
}

export function usInUs(storage: Storage) {
  return usersOf(storage).in('us');
}

export function adults(storage: Storage) {
  return usersOf(storage).in('us').where('age').gte(18);
}

export function recordsOver(storage: Storage, min: number) {
  return storage.in('us').where('range_key1').gte(min).sortBy('range_key1', 'desc').limit(10);
}

export async function adultPage(storage: Storage) {
  return adults(storage).find();
}

export async function firstAdult(storage: Storage) {
  return adults(storage).findOne();
}

export async function rawPage(storage: Storage) {
  return recordsOver(storage, 5).find();
}

async function main(): Promise<void> {
  const storage = await openStorage();
  const key = `declarations-${Date.now()}`;
  await usersOf(storage).in('us').save({ id: key, email: 'decl@example.com', age: 40 });
  const page = await adultPage(storage);
  if (!page.data.some((user) => user.id === key)) throw new Error('adults() missed the record');
  if ((await firstAdult(storage)) === null) throw new Error('findOne() found nothing');
  await rawPage(storage);
  console.log('ok declarations');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
