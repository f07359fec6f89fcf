/**
 * incountry-ts/nestjs: the NestJS integration — `IncountryModule`, `@InjectRepository`, and
 * `IncountryTestingModule` for tests on a local PoP. Only this entry point imports `@nestjs/common`.
 *
 * @module incountry-ts/nestjs
 */
export {
  type IncountryAsyncOptions,
  IncountryModule,
  type IncountryModuleExtras,
  type IncountryModuleOptions,
  type IncountryRootOptions,
} from './incountry-module.js';
export {
  INCOUNTRY_LOCAL_POP,
  IncountryTestingModule,
  type IncountryTestingOptions,
} from './incountry-testing-module.js';
export {
  getRepositoryToken,
  INCOUNTRY_STORAGE,
  InjectRepository,
  InjectStorage,
} from './incountry-tokens.js';
export { createRepositoryProviders } from './repository-providers.js';
export {
  type StorageErrorBody,
  StorageExceptionFilter,
  storageErrorResponse,
} from './storage-exception-filter.js';
