/**
 * Just enough introspection of zod (v4) schemas to re-check a mapping at run time: the kind of value a
 * field's schema outputs, and whether it may be missing or null. Schemas whose output cannot be told
 * without running them (transforms, unions of kinds, custom) come out as `unknown` and are checked value
 * by value on save instead.
 */
import type { z } from 'zod';

/** The kind of value a schema outputs, as far as its definition tells. */
export type ValueKind = 'string' | 'number' | 'boolean' | 'bigint' | 'date' | 'array' | 'object' | 'unknown';

/** What a field's schema says about its output. */
export interface FieldShape {
  readonly kind: ValueKind;
  /** The output may be `undefined` (`.optional()`, without a default). */
  readonly optional: boolean;
  /** The output may be `null` (`.nullable()`, `.nullish()`). */
  readonly nullable: boolean;
}

/** The zod internals read here; kept structural so a second copy of zod in node_modules still works. */
interface SchemaInternals {
  readonly _zod: {
    readonly def: {
      readonly type: string;
      readonly innerType?: unknown;
      readonly out?: unknown;
      readonly options?: readonly unknown[];
      readonly shape?: unknown;
    };
    readonly optout?: 'optional' | undefined;
    readonly values?: ReadonlySet<unknown> | undefined;
  };
}

/** True for a zod (v4) schema of any kind. */
export function isZodSchema(value: unknown): value is SchemaInternals {
  if (typeof value !== 'object' || value === null || !('_zod' in value)) return false;
  const internals = (value as { _zod: unknown })._zod;
  if (typeof internals !== 'object' || internals === null || !('def' in internals)) return false;
  const def = (internals as { def: unknown }).def;
  return typeof def === 'object' && def !== null && typeof (def as { type?: unknown }).type === 'string';
}

/** True for a zod (v4) object schema (`z.object`, `z.strictObject`, `z.looseObject`). */
export function isZodObject(value: unknown): value is z.ZodObject {
  return (
    isZodSchema(value) &&
    value._zod.def.type === 'object' &&
    typeof (value as { shape?: unknown }).shape === 'object'
  );
}

const DIRECT_KINDS: Readonly<Record<string, ValueKind>> = {
  string: 'string',
  template_literal: 'string',
  number: 'number',
  boolean: 'boolean',
  bigint: 'bigint',
  date: 'date',
  array: 'array',
  tuple: 'array',
  set: 'object',
  object: 'object',
  record: 'object',
  map: 'object',
};

/** Wrappers whose output has the kind of their inner schema. */
const TRANSPARENT = new Set([
  'optional',
  'nullable',
  'default',
  'prefault',
  'nonoptional',
  'readonly',
  'catch',
]);

function kindOfValues(values: ReadonlySet<unknown>): ValueKind {
  const kinds = new Set([...values].map((v) => (v instanceof Date ? 'date' : typeof v)));
  const [only] = kinds;
  return kinds.size === 1 &&
    (only === 'string' || only === 'number' || only === 'boolean' || only === 'bigint')
    ? only
    : 'unknown';
}

function kindOf(schema: unknown, depth = 0): { kind: ValueKind; nullable: boolean } {
  if (!isZodSchema(schema) || depth > 20) return { kind: 'unknown', nullable: false };
  const { def, values } = schema._zod;
  if (TRANSPARENT.has(def.type)) {
    const inner = kindOf(def.innerType, depth + 1);
    return { kind: inner.kind, nullable: inner.nullable || def.type === 'nullable' };
  }
  if (def.type === 'pipe') return kindOf(def.out, depth + 1);
  if (def.type === 'null') return { kind: 'unknown', nullable: true };
  if (def.type === 'union' && def.options !== undefined) {
    const options = def.options.map((o) => kindOf(o, depth + 1));
    const nullable = options.some((o) => o.nullable);
    const kinds = new Set(options.filter((o) => o.kind !== 'unknown' || !o.nullable).map((o) => o.kind));
    const [only] = kinds;
    return { kind: kinds.size === 1 && only !== undefined ? only : 'unknown', nullable };
  }
  if ((def.type === 'enum' || def.type === 'literal') && values !== undefined) {
    return { kind: kindOfValues(values), nullable: values.has(null) };
  }
  return { kind: DIRECT_KINDS[def.type] ?? 'unknown', nullable: false };
}

/**
 * The values a field's schema allows, when it lists them (`z.enum`, `z.literal`, a union of those,
 * through optional/nullable/default wrappers); `null` is left out (a null test is always allowed).
 * Undefined when the schema does not list its values.
 *
 * @example
 * allowedValues(z.enum(['new', 'paid']).optional()); // ['new', 'paid']
 */
export function allowedValues(schema: unknown, depth = 0): readonly unknown[] | undefined {
  if (!isZodSchema(schema) || depth > 20) return undefined;
  const { def, values } = schema._zod;
  if (TRANSPARENT.has(def.type)) return allowedValues(def.innerType, depth + 1);
  if ((def.type === 'enum' || def.type === 'literal') && values !== undefined)
    return [...values].filter((v) => v !== null && v !== undefined);
  if (def.type === 'null') return [];
  if (def.type === 'union' && def.options !== undefined) {
    const options = def.options.map((o) => allowedValues(o, depth + 1));
    return options.every((o) => o !== undefined) ? [...new Set(options.flat())] : undefined;
  }
  return undefined;
}

/**
 * Describes the output of one field schema.
 *
 * @example
 * fieldShape(z.string().email().optional()); // { kind: 'string', optional: true, nullable: false }
 */
export function fieldShape(schema: unknown): FieldShape {
  const { kind, nullable } = kindOf(schema);
  const optional = isZodSchema(schema) && schema._zod.optout === 'optional';
  return { kind, optional, nullable };
}

/** How messages name a value kind, matching the compile-time TypeName. */
export const KIND_NAMES = {
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  bigint: 'a bigint',
  date: 'a Date',
  array: 'an array',
  object: 'an object',
  unknown: 'a value of mixed types',
} as const satisfies Record<ValueKind, string>;
