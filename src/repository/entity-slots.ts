/**
 * The record fields a repository can map model fields onto, as `as const` tables in the manner of
 * fields.ts. What a slot holds (an id, strings, integers or a date) decides which model fields fit it;
 * everything not mapped travels in the encrypted `body`.
 */
import { isOneOf, RANGE_KEYS, SEARCH_KEYS, SERVICE_KEYS } from '../fields.js';

/**
 * String slots besides `record_key`: `key1..key20`, `profile_key`, `parent_key`, `service_key1..5`.
 * @category Repository
 */
// A spread at a module's top level is kept by bundlers (it may run an iterator); a pure call is dropped when
// unused, so a program that defines no entity does not carry these.
export const KEY_SLOTS = /* @__PURE__ */ (() =>
  [...SEARCH_KEYS, 'profile_key', 'parent_key', ...SERVICE_KEYS] as const)();

/**
 * Every record field a model field may be mapped to.
 * @category Repository
 */
export const ENTITY_SLOTS = /* @__PURE__ */ (() =>
  ['record_key', ...KEY_SLOTS, ...RANGE_KEYS, 'expires_at'] as const)();

/**
 * A string slot other than `record_key`.
 * @category Repository
 */
export type KeySlot = (typeof KEY_SLOTS)[number];

/**
 * A record field a model field can live in: `record_key`, a key slot, a range key or `expires_at`.
 *
 * @example
 * const slot: EntitySlot = 'range_key1';
 * @category Repository
 */
export type EntitySlot = (typeof ENTITY_SLOTS)[number];

/** What a slot holds: the entity id, strings, integers or a date. */
export type SlotKind = 'id' | 'string' | 'integer' | 'date';

/** The values each slot kind holds, as messages name them. */
export const SLOT_VALUES = {
  id: 'strings',
  string: 'strings',
  integer: 'integers',
  date: 'dates',
} as const satisfies Record<SlotKind, string>;

/** The kind of a slot at run time. */
export function slotKind(slot: EntitySlot): SlotKind {
  if (slot === 'record_key') return 'id';
  if (slot === 'expires_at') return 'date';
  return isOneOf(RANGE_KEYS, slot) ? 'integer' : 'string';
}

/** The kind of a slot at the type level. */
export type SlotKindOf<TSlot extends EntitySlot> = TSlot extends 'record_key'
  ? 'id'
  : TSlot extends 'expires_at'
    ? 'date'
    : TSlot extends KeySlot
      ? 'string'
      : 'integer';

/**
 * A mapping from model field names to slots, as `defineRepository` receives it. Any string is accepted
 * here so that a wrong slot gets a readable {@link RepositoryTypeError} instead of a bare constraint error.
 *
 * @example
 * const fields = { id: 'record_key', email: 'key1', age: 'range_key1' } as const satisfies EntityFieldsInput;
 * @category Repository
 */
export type EntityFieldsInput = Readonly<Record<string, EntitySlot | (string & {})>>;

/**
 * A checked mapping: model field name -> slot. It is also the query builder's field map, so queries are
 * written with model field names.
 *
 * @example
 * const fields: EntityFieldMap = { id: 'record_key', email: 'key1' };
 * @category Repository
 */
export type EntityFieldMap = Readonly<Record<string, EntitySlot>>;
