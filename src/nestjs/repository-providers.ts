/**
 * One Nest provider per repository definition: `defineRepository` over the module's Storage, so a bad
 * mapping fails the application's bootstrap with StorageConfigValidationError.
 */
import type { FactoryProvider } from '@nestjs/common';
import { StorageConfigValidationError } from '../errors.js';
import { defineRepository } from '../repository/define-repository.js';
import type { EntityDefinition } from '../repository/repository-types.js';
import type { Storage } from '../storage/storage.js';
import { getRepositoryToken, INCOUNTRY_STORAGE } from './incountry-tokens.js';

/**
 * Providers for repositories over the Storage registered under {@link INCOUNTRY_STORAGE}.
 *
 * @example
 * const providers = createRepositoryProviders([userEntity]);
 */
export function createRepositoryProviders(definitions: readonly EntityDefinition[]): FactoryProvider[] {
  if (!Array.isArray(definitions)) {
    throw new StorageConfigValidationError(
      'IncountryModule: repositories must be an array of { model, fields }',
    );
  }
  return definitions.map((definition, index) => {
    if (typeof definition !== 'object' || definition === null || !('model' in definition)) {
      throw new StorageConfigValidationError(
        `IncountryModule: repositories[${index}] must be { model, fields }`,
      );
    }
    return {
      provide: getRepositoryToken(definition.model),
      useFactory: (storage: Storage) => defineRepository(storage, definition as never),
      inject: [INCOUNTRY_STORAGE],
    };
  });
}
