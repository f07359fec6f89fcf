/**
 * The options of `createStorage` (docs/architecture.md#public-surface), mirroring the Python SDK's `Storage(...)` in camelCase, and
 * the type-level form of docs/architecture.md#type-level-rules rule 10: option combinations that the runtime rejects are compile errors
 * whose message starts with `createStorage() call failed:`.
 */

import type { CustomEncryptionConfig } from '../crypto/custom-cipher.js';
import type { SecretKeyAccessor } from '../crypto/secret-key-accessor.js';
import type { StorageTelemetry } from '../telemetry/storage-telemetry.js';
import type { BrandedTypeError } from '../type-error.js';
import type { EncryptionType } from './encryption-type.js';

/**
 * HTTP tuning, all in seconds (as the Python SDK documents them).
 *
 * @example
 * const httpOptions: HttpOptions = { timeout: 10, retryBaseDelay: 0.5, retryMaxDelay: 8 };
 * @category Storage
 */
export interface HttpOptions {
  /** Per-request timeout; default 30. */
  readonly timeout?: number | undefined;
  /** First back-off delay after a 429; default 1. Doubles up to `retryMaxDelay`. */
  readonly retryBaseDelay?: number | undefined;
  /** The call gives up once the next back-off delay would exceed this; default 32. */
  readonly retryMaxDelay?: number | undefined;
  /**
   * Largest response body (in bytes, counted after decompression) read into memory; default 64 MiB. A
   * larger one fails the call with StorageServerError naming this option. Attachment downloads stream and
   * are not limited by it.
   */
  readonly maxResponseBytes?: number | undefined;
}

/**
 * Fine-tuning options (`options` of {@link StorageOptions}).
 *
 * @example
 * const options: StorageExtraOptions = { hashSearchKeys: false, httpOptions: { timeout: 5 } };
 * @category Storage
 */
export interface StorageExtraOptions {
  readonly httpOptions?: HttpOptions | undefined;
  /** OAuth token endpoints by region; must contain `default`. Replaces the built-in map. Falls back to `{ default: INC_AUTH_ENDPOINT }`. */
  readonly authEndpoints?: Readonly<Record<string, string>> | undefined;
  /** Where the countries list is read (when no `endpoint` is set). Falls back to `INC_COUNTRIES_ENDPOINT`. */
  readonly countriesEndpoint?: string | undefined;
  /** Host suffix: requests go to `https://{country}{endpointMask}`. */
  readonly endpointMask?: string | undefined;
  /** Lower-case key values before hashing, making lookups case-insensitive. Not with SSE. */
  readonly normalizeKeys?: boolean | undefined;
  /** `false` stores key1..key20 in plain text, enabling `searchKeys`, `like` and sorting by them. Not with SSE. */
  readonly hashSearchKeys?: boolean | undefined;
}

/**
 * Everything `createStorage` accepts. `environmentId`, `clientId`, `clientSecret` and `endpoint` fall back
 * to `INC_ENVIRONMENT_ID`, `INC_CLIENT_ID`, `INC_CLIENT_SECRET` and `INC_ENDPOINT`; the auth and countries
 * endpoints (`options.authEndpoints`, `options.countriesEndpoint`) to `INC_AUTH_ENDPOINT` and
 * `INC_COUNTRIES_ENDPOINT`.
 *
 * @example
 * const options: StorageOptions = {
 *   environmentId: 'env', clientId: 'id', clientSecret: 'secret',
 *   secretKeyAccessor: new SecretKeyAccessor(() => 'password'),
 * };
 * @category Storage
 */
export interface StorageOptions {
  readonly environmentId?: string | undefined;
  readonly clientId?: string | undefined;
  readonly clientSecret?: string | undefined;
  /** A token obtained elsewhere; instead of clientId/clientSecret. */
  readonly oauthToken?: string | undefined;
  /** Required with `EncryptionType.LOCAL` (the default); not allowed otherwise. */
  readonly secretKeyAccessor?: SecretKeyAccessor | undefined;
  /** A custom PoP host, e.g. a dedicated instance or the local PoP. */
  readonly endpoint?: string | undefined;
  /** `EncryptionType.LOCAL` (default), `SSE` or `OFF`; `true` = LOCAL, `false` = OFF. */
  readonly encrypt?: EncryptionType | boolean | undefined;
  /** Attach the raw HTTP response(s) to every result under `Storage.HTTP_DEBUG_KEY`. */
  readonly debug?: boolean | undefined;
  readonly options?: StorageExtraOptions | undefined;
  /** Custom ciphers (LOCAL mode, with an `isForCustomEncryption` secret). */
  readonly customEncryptionConfigs?: readonly CustomEncryptionConfig[] | undefined;
  /**
   * Traces and metrics: `otelTelemetry()` from `incountry-ts/otel`, or your own hooks (docs/telemetry.md).
   * Diagnostics-channel subscribers see every storage without it.
   */
  readonly telemetry?: StorageTelemetry | undefined;
}

