/**
 * `IncountryTestingModule`: a drop-in for `IncountryModule.forRoot` in tests. It starts a local PoP
 * (SQLite in memory, free port), creates a Storage on it and closes the PoP when the application closes.
 * The PoP is loaded lazily, so applications that never use this module never load the server.
 */
import { type DynamicModule, type FactoryProvider, Module } from '@nestjs/common';
import { SecretKeyAccessor } from '../crypto/secret-key-accessor.js';
import type { EntityDefinition } from '../repository/repository-types.js';
import type { LocalPop, LocalPopOptions } from '../server/local-pop.js';
import { createStorage } from '../storage/create-storage.js';
import type { StorageExtraOptions, StorageOptions } from '../storage/storage-options.js';
import { INCOUNTRY_STORAGE } from './incountry-tokens.js';
import { createRepositoryProviders } from './repository-providers.js';

/**
 * The token of the running {@link LocalPop} (its `admin` reads the request log, injects faults, resets).
 *
 * @example
 * const pop = app.get<LocalPop>(INCOUNTRY_LOCAL_POP);
 * pop.admin.addFault({ route: 'write', status: 503, times: 1 });
 */
export const INCOUNTRY_LOCAL_POP: unique symbol = Symbol('IncountryLocalPop');

/**
 * Options of {@link IncountryTestingModule.forRoot}; all optional.
 *
 * @example
 * IncountryTestingModule.forRoot({ repositories: [userEntity], hashSearchKeys: false });
 */
export interface IncountryTestingOptions {
  /** Repositories to provide, as with `IncountryModule.forRoot`. */
  readonly repositories?: readonly EntityDefinition[];
  /** The encryption secret; default a fixed test secret. */
  readonly secret?: string;
  /** `false` stores key1..key20 in plain text (enables like, searchKeys, sorting by key slots). */
  readonly hashSearchKeys?: boolean;
  /** Extra `createStorage` options (merged over the PoP's connection options). */
  readonly storageOptions?: Omit<StorageOptions, 'options'> & { readonly options?: StorageExtraOptions };
  /** Options of `startLocalPop`. */
  readonly pop?: LocalPopOptions;
}

/** The PoP as a provider value: Nest calls `onModuleDestroy` when the application closes. */
interface PopHandle extends LocalPop {
  onModuleDestroy(): Promise<void>;
}

async function startPop(options: LocalPopOptions | undefined): Promise<PopHandle> {
  const { startLocalPop } = await import('../server/local-pop.js');
  const pop = await startLocalPop(options);
  return Object.assign(Object.create(pop) as LocalPop, { onModuleDestroy: () => pop.close() }) as PopHandle;
}

/**
 * A global module with a Storage on a fresh local PoP and the given repositories: use it where the
 * application imports `IncountryModule.forRoot(…)`, e.g. with `overrideModule` of `@nestjs/testing`.
 *
 * @example
 * import { Test } from '@nestjs/testing';
 * const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
 *   .overrideModule(incountry) // the IncountryModule.forRootAsync(…) that AppModule imports
 *   .useModule(IncountryTestingModule.forRoot({ repositories: [userEntity] }))
 *   .compile();
 * const testApp = await moduleRef.createNestApplication().init();
 * await testApp.close(); // also stops the PoP
 */
// biome-ignore lint/complexity/noStaticOnlyClass: Nest modules are classes; forRoot is the Nest convention.
export class IncountryTestingModule {
  /**
   * Starts a local PoP for this application and provides a Storage on it and the repositories.
   *
   * @example
   * const incountry = IncountryTestingModule.forRoot({ repositories: [userEntity] });
   */
  static forRoot(options: IncountryTestingOptions = {}): DynamicModule {
    const repositories = createRepositoryProviders(options.repositories ?? []);
    const pop: FactoryProvider = { provide: INCOUNTRY_LOCAL_POP, useFactory: () => startPop(options.pop) };
    const storage: FactoryProvider = {
      provide: INCOUNTRY_STORAGE,
      inject: [INCOUNTRY_LOCAL_POP],
      useFactory: (running: LocalPop) =>
        createStorage({
          ...running.storageOptions,
          ...options.storageOptions,
          secretKeyAccessor: new SecretKeyAccessor(() => options.secret ?? 'incountry testing module secret'),
          options: {
            ...running.storageOptions.options,
            ...options.storageOptions?.options,
            // The PoP's short retry preset stays unless the test sets the same option itself.
            httpOptions: {
              ...running.storageOptions.options.httpOptions,
              ...options.storageOptions?.options?.httpOptions,
            },
            ...(options.hashSearchKeys === undefined ? {} : { hashSearchKeys: options.hashSearchKeys }),
          },
        } as never),
    };
    return {
      module: IncountryTestingModule,
      global: true,
      providers: [pop, storage, ...repositories],
      exports: [INCOUNTRY_LOCAL_POP, INCOUNTRY_STORAGE, ...repositories.map((p) => p.provide)],
    };
  }
}
Module({})(IncountryTestingModule);
