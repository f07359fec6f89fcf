/**
 * Field maps: the names a query is written in (domain names for a repository, record field names for raw
 * storage) and the record field behind each name. Every type-level rule is decided on the record field.
 */
import { FILTERABLE_FIELDS, type FilterableField, isOneOf } from '../fields.js';

/**
 * Domain name -> record field. Raw storage uses {@link RecordFieldMap}, the identity over every filterable
 * record field.
 *
 * @example
 * const fields = { email: 'key1', age: 'range_key1' } as const satisfies FieldMap;
 * @category Query builder
 */
export type FieldMap = Readonly<Record<string, FilterableField>>;

/**
 * The identity field map of raw storage: every filterable record field, under its own name.
 *
 * @example
 * const q: QueryBuilder<RecordFieldMap, PlainSearchKeys, StorageRecord> = storage.in('us');
 * @category Query builder
 */
export type RecordFieldMap = { readonly [TField in FilterableField]: TField };

/**
 * The record field behind a name of the map (never when the name is not in it).
 * @hidden
 */
export type FieldOf<TFields extends FieldMap, TName> = TName extends keyof TFields ? TFields[TName] : never;

/**
 * Names accepted where a field is expected: the map's own names for completion, plus any other string so
 * that a wrong one gets a readable QueryTypeError instead of a bare constraint error.
 */
export type FieldName<TFields extends FieldMap> = (keyof TFields & string) | (string & {});

/** Resolves a name to its record field at run time; undefined when the name is not filterable. */
export function resolveField(fields: FieldMap | undefined, name: unknown): FilterableField | undefined {
  if (typeof name !== 'string') return undefined;
  if (fields === undefined) return isOneOf(FILTERABLE_FIELDS, name) ? name : undefined;
  return Object.hasOwn(fields, name) ? fields[name] : undefined;
}

/**
 * How a name is shown in messages: the name itself, plus its record field when they differ.
 * @hidden
 */
export type FieldLabel<TName extends string, TField extends string> = TName extends TField
  ? TName
  : `${TName} (${TField})`;

/**
 * The run-time counterpart of {@link FieldLabel}.
 *
 * @example
 * fieldLabel('email', 'key1'); // 'email (key1)'
 */
export function fieldLabel<TName extends string, TField extends string>(
  name: TName,
  field: TField,
): FieldLabel<TName, TField> {
  return (name === (field as string) ? name : `${name} (${field})`) as FieldLabel<TName, TField>;
}
