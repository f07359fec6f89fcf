/**
 * A country-scoped repository: the Storage query builder over the model's field map, plus the entity
 * methods (save, get, delete, …) that encode and decode through the entity codec.
 */
import * as z from 'zod/mini';
import {
  formatIssues,
  InputValidationError,
  StorageConfigValidationError,
  StorageServerError,
  type ValidationIssue,
  zodIssues,
} from '../errors.js';
import { MAX_BATCH_SIZE } from '../fields.js';
import { recordProxyTarget, runOnProxyTarget } from '../instrumentation/proxy-target.js';
import { type AnyQuery, createQueryBuilder, type QueryMethodName } from '../query/query-builder.js';
import type { QueryConfig } from '../query/query-config.js';
import type { QueryExecutor, QueryPage } from '../query/query-executor.js';
import type { Storage } from '../storage/storage.js';
import { StorageClient } from '../storage/storage-client.js';
import { checkCountry } from '../storage/storage-input.js';
import type { RequestOptions } from '../transport/http-client.js';
import { lazySchema } from '../wire/lazy-schema.js';
import type { SchemaParser } from '../wire/schema-parser.js';
import { checkModelValues } from './condition-values.js';
import type { EntityCodec } from './entity-codec.js';
import type { EntityFieldMap } from './entity-slots.js';
import { notAStorageMessage } from './mapping-messages.js';

function isNotFound(error: unknown): boolean {
  return error instanceof StorageServerError && error.statusCode === 404;
}

const idSchema = /* @__PURE__ */ lazySchema(() =>
  z.string({ error: 'must be a string' }).check(z.minLength(1, 'must be a non-empty string')),
);
const idsSchema = /* @__PURE__ */ lazySchema(() => z.array(idSchema(), { error: 'must be an array of ids' }));
const entitiesSchema = /* @__PURE__ */ lazySchema(() => z.array(z.unknown()));

/** Validates an id or a list of ids; the message names the method, the issues the positions. */
function checkInput<T>(
  method: string,
  what: string,
  schema: SchemaParser<T>,
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

export function createCountryRepository<TEntity>(
  storage: Storage,
  codec: EntityCodec<TEntity>,
  fields: EntityFieldMap,
  country: string,
): object {
  // Fails the same way storage.in() does, before any query is built.
  checkCountry('in', country);
  const config = storage.queryConfig;

  const records = StorageClient.executorFor(storage, country);
  if (records === undefined) throw new StorageConfigValidationError(notAStorageMessage());
  const executor: QueryExecutor<TEntity> = {
    async find(filter, options): Promise<QueryPage<TEntity>> {
      // The builder validated the filter against the slots; the model's listed values are checked here,
      // and the records executor sends it as it is (no second validation).
      checkModelValues(filter, codec.slotValues);
      const result = await records.find(filter, options);
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
  CountryRepositoryImpl.bindQueryMethods();
  return new CountryRepositoryImpl(storage, codec, country, query as unknown as AnyQuery);
}

/**
 * The builder methods a repository hands to its query; `$if`, `$call` and `$dynamic` are its own. Typed
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

let queryMethodsBound = false;

/**
 * A country repository is its query builder plus the entity methods. It is immutable and keeps its
 * methods on the prototype, so instrumentation can wrap it in a Proxy. `$if` and `$call` hand over the
 * repository itself, so a fragment can use both kinds of method.
 */
class CountryRepositoryImpl<TEntity> {
  readonly country: string;
  readonly #storage: Storage;
  readonly #codec: EntityCodec<TEntity>;
  readonly #query: AnyQuery;

  /**
   * Puts the query methods on the prototype, at the first repository: a static block would run at import
   * and keep this module in the bundle of every program that imports the package.
   */
  static bindQueryMethods(): void {
    if (queryMethodsBound) return;
    queryMethodsBound = true;
    const names = (Object.keys(BOUND_QUERY_METHODS) as QueryMethodName[]).filter(
      (name) => BOUND_QUERY_METHODS[name],
    );
    for (const name of names) {
      const delegate = function (this: CountryRepositoryImpl<unknown>, ...args: unknown[]): unknown {
        const query = this.#query;
        return (query[name] as (...a: unknown[]) => unknown).apply(query, args);
      };
      Object.defineProperty(delegate, 'name', { value: name });
      Object.defineProperty(CountryRepositoryImpl.prototype, name, {
        value: delegate,
        writable: true,
        configurable: true,
      });
    }
    // Instrumentation may wrap a repository in a Proxy; its methods still reach the #private state.
    runOnProxyTarget(CountryRepositoryImpl);
  }

  constructor(storage: Storage, codec: EntityCodec<TEntity>, country: string, query: AnyQuery) {
    this.country = country;
    this.#storage = storage;
    this.#codec = codec;
    this.#query = query;
    recordProxyTarget(this);
    Object.freeze(this);
  }

  async save(entity: unknown, requestOptions?: RequestOptions): Promise<TEntity> {
    const encoded = this.#codec.encode(entity, 'save');
    await this.#storage.write(this.country, encoded.record, requestOptions);
    return encoded.entity;
  }

  async saveMany(entities: unknown, requestOptions?: RequestOptions): Promise<TEntity[]> {
    const list = checkInput('saveMany', 'invalid entities', entitiesSchema, entities, ['entities']);
    // Every entity is checked before anything is sent, and every problem is reported at once.
    const encoded: ReturnType<EntityCodec<TEntity>['encode']>[] = [];
    const issues: ValidationIssue[] = [];
    list.forEach((entity, index) => {
      try {
        encoded.push(this.#codec.encode(entity, 'saveMany', [index]));
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
      await this.#storage.batchWrite(
        this.country,
        batch.map((e) => e.record),
        requestOptions,
      );
    }
    return encoded.map((e) => e.entity);
  }

  async get(id: unknown, requestOptions?: RequestOptions): Promise<TEntity | null> {
    const key = checkInput('get', 'invalid id', idSchema, id, ['id']);
    let record: Awaited<ReturnType<Storage['read']>>['record'];
    try {
      ({ record } = await this.#storage.read(this.country, key, requestOptions));
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
    const decoded = this.#codec.decode(record);
    if (!decoded.ok) throw decoded.error;
    return decoded.entity;
  }

  async delete(id: unknown, requestOptions?: RequestOptions): Promise<boolean> {
    const key = checkInput('delete', 'invalid id', idSchema, id, ['id']);
    try {
      await this.#storage.delete(this.country, key, requestOptions);
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async deleteMany(ids: unknown, requestOptions?: RequestOptions): Promise<void> {
    const keys = checkInput('deleteMany', 'invalid ids', idsSchema, ids, ['ids']);
    for (const batch of chunks(keys, MAX_BATCH_SIZE)) {
      await this.#storage.batchDelete(this.country, { record_key: batch }, requestOptions);
    }
  }

  $if(condition: unknown, build: (repository: this) => unknown): unknown {
    return condition ? build(this) : this;
  }

  $call(fn: (repository: this) => unknown): unknown {
    return fn(this);
  }

  $dynamic(): this {
    return this;
  }

  [Symbol.asyncIterator](): AsyncIterator<TEntity> {
    return this.#query[Symbol.asyncIterator]();
  }
}
