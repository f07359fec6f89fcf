/**
 * The repository layer: zod domain models mapped onto record fields, country-scoped repositories that
 * save, load and query domain objects.
 */
export { defineEntity, defineRepository } from './define-repository.js';
export {
  ENTITY_SLOTS,
  type EntityFieldMap,
  type EntityFieldsInput,
  type EntitySlot,
  KEY_SLOTS,
  type KeySlot,
} from './entity-slots.js';
export type { MappingCheck } from './mapping-rules.js';
export type { RepositoryTypeError } from './repository-type-error.js';
export type {
  CheckedEntityDefinition,
  CountryRepository,
  CountryRepositoryFor,
  DynamicRepositoryQuery,
  EntityDefinition,
  EntityMethods,
  EntityModel,
  FieldMapOf,
  Repository,
  RepositoryOf,
  RepositoryQuery,
  RepositoryQueryOf,
  TransformingCountryRepository,
} from './repository-types.js';
