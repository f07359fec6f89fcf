/**
 * The one branded type every illegal query turns into. It sits in PARAMETER position (or in `this`
 * position for methods without parameters), so the compiler prints the message itself:
 *
 * ```text
 * Argument of type 'number' is not assignable to parameter of type
 *   'QueryTypeError<"gte() call failed: range_key3 already has $gt">'.
 * ```
 *
 * No value can satisfy it by accident: the brand key is not part of any real object.
 *
 * @example
 * ```ts
 * // @ts-expect-error QueryTypeError<"gte() call failed: range_key3 already has $gt">
 * storage.in('us').where('range_key3').gt(1).where('range_key3').gte(2);
 * ```
 * @category Query builder
 */
// HACK: BrandedTypeError's member declared again rather than inherited: every message is a new
// instantiation, and an `extends` clause doubles it (the base is instantiated too). It stays a
// BrandedTypeError structurally.
export interface QueryTypeError<TMessage extends string> {
  readonly __typeError__: TMessage;
}
