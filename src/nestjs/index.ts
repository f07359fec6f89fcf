/**
 * incountry-ts/nestjs: the NestJS integration — `IncountryModule`, `@InjectRepository`, and
 * `IncountryTestingModule` for tests on a local PoP. Only this entry point imports `@nestjs/common`.
 *
 * @module incountry-ts/nestjs
 */

// The mapping lives in the client entry (it needs no Nest); re-exported here where Nest users look for it.
export { type StorageErrorBody, storageErrorResponse } from '../error-responses/storage-error-response.js';
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
export { StorageExceptionFilter } from './storage-exception-filter.js';
