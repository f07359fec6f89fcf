import type { HttpDebugResponse } from '../transport/debug-response.js';

/**
 * The key under which results carry the raw HTTP response(s) when the storage was created with
 * `debug: true`. A symbol, so debug data never shows up in `JSON.stringify(result)` or object spreads of
 * the data by accident. Also available as `Storage.HTTP_DEBUG_KEY`.
 *
 * @example
 * const result = await storage.read('us', 'user-1');
 * result[HTTP_DEBUG_KEY]?.statusCode; // 200
 * @category Storage
 */
export const HTTP_DEBUG_KEY: unique symbol = Symbol.for('incountry-ts.httpDebug');

/**
 * A result with its optional debug response(s).
 *
 * @example
 * type Read = WithHttpDebug<{ record: StorageRecord }>;
 * @category Storage
 */
export type WithHttpDebug<TResult, TDebug = HttpDebugResponse> = TResult & {
  /** Present when the storage was created with `debug: true`. */
  readonly [HTTP_DEBUG_KEY]?: TDebug;
};

export type { HttpDebugResponse };
