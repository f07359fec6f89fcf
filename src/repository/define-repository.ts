/**
 * `defineRepository` (docs/architecture.md#public-surface): a zod model mapped onto record fields, with country-scoped repositories
 * that save, load and query domain objects. Queries are the Storage query builder over a field map of model
 * field names, so every rule of docs/architecture.md#type-level-rules applies to the record field behind each name.
 */
import type { z } from 'zod';
import { StorageConfigValidationError } from '../errors.js';
import { recordProxyTarget, runOnProxyTarget } from '../instrumentation/proxy-target.js';
import type { ConfigOf, Storage } from '../storage/storage.js';
import { createCountryRepository } from './country-repository.js';
import { createEntityCodec, type EntityCodec } from './entity-codec.js';
import type { EntityFieldMap, EntityFieldsInput } from './entity-slots.js';
import { notAStorageMessage } from './mapping-messages.js';
import type {
  CheckedEntityDefinition,
  EntityDefinition,
  EntityModel,
  Repository,
} from './repository-types.js';

let repositoryOnProxyTarget = false;

/**
 * Checks a model and its mapping once, at compile time and at run time, for reuse (by `IncountryModule`,
 * or several storages). Mapping errors are RepositoryTypeErrors at compile time and
 * StorageConfigValidationError at run time.
 *
 * @example
 * export const userEntity = defineEntity({ model: User, fields: { id: 'record_key', email: 'key1', age: 'range_key1' } });
 * const users = defineRepository(storage, userEntity);
 * @category Repository
 */
export function defineEntity<TModel extends EntityModel, const TFields extends EntityFieldsInput>(
  definition: CheckedEntityDefinition<TModel, TFields, 'defineEntity'>,
): EntityDefinition<TModel, TFields> {
  createEntityCodec(definition?.model, definition?.fields, 'defineEntity');
  return Object.freeze({
    model: definition.model,
    fields: Object.freeze({ ...definition.fields }) as TFields,
  });
}

/**
 * Defines a repository: `model` is a zod object schema, `fields` maps model fields to record fields —
 * exactly one to `record_key`, strings to `key1..key20`/`profile_key`/`parent_key`/`service_key1..5`,
 * integers to `range_key1..10`, a Date to `expires_at`. The rest of the model is JSON-encoded into the
 * (encrypted) `body`. An illegal mapping does not compile and throws StorageConfigValidationError.
 *
 * @example
 * const User = z.object({ id: z.string(), email: z.email(), age: z.number().int(), name: z.string() });
 * const users = defineRepository(storage, { model: User, fields: { id: 'record_key', email: 'key1', age: 'range_key1' } });
 * const { data } = await users.in('us').where('age').gte(18).sortBy('age', 'desc').find(); // data: User[]
 * // POST /v2/storage/records/us/find {"filter":{"range_key1":{"$gte":18}},"options":{"limit":100,"offset":0,"sort":[{"range_key1":"desc"}]}}
 * @category Repository
 * @featured
 */
export function defineRepository<
  TStorage extends Storage,
  TModel extends EntityModel,
  const TFields extends EntityFieldsInput,
>(
  storage: TStorage,
  definition: CheckedEntityDefinition<TModel, TFields>,
): Repository<TModel, TFields, ConfigOf<TStorage>> {
  if (typeof storage !== 'object' || storage === null || typeof storage.find !== 'function') {
    throw new StorageConfigValidationError(notAStorageMessage());
  }
  const codec = createEntityCodec<z.output<TModel>>(definition?.model, definition?.fields);
  const fields = Object.freeze({ ...definition.fields }) as TFields;
  if (!repositoryOnProxyTarget) {
    // Instrumentation may wrap a repository in a Proxy (see runOnProxyTarget). Done here, not at import,
    // so a program that never defines a repository does not keep this module in its bundle.
    runOnProxyTarget(RepositoryImpl);
    repositoryOnProxyTarget = true;
  }
  return new RepositoryImpl(storage, definition.model, fields, codec) as unknown as Repository<
    TModel,
    TFields,
    ConfigOf<TStorage>
  >;
}

/**
 * A repository: immutable, with its method on the prototype, so instrumentation can wrap it in a Proxy
 * (docs/architecture.md#public-surface).
 */
class RepositoryImpl<TEntity> {
  readonly model: EntityModel;
  readonly fields: EntityFieldsInput;
  readonly idField: string;
  readonly #storage: Storage;
  readonly #codec: EntityCodec<TEntity>;

  constructor(storage: Storage, model: EntityModel, fields: EntityFieldsInput, codec: EntityCodec<TEntity>) {
    this.model = model;
    this.fields = fields;
    this.idField = codec.idField;
    this.#storage = storage;
    this.#codec = codec;
    recordProxyTarget(this);
    Object.freeze(this);
  }

  in(country: string): object {
    return createCountryRepository(
      this.#storage,
      this.#codec,
      this.fields as unknown as EntityFieldMap,
      country,
    );
  }
}
