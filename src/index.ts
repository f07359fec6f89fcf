/**
 * incountry-ts: the public API. Everything not exported here is internal.
 */
export * from './errors.js';
export * from './fields.js';
