/**
 * `defineRepository` (DESIGN §2): a zod model mapped onto record fields, with country-scoped repositories
 * that save, load and query domain objects. Queries are the Storage query builder over a field map of model
 * field names, so every rule of DESIGN §3 applies to the record field behind each name.
 */
import { z } from 'zod';
import {
  formatIssues,
  InputValidationError,
  StorageConfigValidationError,
  StorageServerError,
  type ValidationIssue,
  zodIssues,
} from '../errors.js';
import { MAX_BATCH_SIZE } from '../fields.js';
import {
  type AnyQuery,
  createQueryBuilder,
  type QueryBuilder,
  type QueryMethodName,
} from '../query/query-builder.js';
import type { DynamicQuery } from '../query/query-composition.js';
import type { AnyQueryConfig, QueryConfig } from '../query/query-config.js';
import type { QueryExecutor, QueryPage } from '../query/query-executor.js';
import type { ConfigOf, Storage } from '../storage/storage.js';
import { checkCountry } from '../storage/storage-input.js';
import type { FindResult } from '../storage/storage-results.js';
import type { RequestOptions } from '../transport/http-client.js';
import { createEntityCodec, type EntityCodec } from './entity-codec.js';
import type { EntityFieldMap, EntityFieldsInput } from './entity-slots.js';
import { notAStorageMessage } from './mapping-messages.js';
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
export type CheckedEntityDefinition<TModel extends EntityModel, TFields extends EntityFieldsInput> = {
  readonly model: TModel;
  readonly fields: TFields & NoInfer<MappingCheck<z.output<TModel>, TFields>>;
};

/** The mapping as a query field map (illegal entries never reach here: the call would not compile). */
type FieldMapOf<TFields> = { readonly [K in keyof TFields]: Extract<TFields[K], EntityFieldMap[string]> };

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
export type RepositoryQueryOf<TRepository> = TRepository extends
  | Repository<infer TModel, infer TFields, infer TConfig>
  | CountryRepository<infer TModel, infer TFields, infer TConfig>
  ? DynamicQuery<FieldMapOf<TFields>, TConfig, z.output<TModel>>
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
export interface CountryRepository<
  in out TModel extends EntityModel,
  in out TFields extends EntityFieldsInput,
  in out TConfig extends QueryConfig = AnyQueryConfig,
> extends QueryBuilder<FieldMapOf<TFields>, TConfig, z.output<TModel>> {
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
  definition: CheckedEntityDefinition<TModel, TFields>,
): EntityDefinition<TModel, TFields> {
  createEntityCodec(definition?.model, definition?.fields);
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
  return Object.freeze({
    model: definition.model,
    fields,
    idField: codec.idField,
    in: (country: string) =>
      createCountryRepository(
        storage as unknown as LooseStorage,
        codec,
        fields as unknown as EntityFieldMap,
        country,
      ) as unknown as CountryRepository<TModel, TFields, ConfigOf<TStorage>>,
  });
}

/**
 * The Storage as the repository drives it: the builder has already checked the filter (with model field
 * names), so `find` takes it untyped; the storage re-validates it anyway.
 */
type LooseStorage = Omit<Storage, 'find'> & {
  find(
    country: string,
    filter: unknown,
    options: unknown,
    requestOptions?: RequestOptions,
  ): Promise<FindResult>;
};

function isNotFound(error: unknown): boolean {
  return error instanceof StorageServerError && error.statusCode === 404;
}

const idSchema = z.string({ error: 'must be a string' }).min(1, 'must be a non-empty string');
const idsSchema = z.array(idSchema, { error: 'must be an array of ids' });

