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
      // biome-ignore lint/suspicious/noExplicitAny: any entity; only a country repository has these methods.
      TRepository extends EntityMethods<any, any>
      ? // biome-ignore lint/suspicious/noExplicitAny: any state; the fields, configuration and entity are read.
        TRepository extends QueryBuilder<infer TFieldMap, infer TConfig, infer TEntity, any>
        ? DynamicQuery<TFieldMap, TConfig, TEntity>
        : never
      : never;

/**
 * One country's entities: save, load and delete by id, plus the query builder with model field names
 * (`where`, `or`, `searchKeys`, `sortBy`, `limit`, `offset`, `find`, `findOne`, async iteration). Typed
 * by the model's type (`z.output<typeof Model>`), which `save` also takes; a model whose input type
 * differs (transforms, defaults, brands) gives a {@link TransformingCountryRepository}.
 *
 * @example
 * const us: CountryRepository<User, typeof userEntity.fields, { readonly plainSearchKeys: true }> = users.in('us');
 * await us.save({ id: 'u1', email: 'ada@example.com', name: 'Ada', age: 36 });
 * const { data, errors } = await us.where('age').gte(18).sortBy('age', 'desc').find();
 * @category Repository
 */
// HACK: an intersection rather than an interface extending QueryBuilder: a country repository is then a
// QueryBuilder as far as assignability goes (AnyQuery, RepositoryQuery<E>, a generic `$call` helper), compared
// through QueryBuilder's variance instead of member by member. Typed by the model's type, not its schema, so
// an editor's hover shows the entity's fields; the schema stays on the Repository, whose `model` it is.
export type CountryRepository<
  TEntity,
  TFields extends EntityFieldsInput,
  TConfig extends QueryConfig = AnyQueryConfig,
> = QueryBuilder<FieldMapOf<TFields>, TConfig, TEntity> & EntityMethods<TEntity>;

/**
 * A {@link CountryRepository} of a model whose input type differs from its output type (transforms,
 * defaults, brands): `save` takes `TInput` (`z.input`), loads and queries give `TEntity` (`z.output`).
 *
 * @example
 * const Order = z.object({ id: z.string(), status: z.enum(['new', 'paid']).default('new') });
 * const orders = defineRepository(storage, { model: Order, fields: { id: 'record_key', status: 'key1' } });
 * const us: TransformingCountryRepository<z.output<typeof Order>, z.input<typeof Order>, typeof orders.fields, { readonly plainSearchKeys: true }> = orders.in('us');
 * await us.save({ id: 'o1' }); // { id: 'o1', status: 'new' }
 * @category Repository
 */
// A separate name rather than a fourth parameter of CountryRepository: a hover prints every type argument,
// defaults too, so the common case would show the model's type twice.
export type TransformingCountryRepository<
  TEntity,
  TInput,
  TFields extends EntityFieldsInput,
  TConfig extends QueryConfig = AnyQueryConfig,
> = QueryBuilder<FieldMapOf<TFields>, TConfig, TEntity> & EntityMethods<TEntity, TInput>;

/**
 * The country repository type of a model: a {@link CountryRepository} when the model's input and output
 * types are the same, a {@link TransformingCountryRepository} otherwise.
 *
 * @example
 * type UsUsers = CountryRepositoryFor<typeof User, typeof userEntity.fields>; // CountryRepository<User, …>
 * @category Repository
 */
export type CountryRepositoryFor<
  TModel extends EntityModel,
  TFields extends EntityFieldsInput,
  TConfig extends QueryConfig = AnyQueryConfig,
> = [TransformedFieldOf<TModel['shape']>] extends [never]
  ? CountryRepository<z.output<TModel>, TFields, TConfig>
  : TransformingCountryRepository<z.output<TModel>, z.input<TModel>, TFields, TConfig>;

/**
 * The fields of a model shape whose input type differs from their output type. Compared field by field,
 * not as `z.input<TModel>` against `z.output<TModel>`: the model's input type is then built only for
 * models that need it (a third of the cost of a repository's type in the test-d corpus otherwise).
 * @hidden
 */
export type TransformedFieldOf<TShape extends z.core.$ZodShape> = {
  [K in keyof TShape]: TShape[K]['_zod']['input'] extends TShape[K]['_zod']['output']
    ? TShape[K]['_zod']['output'] extends TShape[K]['_zod']['input']
      ? never
      : K
    : K;
}[keyof TShape];

/**
 * The entity methods of a {@link CountryRepository}: save, load and delete by id.
 *
 * @example
 * const methods: EntityMethods<User> = users.in('us');
 * await methods.get('u1');
 * @category Repository
 */
export interface EntityMethods<in out TEntity, in out TInput = TEntity> {
  /** The country this repository reads and writes. */
  readonly country: string;

  /**
   * Validates the entity with the model, maps it and writes it (replacing an entity with the same id).
   * Throws InputValidationError naming the field when it does not match the model; nothing is sent then.
   *
   * @example
   * const saved = await users.in('us').save({ id: 'u1', email: 'ada@example.com', name: 'Ada', age: 36 });
   */
  save(entity: TInput, requestOptions?: RequestOptions): Promise<TEntity>;

  /**
   * Validates every entity first (nothing is sent if one is invalid), then writes them in batches of 100.
   * Batches are sent one after another; if one fails, the batches before it stay written.
   *
   * @example
   * await users.in('us').saveMany(newUsers);
   */
  saveMany(entities: readonly TInput[], requestOptions?: RequestOptions): Promise<TEntity[]>;

  /**
   * Loads one entity by id: null when there is none. Throws ModelValidationError when the stored record
   * does not match the model.
   *
   * @example
   * const user = await users.in('us').get('u1'); // User | null
   */
  get(id: string, requestOptions?: RequestOptions): Promise<TEntity | null>;

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
  in(country: string): CountryRepositoryFor<TModel, TFields, TConfig>;
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
