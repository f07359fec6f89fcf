/**
 * Domain entity <-> record. Mapped fields go to their slots; every other model field is JSON-encoded into
 * `body` (which the storage encrypts in LOCAL mode). Loading reverses this and parses the result with the
 * model, so what a repository returns always matches the model, and what does not is reported.
 */
import type { z } from 'zod';
import {
  formatIssues,
  InputValidationError,
  ModelValidationError,
  StorageConfigValidationError,
  type ValidationIssue,
  zodIssues,
} from '../errors.js';
import { isOneOf } from '../fields.js';
import type { RecordInput, StorageRecord } from '../record.js';
import { isInt64 } from '../wire/int64.js';
import { ENTITY_SLOTS, type EntitySlot, SLOT_VALUES, type SlotKind, slotKind } from './entity-slots.js';
import {
  type MappingMethod,
  noIdMessage,
  notAFieldMapMessage,
  notAModelMessage,
  notASlotMessage,
  notInModelMessage,
  optionalIdMessage,
  sharedSlotMessage,
  wrongKindMessage,
} from './mapping-messages.js';
import { allowedValues, fieldShape, isZodObject, KIND_NAMES, type ValueKind } from './model-schema.js';

/** One mapped model field. */
interface MappedField {
  readonly name: string;
  readonly slot: EntitySlot;
  readonly kind: SlotKind;
  /** A null slot loads as null (not as a missing field) when the model accepts null but not undefined. */
  readonly loadsNullAsNull: boolean;
  /** A `z.bigint()` field on a range key: the slot's value loads as a bigint whatever its size. */
  readonly loadsBigint: boolean;
  /** The values the model allows (an enum or literals), checked in query conditions too. */
  readonly values: readonly unknown[] | undefined;
}

/** The outcome of loading one record. */
export type DecodeResult<TEntity> =
  | { readonly ok: true; readonly entity: TEntity }
  | { readonly ok: false; readonly error: ModelValidationError };

/** Converts entities of one model to records and back. */
export interface EntityCodec<TEntity> {
  /** The model field on `record_key`. */
  readonly idField: string;
  /** Per slot of a model field that lists its values (an enum, literals): the field and those values. */
  readonly slotValues: ReadonlyMap<string, { readonly field: string; readonly values: readonly unknown[] }>;
  /** Validates with the model and maps; throws InputValidationError (issues prefixed with `path`). */
  encode(
    entity: unknown,
    method: string,
    path?: readonly (string | number)[],
  ): { entity: TEntity; record: RecordInput };
  /** Rebuilds and parses an entity; never throws. */
  decode(record: StorageRecord): DecodeResult<TEntity>;
}

const KIND_FITS: Readonly<Record<SlotKind, readonly ValueKind[]>> = {
  id: ['string', 'unknown'],
  string: ['string', 'unknown'],
  integer: ['number', 'bigint', 'unknown'],
  date: ['date', 'unknown'],
};

function configError(message: string): never {
  throw new StorageConfigValidationError(message);
}

/** Checks the mapping against the model (the run-time twin of MappingCheck) and compiles it. */
function compileMapping(
  model: unknown,
  fields: unknown,
  method: MappingMethod,
): { idField: string; mapped: readonly MappedField[] } {
  if (!isZodObject(model)) return configError(notAModelMessage(method));
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields))
    return configError(notAFieldMapMessage(method));
  const shape = model.shape as Record<string, unknown>;
  const bySlot = new Map<string, string>();
  const mapped: MappedField[] = [];
  for (const [name, slot] of Object.entries(fields)) {
    if (!Object.hasOwn(shape, name)) configError(notInModelMessage(name, method));
    if (!isOneOf(ENTITY_SLOTS, slot)) return configError(notASlotMessage(name, String(slot), method));
    const other = bySlot.get(slot);
    if (other !== undefined) configError(sharedSlotMessage(name, other, slot, method));
    bySlot.set(slot, name);
    const kind = slotKind(slot);
    const schema = shape[name];
    const field = fieldShape(schema);
    if (!KIND_FITS[kind].includes(field.kind)) {
      configError(wrongKindMessage(name, KIND_NAMES[field.kind], slot, SLOT_VALUES[kind], method));
    }
    if (kind === 'id' && (field.optional || field.nullable)) configError(optionalIdMessage(name, method));
    const acceptsUndefined = (schema as z.ZodType).safeParse(undefined).success;
    mapped.push({
      name,
      slot,
      kind,
      loadsNullAsNull: field.nullable && !acceptsUndefined,
      loadsBigint: kind === 'integer' && field.kind === 'bigint',
      values: allowedValues(schema),
    });
  }
  const id = mapped.find((f) => f.kind === 'id');
  if (id === undefined) return configError(noIdMessage(method));
  return { idField: id.name, mapped };
}

/** Tags Dates in the body so they load as Dates (zod's `z.date()` does not accept ISO strings). */
const DATE_TAG = '$date';