/** Validates an id or a list of ids; the message names the method, the issues the positions. */
function checkInput<T>(
  method: string,
  what: string,
  schema: z.ZodType<T>,
  value: unknown,
  path: string[],
): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = zodIssues(parsed.error).map((i) => ({ path: [...path, ...i.path], message: i.message }));
  throw new InputValidationError(`${method}() call failed: ${what}: ${formatIssues(issues)}`, { issues });
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function createCountryRepository<TEntity>(
  storage: LooseStorage,
  codec: EntityCodec<TEntity>,
  fields: EntityFieldMap,
  country: string,
): object {
  // Fails the same way storage.in() does, before any query is built.
  checkCountry('in', country);
  const config = storage.queryConfig;

  const executor: QueryExecutor<TEntity> = {
    async find(filter, options): Promise<QueryPage<TEntity>> {
      const result = await storage.find(country, filter, options);
      const data: TEntity[] = [];
      const errors: Array<{ error: Error; rawData: unknown }> = [...(result.errors ?? [])];
      for (const record of result.data) {
        const decoded = codec.decode(record);
        if (decoded.ok) data.push(decoded.entity);
        else errors.push({ error: decoded.error, rawData: record });
      }
      const meta = { ...result.meta };
      return errors.length > 0 ? { data, meta, errors } : { data, meta };
    },
  };
  const query = createQueryBuilder<TEntity, QueryConfig, EntityFieldMap>(executor, { fields, config });

  const methods = {
    country,

    async save(entity: unknown, requestOptions?: RequestOptions): Promise<TEntity> {
      const encoded = codec.encode(entity, 'save');
      await storage.write(country, encoded.record, requestOptions);
      return encoded.entity;
    },

    async saveMany(entities: unknown, requestOptions?: RequestOptions): Promise<TEntity[]> {
      const list = checkInput('saveMany', 'invalid entities', z.array(z.unknown()), entities, ['entities']);
      // Every entity is checked before anything is sent, and every problem is reported at once.
      const encoded: ReturnType<typeof codec.encode>[] = [];
      const issues: ValidationIssue[] = [];
      list.forEach((entity, index) => {
        try {
          encoded.push(codec.encode(entity, 'saveMany', [index]));
        } catch (error) {
          if (!(error instanceof InputValidationError)) throw error;
          issues.push(...error.issues);
        }
      });
      if (issues.length > 0) {
        throw new InputValidationError(
          `saveMany() call failed: entities do not match the model: ${formatIssues(issues)}`,
          { issues },
        );
      }
      for (const batch of chunks(encoded, MAX_BATCH_SIZE)) {
        await storage.batchWrite(
          country,
          batch.map((e) => e.record),
          requestOptions,
        );
      }
      return encoded.map((e) => e.entity);
    },

    async get(id: unknown, requestOptions?: RequestOptions): Promise<TEntity | null> {
      const key = checkInput('get', 'invalid id', idSchema, id, ['id']);
      let record: Awaited<ReturnType<Storage['read']>>['record'];
      try {
        ({ record } = await storage.read(country, key, requestOptions));
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
      const decoded = codec.decode(record);
      if (!decoded.ok) throw decoded.error;
      return decoded.entity;
    },

    async delete(id: unknown, requestOptions?: RequestOptions): Promise<boolean> {
      const key = checkInput('delete', 'invalid id', idSchema, id, ['id']);
      try {
        await storage.delete(country, key, requestOptions);
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    },

    async deleteMany(ids: unknown, requestOptions?: RequestOptions): Promise<void> {
      const keys = checkInput('deleteMany', 'invalid ids', idsSchema, ids, ['ids']);
      for (const batch of chunks(keys, MAX_BATCH_SIZE)) {
        await storage.batchDelete(country, { record_key: batch }, requestOptions);
      }
    },
  };

  return withQuery(query as unknown as AnyQuery, methods);
}

/**
 * The builder methods a repository binds to its query; `$if`, `$call` and `$dynamic` are its own. Typed
 * over every builder method, so a method added to QueryBuilder without a decision here does not build.
 */
const BOUND_QUERY_METHODS = {
  where: true,
  or: true,
  searchKeys: true,
  sortBy: true,
  limit: true,
  offset: true,
  toQuery: true,
  find: true,
  findOne: true,
  $if: false,
  $call: false,
  $dynamic: false,
} as const satisfies Record<QueryMethodName, boolean>;

const QUERY_METHODS = (Object.keys(BOUND_QUERY_METHODS) as QueryMethodName[]).filter(
  (name) => BOUND_QUERY_METHODS[name],
);

/**
 * A country repository is its query builder plus the entity methods. The builder's methods are bound to
 * the builder (its state is private to it); `$if` and `$call` hand over the repository itself, so a
 * fragment can use both kinds of method.
 */
function withQuery(query: AnyQuery, methods: object): object {
  const repository: Record<PropertyKey, unknown> = { ...methods };
  for (const name of QUERY_METHODS)
    repository[name] = (query[name] as (...args: unknown[]) => unknown).bind(query);
  repository.$if = (condition: unknown, build: (q: unknown) => unknown) =>
    condition ? build(repository) : repository;
  repository.$call = (fn: (q: unknown) => unknown) => fn(repository);
  repository.$dynamic = () => repository;
  repository[Symbol.asyncIterator] = () => query[Symbol.asyncIterator]();
  return Object.freeze(repository);
}
