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
 * The configuration of a storage created with plain search keys (`hashSearchKeys: false`, or SSE): `like`,
 * `searchKeys` and `sortBy('keyN')` compile.
 *
 * @example
 * function search(storage: Storage<PlainSearchKeys>, text: string) {
 *   return storage.in('us').searchKeys(text).find();
 * }
 */
export interface PlainSearchKeys extends QueryConfig {
  readonly plainSearchKeys: true;
}

/**
 * The configuration of a storage whose search keys are hashed (the default): `like`, `searchKeys` and
 * `sortBy('keyN')` do not compile.
 *
 * @example
 * const config: HashedSearchKeys = { plainSearchKeys: false };
 */
export interface HashedSearchKeys extends QueryConfig {
  readonly plainSearchKeys: false;
}

/**
 * The configuration of a `Storage` or repository written without a type argument: every configuration is
 * assignable to it, so `function count(storage: Storage)` takes any storage. The rules read it as
 * "unknown" (see `PlainKeysOf`): `like`, `searchKeys`, `sortBy('keyN')` and the object DSL's `$like`,
 * `search_keys` and key sorting are refused through it, with the message that says how to type the storage.
 *
 * @example
 * function count(storage: Storage<AnyQueryConfig>) { return storage.in('us').find(); }
 */
// biome-ignore lint/suspicious/noExplicitAny: `any` relates to every configuration, without comparing builders member by member.
export type AnyQueryConfig = any;

/**
 * What the rules read from a configuration: `true` or `false` when its type says, `boolean` when it does
 * not (a widened `hashSearchKeys`, or the `any` of {@link AnyQueryConfig}, which must not pass as plain).
 * @hidden
 *
 * @example
 * type A = PlainKeysOf<PlainSearchKeys>; // true
 * type B = PlainKeysOf<AnyQueryConfig>; // boolean
 */
export type PlainKeysOf<TConfig extends QueryConfig> = 0 extends 1 & TConfig
  ? boolean
  : TConfig['plainSearchKeys'];

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
 * Computes the {@link QueryConfig} from the literal type of `createStorage` options, as one of three small
 * named types (so no hover or error ever prints the options, secrets included): `encrypt: 'SSE'` or a
 * literal `options.hashSearchKeys: false` give {@link PlainSearchKeys}; a `hashSearchKeys` typed `boolean`
 * gives {@link QueryConfig} (unknown: the rules treat it as hashed, and say to write a literal); anything
 * else {@link HashedSearchKeys}.
 *
 * @example
 * type C = QueryConfigFromOptions<{ options: { hashSearchKeys: false } }>; // PlainSearchKeys
 * @category Query builder
 */
export type QueryConfigFromOptions<TOptions> =
  PlainSearchKeysOf<TOptions> extends infer TPlain
    ? [TPlain] extends [true]
      ? PlainSearchKeys
      : [TPlain] extends [false]
        ? HashedSearchKeys
        : QueryConfig
    : never;

// Tuple-wrapped so that `encrypt: boolean` or `never` never distributes into a false positive; an
// `EncryptionType.SSE` enum member is assignable to 'SSE' and counts too.
/** @hidden */
type PlainSearchKeysOf<TOptions> = TOptions extends { readonly encrypt: infer TEncrypt }
  ? [TEncrypt] extends ['SSE']
    ? [TEncrypt] extends [never]
      ? HashingOff<TOptions>
      : true
    : HashingOff<TOptions>
  : HashingOff<TOptions>;

// A widened `boolean` stays `boolean`: the storage may or may not hash, and messages say so. Options typed
// `StorageOptions` (both levels optional) are widened too.
type HashingOff<TOptions> = TOptions extends { readonly options?: infer TExtra }
  ? HashSetting<Exclude<TExtra, undefined>>
  : false;
type HashSetting<TExtra> = [TExtra] extends [never]
  ? false
  : 'hashSearchKeys' extends keyof TExtra
    ? [Exclude<TExtra[keyof TExtra & 'hashSearchKeys'], undefined>] extends [infer THash]
      ? [THash] extends [never]
        ? false
        : [THash] extends [false]
          ? true
          : boolean extends THash
            ? boolean
            : false
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
