/**
 * The public types of `defineRepository`: entity definitions, the repository and its country-scoped
 * repositories, and the query types derived from a definition.
 */
import type { z } from 'zod';
import type { QueryBuilder } from '../query/query-builder.js';
import type { DynamicQuery } from '../query/query-composition.js';
import type { AnyQueryConfig, QueryConfig } from '../query/query-config.js';
import type { RequestOptions } from '../transport/http-client.js';
import type { EntityFieldMap, EntityFieldsInput } from './entity-slots.js';
import type { MappingMethod } from './mapping-messages.js';
import type { MappingCheck } from './mapping-rules.js';

/**
 * The model of a repository: any zod (v4) object schema.
 *
 * @example
 * const User = z.object({ id: z.string(), email: z.email(), age: z.number().int() }) satisfies EntityModel;
 * @category Repository
 */
export type EntityModel = z.ZodObject;

/**
 * A model and its mapping onto record fields, as `defineRepository` and `IncountryModule` take it.
 *
 * @example
 * const userEntity: EntityDefinition<typeof User, { id: 'record_key'; email: 'key1' }> = { model: User, fields: { id: 'record_key', email: 'key1' } };
 * @category Repository
 */
export interface EntityDefinition<
  TModel extends EntityModel = EntityModel,
  TFields extends EntityFieldsInput = EntityFieldsInput,
> {
  /** The zod object schema every saved and loaded entity is parsed with. */
  readonly model: TModel;
  /** Model field -> record field; exactly one on `record_key`, the rest of the model goes to `body`. */
  readonly fields: TFields;
}

/**
 * The parameter of {@link defineRepository} and {@link defineEntity}: a definition whose `fields` carry a
 * RepositoryTypeError wherever the mapping is illegal.
 * @category Repository
 */
export type CheckedEntityDefinition<
  TModel extends EntityModel,
  TFields extends EntityFieldsInput,
  TMethod extends MappingMethod = 'defineRepository',
> = {
  readonly model: TModel;
  readonly fields: TFields & NoInfer<MappingCheck<z.output<TModel>, TFields, TMethod>>;
};

/**
 * The mapping as a query field map (illegal entries never reach here: the call would not compile).
 * Exported because the inferred type of a query returned from user code names it.
 *
 * @example
 * type UserFields = FieldMapOf<{ id: 'record_key'; email: 'key1' }>; // { readonly id: 'record_key'; readonly email: 'key1' }
 * @category Repository
 */
export type FieldMapOf<TFields> = {
  readonly [K in keyof TFields]: Extract<TFields[K], EntityFieldMap[string]>;
};

/**
 * A fresh query of a country repository (model field names, entities out), for helpers that start one.
 *
 * @example
 * function adults(query: RepositoryQuery<typeof userEntity, { plainSearchKeys: true }>) {
 *   return query.where('age').gte(18);
 * }
 * await adults(users.in('us')).find();
 * @category Repository
 */
export type RepositoryQuery<
  TDefinition extends EntityDefinition,
  TConfig extends QueryConfig = AnyQueryConfig,
> = QueryBuilder<FieldMapOf<TDefinition['fields']>, TConfig, z.output<TDefinition['model']>>;

/**
 * A query of a repository in any state (model field names, entities out, the storage's configuration):
 * the type for a variable or parameter holding a query built in pieces. Every query of the repository is
 * assignable to it; the rules that do not depend on earlier calls still apply to what is added through it.
 *
 * @example
 * function adultsOnly(query: DynamicRepositoryQuery<typeof userEntity, PlainSearchKeys>) {
 *   return query.where('age').gte(18);
 * }
 * await adultsOnly(users.in('us').sortBy('age', 'desc')).find();
 */
export type DynamicRepositoryQuery<
  TDefinition extends EntityDefinition,
  TConfig extends QueryConfig = AnyQueryConfig,
> = DynamicQuery<FieldMapOf<TDefinition['fields']>, TConfig, z.output<TDefinition['model']>>;

/**
 * The query type of a repository type (`Repository` or `CountryRepository`), in any state.
 *
 * @example
 * function byEmail(query: RepositoryQueryOf<typeof users>, email: string) {
 *   return query.where('email').eq(email);
 * }
 */
export type RepositoryQueryOf<TRepository> =
  TRepository extends Repository<infer TModel, infer TFields, infer TConfig>
    ? DynamicQuery<FieldMapOf<TFields>, TConfig, z.output<TModel>>
    : // Two steps, not one match against `QueryBuilder<…> & EntityMethods<…>`: inferring into an
      // intersection infers from every member into every member (5.7k instantiations instead of 0.5k).
      TRepository extends EntityMethods<EntityModel>
      ? // biome-ignore lint/suspicious/noExplicitAny: any state; the fields, configuration and entity are read.
        TRepository extends QueryBuilder<infer TFieldMap, infer TConfig, infer TEntity, any>
        ? DynamicQuery<TFieldMap, TConfig, TEntity>
        : never
      : never;

