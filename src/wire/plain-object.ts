/**
 * The JSON-object test shared by every layer that walks filters and envelopes (the client's checks, the
 * codec, the PoP's compiler): an object that is neither null nor an array.
 */

/**
 * True for a non-null, non-array object.
 *
 * @example
 * isPlainObject({ $gt: 1 }); // true
 * isPlainObject([1]); // false
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
