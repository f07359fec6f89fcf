/**
 * Every mapping message, twice: as a template literal type (the compile-time RepositoryTypeError text) and
 * as a function returning exactly that type (the run-time StorageConfigValidationError text), so the two
 * cannot drift apart unless both are edited. Messages start with the function called (`defineRepository`
 * or `defineEntity`) and name model fields and slots, never values.
 */

/**
 * The function whose mapping is checked: `defineRepository` or `defineEntity`.
 * @hidden
 */
export type MappingMethod = 'defineRepository' | 'defineEntity';
type Prefix<M extends MappingMethod> = `${M}() call failed:`;
const prefix = <M extends MappingMethod>(method: M): Prefix<M> => `${method}() call failed:`;

/** The slots a model field may be mapped to, as messages list them. */
const SLOT_LIST =
  'record_key, key1..key20, profile_key, parent_key, service_key1..5, range_key1..10 or expires_at';
type SlotList = typeof SLOT_LIST;

export type NotInModelMessage<
  TName extends string,
  M extends MappingMethod = 'defineRepository',
> = `${Prefix<M>} ${TName} is not a field of the model`;
export const notInModelMessage = <TName extends string, M extends MappingMethod>(
  name: TName,
  method: M,
): NotInModelMessage<TName, M> => `${prefix(method)} ${name} is not a field of the model` as const;

export type NotASlotMessage<
  TName extends string,
  TSlot extends string,
  M extends MappingMethod = 'defineRepository',
> = `${Prefix<M>} ${TName} is mapped to ${TSlot}, which is not one of ${SlotList}`;
export const notASlotMessage = <TName extends string, TSlot extends string, M extends MappingMethod>(
  name: TName,
  slot: TSlot,
  method: M,
): NotASlotMessage<TName, TSlot, M> =>
  `${prefix(method)} ${name} is mapped to ${slot}, which is not one of ${SLOT_LIST}` as const;

export type SharedSlotMessage<
  TName extends string,
  TOther extends string,
  TSlot extends string,
  M extends MappingMethod = 'defineRepository',
> = `${Prefix<M>} ${TName} and ${TOther} are both mapped to ${TSlot}`;
export const sharedSlotMessage = <
  TName extends string,
  TOther extends string,
  TSlot extends string,
  M extends MappingMethod,
>(
  name: TName,
  other: TOther,
  slot: TSlot,
  method: M,
): SharedSlotMessage<TName, TOther, TSlot, M> =>
  `${prefix(method)} ${name} and ${other} are both mapped to ${slot}` as const;

export type WrongKindMessage<
  TName extends string,
  TType extends string,
  TSlot extends string,
  TValues extends string,
  M extends MappingMethod = 'defineRepository',
> = `${Prefix<M>} ${TName} is ${TType} but ${TSlot} holds ${TValues}`;
export const wrongKindMessage = <
  TName extends string,
  TType extends string,
  TSlot extends string,
  TValues extends string,
  M extends MappingMethod,
>(
  name: TName,
  type: TType,
  slot: TSlot,
  values: TValues,
  method: M,
): WrongKindMessage<TName, TType, TSlot, TValues, M> =>
  `${prefix(method)} ${name} is ${type} but ${slot} holds ${values}` as const;

export type OptionalIdMessage<
  TName extends string,
  M extends MappingMethod = 'defineRepository',
> = `${Prefix<M>} ${TName} may be missing, but record_key needs a string on every entity`;
export const optionalIdMessage = <TName extends string, M extends MappingMethod>(
  name: TName,
  method: M,
): OptionalIdMessage<TName, M> =>
  `${prefix(method)} ${name} may be missing, but record_key needs a string on every entity` as const;

/** @hidden */
export type NoIdMessage<M extends MappingMethod = 'defineRepository'> =
  `${Prefix<M>} no model field is mapped to record_key`;
export const noIdMessage = <M extends MappingMethod>(method: M): NoIdMessage<M> =>
  `${prefix(method)} no model field is mapped to record_key` as const;

// Run-time only: shapes the type checker rules out but JavaScript callers can still pass.

export const notAModelMessage = (method: MappingMethod = 'defineRepository'): string =>
  `${prefix(method)} model must be a zod object schema (z.object({ … }))`;
export const notAFieldMapMessage = (method: MappingMethod = 'defineRepository'): string =>
  `${prefix(method)} fields must be an object mapping model fields to record fields`;
export const notAStorageMessage = (): string =>
  `${prefix('defineRepository')} storage must be a Storage from createStorage()`;
