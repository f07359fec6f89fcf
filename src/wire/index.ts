/**
 * The wire contract: zod schemas of every request and response, shared by the client (transport/) and the
 * local PoP (server/). Nothing here depends on anything but zod and the field catalogue.
 */
export * from './attachment-names.js';
export * from './bodies.js';
export * from './char-length.js';
export * from './filter-limits.js';
export * from './find.js';
export * from './int64.js';
export * from './json-codec.js';
export * from './nesting-depth.js';
export * from './primitives.js';
export * from './record.js';
export * from './well-formed-text.js';
