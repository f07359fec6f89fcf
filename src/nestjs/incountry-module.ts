/**
 * `IncountryModule` (docs/architecture.md#public-surface): a Storage and repositories for NestJS applications, configured with
 * `forRoot` / `forRootAsync` (built with ConfigurableModuleBuilder) and extended per feature module with
 * `forFeature`.
 */
import {
  type ConfigurableModuleAsyncOptions,
  ConfigurableModuleBuilder,
  type DynamicModule,
  type FactoryProvider,
  Module,
} from '@nestjs/common';
import * as z from 'zod';
import { formatIssues, StorageConfigValidationError, zodIssues } from '../errors.js';
import type { EntityDefinition } from '../repository/repository-types.js';
import { createStorage } from '../storage/create-storage.js';
import { replaceTelemetry } from '../storage/operation-scope.js';
import type { Storage } from '../storage/storage.js';
import { telemetrySchema } from '../storage/storage-config.js';
import type { StorageOptions } from '../storage/storage-options.js';
import type { StorageTelemetry } from '../telemetry/storage-telemetry.js';
import { INCOUNTRY_STORAGE } from './incountry-tokens.js';
import { createRepositoryProviders } from './repository-providers.js';

/**
 * What `IncountryModule.forRoot` (or the `forRootAsync` factory) gives: a ready Storage, or the options to
 * create one with `createStorage`.
 *
 * @example
 * const options: IncountryModuleOptions = { storage: { ...pop.storageOptions, secretKeyAccessor } };
 */
export interface IncountryModuleOptions {
  // biome-ignore lint/suspicious/noExplicitAny: any storage configuration; the repositories re-check queries at run time.
  readonly storage: Storage<any> | StorageOptions;
  /** Traces and metrics for the storage (`otelTelemetry()` from `incountry-ts/otel`); see docs/telemetry.md. */
  readonly telemetry?: StorageTelemetry | undefined;
}

/**
 * Static options of `forRoot` / `forRootAsync` besides {@link IncountryModuleOptions}.
 *
 * @example
 * IncountryModule.forRoot({ storage, repositories: [userEntity], isGlobal: true });
 */
export interface IncountryModuleExtras {
  /** Repositories to provide, injected with `@InjectRepository(model)`. Default none. */
  readonly repositories: readonly EntityDefinition[];
  /** Make the Storage (and these repositories) injectable everywhere. Default true, which `forFeature` needs. */
  readonly isGlobal: boolean;
}

/**
 * The options of `IncountryModule.forRoot`: the storage, plus the repositories and `isGlobal`.
 *
 * @example
 * const options: IncountryRootOptions = { storage, repositories: [userEntity] };
 */
export type IncountryRootOptions = IncountryModuleOptions & Partial<IncountryModuleExtras>;

/**
 * The options of `IncountryModule.forRootAsync`: `useFactory` (with `inject` and `imports`), `useClass` or
 * `useExisting` producing {@link IncountryModuleOptions}, plus the repositories and `isGlobal`.
 *
 * @example
 * const options: IncountryAsyncOptions = { useFactory: () => ({ storage }), repositories: [userEntity] };
 */
export type IncountryAsyncOptions = ConfigurableModuleAsyncOptions<IncountryModuleOptions> &
  Partial<IncountryModuleExtras>;

const optionsSchema = z.object(
  {
    storage: z.custom<Storage | StorageOptions>(
      (value) => typeof value === 'object' && value !== null,
      'storage must be a Storage or createStorage() options',
    ),
    telemetry: z.optional(telemetrySchema()),
  },
  'IncountryModule options must be an object with a storage',
);

function isStorage(value: Storage | StorageOptions): value is Storage {
  return (
    typeof (value as { find?: unknown }).find === 'function' &&
    typeof (value as { in?: unknown }).in === 'function'
  );
}

/** Resolves the module options to a Storage (validated; creating one when given options). */
async function storageFrom(options: unknown): Promise<Storage> {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    throw new StorageConfigValidationError(`IncountryModule: ${formatIssues(issues)}`, { issues });
  }
  const { storage, telemetry } = parsed.data;
  if (isStorage(storage)) {
    if (telemetry !== undefined && !replaceTelemetry(storage, telemetry))
      throw new StorageConfigValidationError(
        'IncountryModule: telemetry needs a Storage made by createStorage (or createStorage options)',
      );
    return storage;
  }
  const withTelemetry = telemetry === undefined ? storage : { ...storage, telemetry };
  return (await createStorage(withTelemetry as never)) as unknown as Storage;
}

const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN } =
  new ConfigurableModuleBuilder<IncountryModuleOptions>({
    moduleName: 'Incountry',
  })
    .setClassMethodName('forRoot')
    .setExtras<IncountryModuleExtras>({ repositories: [], isGlobal: true }, (definition, extras) => {
      const repositories = createRepositoryProviders(extras.repositories);
      const storage: FactoryProvider = {
        provide: INCOUNTRY_STORAGE,
        useFactory: storageFrom,
        inject: [MODULE_OPTIONS_TOKEN],
      };
      return {
        ...definition,
        global: extras.isGlobal,
        providers: [...(definition.providers ?? []), storage, ...repositories],
        exports: [...(definition.exports ?? []), INCOUNTRY_STORAGE, ...repositories.map((p) => p.provide)],
      };
    })
    .build();

/**
 * The NestJS module: `forRoot({ storage, repositories })`, `forRootAsync({ useFactory, inject, imports })`
 * and `forFeature(repositories)`. Inject with `@InjectRepository(User)` or `@InjectStorage()`.
 *
 * @example
 * const userEntity = defineEntity({ model: User, fields: { id: 'record_key', email: 'key1', age: 'range_key1' } });
 * const incountry = IncountryModule.forRootAsync({
 *   useFactory: () => ({ storage: { ...pop.storageOptions, secretKeyAccessor: new SecretKeyAccessor(() => 'secret') } }),
 *   repositories: [userEntity],
 * });
 */
export class IncountryModule extends ConfigurableModuleClass {
  /**
   * Configures the module with a ready Storage or `createStorage` options.
   *
   * @example
   * const incountry = IncountryModule.forRoot({ storage, repositories: [userEntity] });
   */
  static override forRoot(options: IncountryRootOptions): DynamicModule {
    // biome-ignore lint/complexity/noThisInStatic: super keeps `this` = IncountryModule, which Nest uses as the module.
    return super.forRoot(options);
  }

  /**
   * Configures the module from a factory (or class) resolved by Nest, e.g. with a config service.
   *
   * @example
   * const incountry = IncountryModule.forRootAsync({
   *   useFactory: async () => ({ storage: { ...pop.storageOptions, secretKeyAccessor } }),
   *   repositories: [userEntity],
   * });
   */
  static override forRootAsync(options: IncountryAsyncOptions): DynamicModule {
    // biome-ignore lint/complexity/noThisInStatic: super keeps `this` = IncountryModule, which Nest uses as the module.
    return super.forRootAsync(options);
  }

  /**
   * Provides more repositories in a feature module, over the Storage of the (global) root module.
   *
   * @example
   * const orders = IncountryModule.forFeature([orderEntity]);
   */
  static forFeature(repositories: readonly EntityDefinition[]): DynamicModule {
    const providers = createRepositoryProviders(repositories);
    return { module: IncountryModule, providers, exports: providers.map((p) => p.provide) };
  }
}
// The decorator is applied as a call so that this file compiles without experimentalDecorators.
Module({})(IncountryModule);
