/**
 * Every mapping message, twice: as a template literal type (the compile-time RepositoryTypeError text) and
 * as a function returning exactly that type (the run-time StorageConfigValidationError text), so the two
 * cannot drift apart unless both are edited. Messages name model fields and slots, never values.
 */

const PREFIX = 'defineRepository() call failed:';
type Prefix = typeof PREFIX;

/** The slots a model field may be mapped to, as messages list them. */
const SLOT_LIST =
  'record_key, key1..key20, profile_key, parent_key, service_key1..5, range_key1..10 or expires_at';
type SlotList = typeof SLOT_LIST;

export type NotInModelMessage<TName extends string> = `${Prefix} ${TName} is not a field of the model`;
export const notInModelMessage = <TName extends string>(name: TName): NotInModelMessage<TName> =>
  `${PREFIX} ${name} is not a field of the model` as const;

export type NotASlotMessage<
  TName extends string,
  TSlot extends string,
> = `${Prefix} ${TName} is mapped to ${TSlot}, which is not one of ${SlotList}`;
export const notASlotMessage = <TName extends string, TSlot extends string>(
  name: TName,
  slot: TSlot,
): NotASlotMessage<TName, TSlot> =>
  `${PREFIX} ${name} is mapped to ${slot}, which is not one of ${SLOT_LIST}` as const;

export type SharedSlotMessage<
  TName extends string,
  TOther extends string,
  TSlot extends string,
> = `${Prefix} ${TName} and ${TOther} are both mapped to ${TSlot}`;
export const sharedSlotMessage = <TName extends string, TOther extends string, TSlot extends string>(
  name: TName,
  other: TOther,
  slot: TSlot,
): SharedSlotMessage<TName, TOther, TSlot> =>
  `${PREFIX} ${name} and ${other} are both mapped to ${slot}` as const;

export type WrongKindMessage<
  TName extends string,
  TType extends string,
  TSlot extends string,
  TValues extends string,
> = `${Prefix} ${TName} is ${TType} but ${TSlot} holds ${TValues}`;
export const wrongKindMessage = <
  TName extends string,
  TType extends string,
  TSlot extends string,
  TValues extends string,
>(
  name: TName,
  type: TType,
  slot: TSlot,
  values: TValues,
): WrongKindMessage<TName, TType, TSlot, TValues> =>
  `${PREFIX} ${name} is ${type} but ${slot} holds ${values}` as const;

export type OptionalIdMessage<TName extends string> =
  `${Prefix} ${TName} may be missing, but record_key needs a string on every entity`;
export const optionalIdMessage = <TName extends string>(name: TName): OptionalIdMessage<TName> =>
  `${PREFIX} ${name} may be missing, but record_key needs a string on every entity` as const;

/** @hidden */
export type NoIdMessage = `${Prefix} no model field is mapped to record_key`;
export const noIdMessage = (): NoIdMessage => `${PREFIX} no model field is mapped to record_key`;

// Run-time only: shapes the type checker rules out but JavaScript callers can still pass.

export const notAModelMessage = (): string => `${PREFIX} model must be a zod object schema (z.object({ … }))`;
export const notAFieldMapMessage = (): string =>
  `${PREFIX} fields must be an object mapping model fields to record fields`;
export const notAStorageMessage = (): string => `${PREFIX} storage must be a Storage from createStorage()`;
