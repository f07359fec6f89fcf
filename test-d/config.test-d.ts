/**
 * createStorage options at the type level (DESIGN §3 rule 10): illegal combinations are compile errors
 * whose message is pinned here, and the legal forms keep the literal option types (encryption mode,
 * hashSearchKeys) that decide which queries compile.
 */
import { expectError, expectType } from 'tsd';
import {
  type CustomEncryptionConfig,
  createStorage,
  EncryptionType,
  type QueryConfig,
  SecretKeyAccessor,
  type Storage,
  type StorageOptions,
  type StorageOptionsCheck,
  type StorageOptionsTypeError,
} from '../dist/index.js';

declare const pop: {
  storageOptions: {
    readonly environmentId: string;
    readonly clientId: string;
    readonly clientSecret: string;
    readonly endpoint: string;
    readonly options: {
      readonly countriesEndpoint: string;
      readonly authEndpoints: { readonly default: string };
    };
  };
};
declare const customConfig: CustomEncryptionConfig;
const secretKeyAccessor = new SecretKeyAccessor(() => 'secret');

/** The rule-10 message `createStorage` would demand for these options (never when they are fine). */
declare function messageFor<const O>(
  options: O,
): StorageOptionsCheck<O> extends StorageOptionsTypeError<infer TMessage> ? TMessage : never;

// ── illegal combinations: a compile error, with the message pinned ───────────────────────────────────────

expectError(createStorage({ ...pop.storageOptions, encrypt: EncryptionType.SSE, secretKeyAccessor }));
expectType<'createStorage() call failed: secretKeyAccessor is only used with EncryptionType.LOCAL; remove it for SSE'>(
  messageFor({ ...pop.storageOptions, encrypt: EncryptionType.SSE, secretKeyAccessor }),
);

expectError(createStorage({ ...pop.storageOptions, encrypt: EncryptionType.OFF, secretKeyAccessor }));
expectType<'createStorage() call failed: secretKeyAccessor is only used with EncryptionType.LOCAL; remove it for OFF'>(
  messageFor({ ...pop.storageOptions, encrypt: false, secretKeyAccessor }),
);

expectError(
  createStorage({ ...pop.storageOptions, encrypt: 'SSE', customEncryptionConfigs: [customConfig] }),
);
expectType<'createStorage() call failed: customEncryptionConfigs require EncryptionType.LOCAL; remove them for SSE'>(
  messageFor({ ...pop.storageOptions, encrypt: 'SSE', customEncryptionConfigs: [customConfig] }),
);
expectType<'createStorage() call failed: customEncryptionConfigs require EncryptionType.LOCAL; remove them for OFF'>(
  messageFor({ ...pop.storageOptions, encrypt: EncryptionType.OFF, customEncryptionConfigs: [customConfig] }),
);

expectError(
  createStorage({ ...pop.storageOptions, encrypt: EncryptionType.SSE, options: { normalizeKeys: true } }),
);
expectType<'createStorage() call failed: normalizeKeys cannot be used with EncryptionType.SSE (nothing is hashed in SSE mode)'>(
  messageFor({ ...pop.storageOptions, encrypt: EncryptionType.SSE, options: { normalizeKeys: false } }),
);

expectError(
  createStorage({ ...pop.storageOptions, encrypt: EncryptionType.SSE, options: { hashSearchKeys: false } }),
);
expectType<'createStorage() call failed: hashSearchKeys cannot be used with EncryptionType.SSE (nothing is hashed in SSE mode)'>(
  messageFor({
    ...pop.storageOptions,
    encrypt: EncryptionType.SSE,
    options: { ...pop.storageOptions.options, hashSearchKeys: true },
  }),
);

expectError(createStorage({ ...pop.storageOptions }));
expectError(createStorage({ ...pop.storageOptions, encrypt: EncryptionType.LOCAL }));
expectError(createStorage({ ...pop.storageOptions, encrypt: true, secretKeyAccessor: undefined }));
expectType<'createStorage() call failed: EncryptionType.LOCAL (the default) needs a secretKeyAccessor; pass one, or set encrypt to EncryptionType.OFF or SSE'>(
  messageFor({ ...pop.storageOptions }),
);

// Misspelt option names would otherwise pass silently (a generic accepts extra properties).
expectError(createStorage({ ...pop.storageOptions, encrypt: 'OFF', endpiont: 'https://x' }));
expectType<'createStorage() call failed: unknown option endpiont'>(
  messageFor({ ...pop.storageOptions, encrypt: 'OFF', endpiont: 'x' }),
);
expectType<'createStorage() call failed: unknown option options.hashKeys'>(
  messageFor({ ...pop.storageOptions, encrypt: 'OFF', options: { hashKeys: false } }),
);

// ── legal forms ───────────────────────────────────────────────────────────────────────────────────────

expectType<never>(messageFor({ ...pop.storageOptions, secretKeyAccessor }));
expectType<never>(messageFor({ ...pop.storageOptions, encrypt: EncryptionType.SSE }));
expectType<never>(
  messageFor({ ...pop.storageOptions, encrypt: EncryptionType.OFF, options: { normalizeKeys: true } }),
);
expectType<never>(
  messageFor({ ...pop.storageOptions, secretKeyAccessor, customEncryptionConfigs: [customConfig] }),
);

// Default LOCAL with hashed search keys: like/searchKeys/sortBy('keyN') stay locked.
const hashed = createStorage({ ...pop.storageOptions, secretKeyAccessor });
expectType<Promise<Storage<{ readonly plainSearchKeys: false }>>>(hashed);

// hashSearchKeys: false (kept literal by the const type parameter) unlocks them.
const plain = createStorage({
  ...pop.storageOptions,
  secretKeyAccessor,
  options: { ...pop.storageOptions.options, hashSearchKeys: false },
});
expectType<Promise<Storage<{ readonly plainSearchKeys: true }>>>(plain);

// SSE sends search keys in plain text too.
expectType<Promise<Storage<{ readonly plainSearchKeys: true }>>>(
  createStorage({ ...pop.storageOptions, encrypt: EncryptionType.SSE }),
);

// OFF: no accessor, normalizeKeys allowed.
expectType<Promise<Storage<{ readonly plainSearchKeys: false }>>>(
  createStorage({ ...pop.storageOptions, encrypt: EncryptionType.OFF, options: { normalizeKeys: true } }),
);

// Options whose type does not pin the mode (built at run time) compile; the run-time checks apply. Their
// configuration is unknown to the types (not "hashed"): the messages then say to type the storage.
declare const dynamic: StorageOptions;
expectType<Promise<Storage<QueryConfig>>>(createStorage(dynamic));

// The literal config reaches the query builder.
declare const plainStorage: Storage<{ readonly plainSearchKeys: true }>;
declare const hashedStorage: Storage<{ readonly plainSearchKeys: false }>;
plainStorage.in('us').where('key1').like('eng');
expectError(hashedStorage.in('us').where('key1').like('eng'));
plainStorage.find('us', { key2: { $like: 'x' } }, { sort: [{ key2: 'asc' }] });
expectError(hashedStorage.find('us', { key2: { $like: 'x' } }));
