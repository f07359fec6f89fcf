/**
 * What errors keep off their enumerable surface: raw response bodies of server errors (kept beside the
 * errors rather than on them) and hidden properties such as `cause`.
 */

// A WeakMap rather than a property: util.inspect shows non-enumerable own properties with showHidden.
export const responseBodies = new WeakMap<object, unknown>();

/** Sets a property that JSON.stringify and plain console.log skip. */
export function defineHidden(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: false, writable: true, configurable: true });
}