function bodyReplacer(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  return raw instanceof Date ? { [DATE_TAG]: raw.toISOString() } : value;
}

function bodyReviver(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const tagged = (value as Record<string, unknown>)[DATE_TAG];
  if (keys.length !== 1 || typeof tagged !== 'string') return value;
  const date = new Date(tagged);
  return Number.isNaN(date.getTime()) ? value : date;
}

function slotValueIssue(field: MappedField, value: unknown): string | undefined {
  switch (field.kind) {
    case 'id':
      return typeof value === 'string' && value.length > 0
        ? undefined
        : 'must be a non-empty string (record_key)';
    case 'string':
      return typeof value === 'string' ? undefined : `must be a string to be stored in ${field.slot}`;
    case 'integer':
      // Range keys are 64-bit: a safe-integer number, or a bigint within -2^63 .. 2^63 - 1.
      return isInt64(value)
        ? undefined
        : `must be a safe integer or a 64-bit bigint to be stored in ${field.slot}`;
    case 'date':
      return value instanceof Date && !Number.isNaN(value.getTime())
        ? undefined
        : `must be a valid Date to be stored in ${field.slot}`;
  }
}

/**
 * Compiles a model and its mapping; throws StorageConfigValidationError when the mapping is invalid.
 *
 * @example
 * const codec = createEntityCodec(User, { id: 'record_key', email: 'key1' });
 */
export function createEntityCodec<TEntity>(
  model: unknown,
  fields: unknown,
  method: MappingMethod = 'defineRepository',
): EntityCodec<TEntity> {
  const { idField, mapped } = compileMapping(model, fields, method);
  const schema = model as z.ZodType<TEntity>;
  const mappedNames = new Set(mapped.map((f) => f.name));

  function invalid(method: string, issues: ValidationIssue[]): never {
    throw new InputValidationError(
      `${method}() call failed: the entity does not match the model: ${formatIssues(issues)}`,
      { issues },
    );
  }

  const slotValues = new Map(
    mapped.flatMap((f) =>
      f.values === undefined ? [] : [[f.slot, { field: f.name, values: f.values }] as const],
    ),
  );

  return Object.freeze({
    idField,
    slotValues,

    encode(input: unknown, method: string, path: readonly (string | number)[] = []) {
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        invalid(
          method,
          zodIssues(parsed.error).map((i) => ({ path: [...path, ...i.path], message: i.message })),
        );
      }
      const entity = parsed.data;
      const values = entity as Record<string, unknown>;
      const record: Record<string, unknown> = {};
      const issues: ValidationIssue[] = [];
      for (const field of mapped) {
        const value = values[field.name];
        if (value === undefined && field.kind !== 'id') continue;
        if (value === null && field.kind !== 'id') {
          record[field.slot] = null;
          continue;
        }
        const issue = slotValueIssue(field, value);
        if (issue !== undefined) issues.push({ path: [...path, field.name], message: issue });
        else record[field.slot] = value;
      }
      if (issues.length > 0) invalid(method, issues);
      const rest = Object.fromEntries(Object.entries(values).filter(([name]) => !mappedNames.has(name)));
      try {
        record.body = JSON.stringify(rest, bodyReplacer);
      } catch (cause) {
        throw new InputValidationError(
          `${method}() call failed: the unmapped fields of the entity must be JSON-serialisable (no bigint, functions or cycles)`,
          { cause, issues: [{ path: [...path], message: 'not JSON-serialisable' }] },
        );
      }
      return { entity, record: record as unknown as RecordInput };
    },

    decode(record: StorageRecord): DecodeResult<TEntity> {
      let body: unknown = {};
      if (record.body !== null && record.body !== '') {
        try {
          body = JSON.parse(record.body, bodyReviver);
        } catch {
          body = undefined;
        }
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        const issues = [{ path: ['body'], message: 'is not a JSON object written by a repository' }];
        return {
          ok: false,
          error: new ModelValidationError(`stored record does not match the model: ${formatIssues(issues)}`, {
            issues,
          }),
        };
      }
      const candidate: Record<string, unknown> = { ...body };
      for (const field of mapped) {
        const value = (record as unknown as Record<string, unknown>)[field.slot];
        if (value === null || value === undefined) {
          if (field.loadsNullAsNull) candidate[field.name] = null;
          else delete candidate[field.name];
        } else {
          // The wire gives a number for safe integers; a bigint field gets a bigint back either way.
          candidate[field.name] = field.loadsBigint && typeof value === 'number' ? BigInt(value) : value;
        }
      }
      const parsed = schema.safeParse(candidate);
      if (parsed.success) return { ok: true, entity: parsed.data };
      const issues = zodIssues(parsed.error);
      return {
        ok: false,
        error: new ModelValidationError(`stored record does not match the model: ${formatIssues(issues)}`, {
          issues,
          cause: parsed.error,
        }),
      };
    },
  });
}
