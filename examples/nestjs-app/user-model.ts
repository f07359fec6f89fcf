/**
 * The domain model of the example service (the same one as the Express example): a user per country,
 * `email` and `age` queryable, the rest in the encrypted body.
 */
import { z } from 'zod';
// In an application: import { defineEntity } from 'incountry-ts';
import { defineEntity, type RepositoryOf } from '../../src/index.js';

export const User = z
  .object({
    id: z.string().min(1).max(64),
    email: z.email(),
    name: z.string().min(1),
    age: z.number().int().min(0).max(150),
    address: z.object({ city: z.string(), street: z.string().optional() }).optional(),
  })
  .describe('User');

export type User = z.infer<typeof User>;

export const userEntity = defineEntity({
  model: User,
  fields: { id: 'record_key', email: 'key1', age: 'range_key1' },
});

export type UserRepository = RepositoryOf<typeof userEntity>;
