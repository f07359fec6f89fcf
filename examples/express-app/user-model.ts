/**
 * The domain model of the example service: a user, stored per country. `email` and `age` are mapped to
 * search slots so they can be queried; the name and address travel in the encrypted body.
 */
import { z } from 'zod';
// In an application: import { defineEntity } from 'incountry-ts';
import { defineEntity, type RepositoryOf } from '../../src/index.js';

export const User = z.object({
  id: z.string().min(1).max(64),
  email: z.email(),
  name: z.string().min(1),
  age: z.number().int().min(0).max(150),
  address: z.object({ city: z.string(), street: z.string().optional() }).optional(),
});

export type User = z.infer<typeof User>;

export const userEntity = defineEntity({
  model: User,
  fields: { id: 'record_key', email: 'key1', age: 'range_key1' },
});

/** The repository the app runs on (hashed search keys: equality on email, ranges on age). */
export type UserRepository = RepositoryOf<typeof userEntity>;