/**
 * A compile-time error in `createStorage`'s parameter: TypeScript reports
 * `Argument of type … is not assignable to parameter of type 'StorageOptionsTypeError<"createStorage() call failed: …">'`.
 *
 * @example
 * // createStorage({ ...pop.storageOptions, encrypt: EncryptionType.SSE, secretKeyAccessor });
 * //   → StorageOptionsTypeError<"createStorage() call failed: secretKeyAccessor is only used with EncryptionType.LOCAL; remove it for SSE">
 * @category Storage
 */
export interface StorageOptionsTypeError<TMessage extends string> extends BrandedTypeError<TMessage> {}

/** Whether `O` sets `K` to something other than `undefined`. */
type Sets<O, K extends PropertyKey> = K extends keyof O
  ? [Exclude<O[K], undefined>] extends [never]
    ? false
    : true
  : false;

type ModeOfValue<E> = [E] extends [undefined]
  ? 'LOCAL'
  : [E] extends ['SSE']
    ? 'SSE'
    : [E] extends ['OFF' | false]
      ? 'OFF'
      : [E] extends ['LOCAL' | true | undefined]
        ? 'LOCAL'
        : 'UNKNOWN';

/**
 * The encryption mode `O` selects, or `UNKNOWN` when its type does not pin one (then only the runtime checks).
 * @hidden
 */
type ModeOf<O> = 'encrypt' extends keyof O ? ModeOfValue<O['encrypt']> : 'LOCAL';

/** @hidden */
type ExtraOf<O> = 'options' extends keyof O ? Exclude<O['options'], undefined> : {};

/** @hidden */
type UnknownKeys<O, Known> = Exclude<keyof O, keyof Known>;

/**
 * The parameter type of `createStorage`: `O` itself when valid, else the error.
 *
 * HACK: a conditional type in parameter position still lets TypeScript infer `O` from the argument (it
 * infers to both branches), and puts the branded error alone in the parameter so the message is readable.
 *
 * @example
 * type Ok = CheckedStorageOptions<{ encrypt: 'OFF' }>; // { encrypt: 'OFF' }
 * type Bad = CheckedStorageOptions<{ encrypt: 'SSE'; secretKeyAccessor: SecretKeyAccessor }>;
 * //   StorageOptionsTypeError<"createStorage() call failed: secretKeyAccessor is only used with EncryptionType.LOCAL; remove it for SSE">
 * @category Storage
 */
export type CheckedStorageOptions<O> =
  StorageOptionsCheck<O> extends infer TCheck ? (unknown extends TCheck ? O : TCheck) : never;

/**
 * `unknown` when `O` is a valid combination, else a {@link StorageOptionsTypeError} with the first
 * problem. Rule 10 of docs/architecture.md#type-level-rules plus misspelt option names.
 *
 * @example
 * type Ok = StorageOptionsCheck<{ encrypt: 'OFF' }>; // unknown
 * type Bad = StorageOptionsCheck<{ encrypt: 'SSE'; options: { hashSearchKeys: false } }>;
 * //   StorageOptionsTypeError<"createStorage() call failed: hashSearchKeys cannot be used with EncryptionType.SSE (nothing is hashed in SSE mode)">
 * @category Storage
 */
export type StorageOptionsCheck<O> = [UnknownKeys<O, StorageOptions>] extends [never]
  ? [UnknownKeys<ExtraOf<O>, StorageExtraOptions>] extends [never]
    ? ModeCheck<O, ModeOf<O>>
    : StorageOptionsTypeError<`createStorage() call failed: unknown option options.${UnknownKeys<ExtraOf<O>, StorageExtraOptions> & string}`>
  : StorageOptionsTypeError<`createStorage() call failed: unknown option ${UnknownKeys<O, StorageOptions> & string}`>;

/** @hidden */
type ModeCheck<O, TMode> = TMode extends 'SSE' | 'OFF'
  ? Sets<O, 'customEncryptionConfigs'> extends true
    ? StorageOptionsTypeError<`createStorage() call failed: customEncryptionConfigs require EncryptionType.LOCAL; remove them for ${TMode}`>
    : Sets<O, 'secretKeyAccessor'> extends true
      ? StorageOptionsTypeError<`createStorage() call failed: secretKeyAccessor is only used with EncryptionType.LOCAL; remove it for ${TMode}`>
      : TMode extends 'SSE'
        ? Sets<ExtraOf<O>, 'normalizeKeys'> extends true
          ? StorageOptionsTypeError<`createStorage() call failed: normalizeKeys cannot be used with EncryptionType.SSE (nothing is hashed in SSE mode)`>
          : Sets<ExtraOf<O>, 'hashSearchKeys'> extends true
            ? StorageOptionsTypeError<`createStorage() call failed: hashSearchKeys cannot be used with EncryptionType.SSE (nothing is hashed in SSE mode)`>
            : unknown
        : unknown
  : TMode extends 'LOCAL'
    ? Sets<O, 'secretKeyAccessor'> extends true
      ? unknown
      : StorageOptionsTypeError<`createStorage() call failed: EncryptionType.LOCAL (the default) needs a secretKeyAccessor; pass one, or set encrypt to EncryptionType.OFF or SSE`>
    : unknown;
