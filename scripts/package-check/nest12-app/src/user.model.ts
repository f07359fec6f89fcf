import { defineEntity, type RepositoryOf } from 'incountry-ts';
import { z } from 'zod';

export const User = z
  .object({ id: z.string().min(1), email: z.email(), name: z.string().min(1), age: z.number().int().min(0) })
  .describe('User');
export type User = z.infer<typeof User>;

export const userEntity = defineEntity({
  model: User,
  fields: { id: 'record_key', email: 'key1', age: 'range_key1' },
});
export type UserRepository = RepositoryOf<typeof userEntity>;