/**
 * One country's entities: save, load and delete by id, plus the query builder with model field names
 * (`where`, `or`, `searchKeys`, `sortBy`, `limit`, `offset`, `find`, `findOne`, async iteration).
 *
 * @example
 * const us = users.in('us');
 * await us.save({ id: 'u1', email: 'ada@example.com', name: 'Ada', age: 36 });
 * const { data, errors } = await us.where('age').gte(18).sortBy('age', 'desc').find();
 * @category Repository
 */
// HACK: an intersection rather than an interface extending QueryBuilder: a country repository is then a
// QueryBuilder as far as assignability goes (AnyQuery, RepositoryQuery<E>, a generic `$call` helper), compared
// through QueryBuilder's variance instead of member by member.
export type CountryRepository<
  TModel extends EntityModel,
  TFields extends EntityFieldsInput,
  TConfig extends QueryConfig = AnyQueryConfig,
> = QueryBuilder<FieldMapOf<TFields>, TConfig, z.output<TModel>> & EntityMethods<TModel>;

/**
 * The entity methods of a {@link CountryRepository}: save, load and delete by id.
 *
 * @example
 * const methods: EntityMethods<typeof User> = users.in('us');
 * await methods.get('u1');
 * @category Repository
 */
export interface EntityMethods<in out TModel extends EntityModel> {
  /** The country this repository reads and writes. */
  readonly country: string;

  /**
   * Validates the entity with the model, maps it and writes it (replacing an entity with the same id).
   * Throws InputValidationError naming the field when it does not match the model; nothing is sent then.
   *
   * @example
   * const saved = await users.in('us').save({ id: 'u1', email: 'ada@example.com', name: 'Ada', age: 36 });
   */
  save(entity: z.input<TModel>, requestOptions?: RequestOptions): Promise<z.output<TModel>>;

  /**
   * Validates every entity first (nothing is sent if one is invalid), then writes them in batches of 100.
   * Batches are sent one after another; if one fails, the batches before it stay written.
   *
   * @example
   * await users.in('us').saveMany(newUsers);
   */
  saveMany(
    entities: readonly z.input<TModel>[],
    requestOptions?: RequestOptions,
  ): Promise<z.output<TModel>[]>;

  /**
   * Loads one entity by id: null when there is none. Throws ModelValidationError when the stored record
   * does not match the model.
   *
   * @example
   * const user = await users.in('us').get('u1'); // User | null
   */
  get(id: string, requestOptions?: RequestOptions): Promise<z.output<TModel> | null>;

  /**
   * Deletes one entity by id: true when it existed, false when there was none.
   *
   * @example
   * await users.in('us').delete('u1'); // true
   */
  delete(id: string, requestOptions?: RequestOptions): Promise<boolean>;

  /**
   * Deletes entities by id in batches of 100. The PoP deletes no record of a batch that names a missing
   * one (StorageServerError 404).
   *
   * @example
   * await users.in('us').deleteMany(['u1', 'u2']);
   */
  deleteMany(ids: readonly string[], requestOptions?: RequestOptions): Promise<void>;
}

/**
 * A repository of one model over one storage; `in(country)` picks the country.
 *
 * @example
 * const users = defineRepository(storage, { model: User, fields: { id: 'record_key', email: 'key1', age: 'range_key1' } });
 * await users.in('us').save({ id: 'u1', email: 'ada@example.com', name: 'Ada', age: 36 });
 * @category Repository
 */
export interface Repository<
  in out TModel extends EntityModel,
  in out TFields extends EntityFieldsInput,
  in out TConfig extends QueryConfig = AnyQueryConfig,
> {
  /** The model entities are parsed with. */
  readonly model: TModel;
  /** The mapping onto record fields. */
  readonly fields: TFields;
  /** The model field stored in `record_key`. */
  readonly idField: string;
  /**
   * The repository of one country (validated like every Storage country argument).
   *
   * @example
   * const { data } = await users.in('us').where('email').eq('ada@example.com').find();
   */
  in(country: string): CountryRepository<TModel, TFields, TConfig>;
}

/**
 * The repository type of a definition, for dependency injection and helper functions.
 *
 * @example
 * const userEntity = defineEntity({ model: User, fields: { id: 'record_key', email: 'key1' } });
 * class UserService { constructor(readonly users: RepositoryOf<typeof userEntity>) {} }
 * @category Repository
 */
export type RepositoryOf<
  TDefinition extends EntityDefinition,
  TConfig extends QueryConfig = AnyQueryConfig,
> = Repository<TDefinition['model'], TDefinition['fields'], TConfig>;
