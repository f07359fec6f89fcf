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
 * always gives the same token. Its description names the model, so Nest's "can't resolve dependencies"
 * error says which repository is missing: the model's `.describe()` text, else its field names.
 *
 * @example
 * const users = app.get<RepositoryOf<typeof userEntity>>(getRepositoryToken(User));
 * // getRepositoryToken(User).description: 'IncountryRepository(User)' for z.object({ … }).describe('User')
 */
export function getRepositoryToken(model: EntityModel | EntityDefinition): symbol {
  const key: object = 'model' in model && !('_zod' in model) ? model.model : model;
  let token = repositoryTokens.get(key);
  if (token === undefined) {
    token = Symbol(`IncountryRepository(${modelName(key)})`);
    repositoryTokens.set(key, token);
  }
  return token;
}

/**
 * How a token names its model. `@InjectRepository(User)` creates the token when the class is declared,
 * before any definition is seen, so the name comes from the model alone.
 */
function modelName(model: object): string {
  const description = (model as { description?: unknown }).description;
  if (typeof description === 'string' && description !== '') return description;
  const shape = (model as { shape?: unknown }).shape;
  if (typeof shape !== 'object' || shape === null) return 'model';
  const names = Object.keys(shape);
  const shown = names.length > MAX_NAMED_FIELDS ? [...names.slice(0, MAX_NAMED_FIELDS), '…'] : names;
  return `{ ${shown.join(', ')} }`;
}

/** Enough field names to tell models apart in an error message without flooding it. */
const MAX_NAMED_FIELDS = 6;

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
