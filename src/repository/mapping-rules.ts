/**
 * The mapping rules at the type level. {@link MappingCheck} is intersected with the inferred `fields`
 * object: a legal property meets `unknown` (no effect), an illegal one meets a RepositoryTypeError whose
 * message says why, and a mapping without `record_key` meets one on the whole object.
 */
import type { EntitySlot, SlotKindOf } from './entity-slots.js';
import type {
  MappingMethod,
  NoIdMessage,
  NotASlotMessage,
  NotInModelMessage,
  OptionalIdMessage,
  SharedSlotMessage,
  WrongKindMessage,
} from './mapping-messages.js';
import type { RepositoryTypeError } from './repository-type-error.js';

/** How messages describe a value type; tuple-wrapped so unions do not distribute. */
export type TypeName<TValue> = [TValue] extends [string]
  ? 'a string'
  : [TValue] extends [number]
    ? 'a number'
    : [TValue] extends [boolean]
      ? 'a boolean'
      : [TValue] extends [bigint]
        ? 'a bigint'
        : [TValue] extends [Date]
          ? 'a Date'
          : [TValue] extends [readonly unknown[]]
            ? 'an array'
            : [TValue] extends [object]
              ? 'an object'
              : 'a value of mixed types';

/** What a value of each slot kind must be (null and undefined aside, which every slot but the id allows). */
type SlotValue = { id: string; string: string; integer: number | bigint; date: Date };
type SlotValues = { id: 'strings'; string: 'strings'; integer: 'integers'; date: 'dates' };

type KindMessage<TName extends string, TValue, TSlot extends EntitySlot, TMethod extends MappingMethod> =
  SlotKindOf<TSlot> extends infer TKind extends keyof SlotValue
    ? TKind extends 'id'
      ? [TValue] extends [string]
        ? never
        : [NonNullable<TValue>] extends [string]
          ? OptionalIdMessage<TName, TMethod>
          : WrongKindMessage<TName, TypeName<NonNullable<TValue>>, TSlot, SlotValues[TKind], TMethod>
      : [NonNullable<TValue>] extends [SlotValue[TKind]]
        ? never
        : WrongKindMessage<TName, TypeName<NonNullable<TValue>>, TSlot, SlotValues[TKind], TMethod>
    : never;

/** Another field of the mapping on the same slot (the first one found, for a deterministic message). */
type OtherOnSlot<TFields, TName, TSlot> = {
  [K in keyof TFields]: K extends TName ? never : TFields[K] extends TSlot ? K : never;
}[keyof TFields];

/**
 * The message for one mapped field, or never when it is legal.
 * @hidden
 */
export type FieldMappingMessage<
  TEntity,
  TFields,
  TName extends keyof TFields & string,
  TMethod extends MappingMethod = 'defineRepository',
> = TName extends keyof TEntity
  ? TFields[TName] extends infer TSlot extends string
    ? TSlot extends EntitySlot
      ? TSlot extends TFields[Exclude<keyof TFields, TName>] // one lookup; the walk only for the message
        ? OtherOnSlot<TFields, TName, TSlot> extends infer TOther extends string
          ? [TOther] extends [never]
            ? KindMessage<TName, TEntity[TName], TSlot, TMethod>
            : SharedSlotMessage<TName, TOther, TSlot, TMethod>
          : never
        : KindMessage<TName, TEntity[TName], TSlot, TMethod>
      : NotASlotMessage<TName, TSlot, TMethod>
    : never
  : NotInModelMessage<TName, TMethod>;

/** @hidden */
type Check<TMessage extends string> = [TMessage] extends [never] ? unknown : RepositoryTypeError<TMessage>;

/**
 * `unknown` for a legal mapping of `TEntity`; otherwise an object type carrying a RepositoryTypeError on
 * every illegal property, or on `fields` itself when nothing is mapped to `record_key`.
 * @category Repository
 */
export type MappingCheck<TEntity, TFields, TMethod extends MappingMethod = 'defineRepository'> = {
  [K in keyof TFields]: K extends string ? Check<FieldMappingMessage<TEntity, TFields, K, TMethod>> : unknown;
} & ('record_key' extends TFields[keyof TFields] ? unknown : RepositoryTypeError<NoIdMessage<TMethod>>);

/** The model field mapped to `record_key`. */
export type IdFieldOf<TFields> = {
  [K in keyof TFields]: TFields[K] extends 'record_key' ? K : never;
}[keyof TFields];
