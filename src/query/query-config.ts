/**
 * What the query layer needs to know about the storage it runs against, at the type level and at run time.
 */

/**
 * Query-relevant storage configuration.
 *
 * @example
 * const config: QueryConfig = { plainSearchKeys: true }; // created with hashSearchKeys: false, or SSE mode
 * @category Query builder
 */
export interface QueryConfig {
  /** True when `key1..key20` travel in plain text (`hashSearchKeys: false`, or SSE mode). */
  readonly plainSearchKeys: boolean;
}

/**
 * The shape of `createStorage` options this library reads to derive a {@link QueryConfig}.
 *
 * @example
 * const options: QueryRelevantOptions = { encrypt: 'LOCAL', options: { hashSearchKeys: false } };
 * @category Query builder
 */
export interface QueryRelevantOptions {
  readonly encrypt?: boolean | 'LOCAL' | 'SSE' | 'OFF';
  readonly options?: { readonly hashSearchKeys?: boolean };
}

/**
 * Computes the {@link QueryConfig} from the literal type of `createStorage` options: `encrypt: 'SSE'` or a
 * literal `options.hashSearchKeys: false` make search keys plain; anything else (including a widened
 * `boolean`) is treated as hashed, so `like`, `searchKeys` and `sortBy('keyN')` stay locked.
 *
 * @example
 * type C = QueryConfigFromOptions<{ options: { hashSearchKeys: false } }>; // { readonly plainSearchKeys: true }
 * @category Query builder
 */
export type QueryConfigFromOptions<TOptions> = {
  readonly plainSearchKeys: PlainSearchKeysOf<TOptions>;
};

// Tuple-wrapped so that `encrypt: boolean` or `never` never distributes into a false positive; an
// `EncryptionType.SSE` enum member is assignable to 'SSE' and counts too.
type PlainSearchKeysOf<TOptions> = TOptions extends { readonly encrypt: infer TEncrypt }
  ? [TEncrypt] extends ['SSE']
    ? [TEncrypt] extends [never]
      ? HashingOff<TOptions>
      : true
    : HashingOff<TOptions>
  : HashingOff<TOptions>;

type HashingOff<TOptions> = TOptions extends { readonly options: { readonly hashSearchKeys: infer THash } }
  ? [THash] extends [false]
    ? [THash] extends [never]
      ? false
      : true
    : false
  : false;

/**
 * The run-time counterpart of {@link QueryConfigFromOptions}.
 *
 * @example
 * queryConfigFromOptions({ encrypt: 'SSE' }); // { plainSearchKeys: true }
 * @category Query builder
 */
export function queryConfigFromOptions(options: QueryRelevantOptions): QueryConfig {
  return { plainSearchKeys: options.encrypt === 'SSE' || options.options?.hashSearchKeys === false };
}
