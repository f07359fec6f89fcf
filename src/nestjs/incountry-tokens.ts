/**
 * Injection tokens and decorators: the Storage under one token, each repository under a token derived from
 * its model (the zod schema object), as TypeORM does with entity classes.
 */
import { Inject } from '@nestjs/common';
import type { EntityDefinition, EntityModel } from '../repository/repository-types.js';

/**
 * The token of the `Storage` the module created (or was given).
 *
 * @example
 * const storage = app.get<Storage>(INCOUNTRY_STORAGE);
 */
export const INCOUNTRY_STORAGE: unique symbol = Symbol('IncountryStorage');

const repositoryTokens = new WeakMap<object, symbol>();

/**
 * The injection token of the repository of a model (pass the zod schema, or its definition). The same model
 * always gives the same token; the token's description uses the model's `.describe()` text when there is one.
 *
 * @example
 * const users = app.get<RepositoryOf<typeof userEntity>>(getRepositoryToken(User));
 */
export function getRepositoryToken(model: EntityModel | EntityDefinition): symbol {
  const key: object = 'model' in model && !('_zod' in model) ? model.model : model;
  let token = repositoryTokens.get(key);
  if (token === undefined) {
    const name = (key as { description?: unknown }).description;
    token = Symbol(`IncountryRepository(${typeof name === 'string' ? name : 'model'})`);
    repositoryTokens.set(key, token);
  }
  return token;
}

/**
 * Injects the repository of a model registered with `IncountryModule.forRoot({ repositories })` or
 * `IncountryModule.forFeature([...])`.
 *
 * @example
 * class UsersService {
 *   constructor(@InjectRepository(User) private readonly users: RepositoryOf<typeof userEntity>) {}
 * }
 */
export function InjectRepository(
  model: EntityModel | EntityDefinition,
): PropertyDecorator & ParameterDecorator {
  return Inject(getRepositoryToken(model));
}

/**
 * Injects the module's `Storage`, for what repositories do not cover (attachments, migrate).
 *
 * @example
 * class AdminService {
 *   constructor(@InjectStorage() private readonly storage: Storage) {}
 * }
 */
export function InjectStorage(): PropertyDecorator & ParameterDecorator {
  return Inject(INCOUNTRY_STORAGE);
}
