/**
 * Raw response bodies of server errors, kept beside the errors rather than on them.
 */

// A WeakMap rather than a property: util.inspect shows non-enumerable own properties with showHidden.
export const responseBodies = new WeakMap<object, unknown>();
