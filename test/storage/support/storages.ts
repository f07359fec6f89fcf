/**
 * Storages for the three encryption modes, pointed at a local PoP.
 */
import { EncryptionType, type QueryConfig, type Storage } from '../../../src/index.js';
import type { LocalPop } from '../../../src/server/index.js';
import { createStorageWith } from '../../../src/storage/create-storage.js';
import { passwordAccessor } from './test-pop.js';

/** The three modes, for `describe.each`. */
export const MODES = [EncryptionType.LOCAL, EncryptionType.OFF, EncryptionType.SSE] as const;

/** Tiny back-off so retry tests take milliseconds. */
export const FAST_RETRIES = { retryBaseDelay: 0.005, retryMaxDelay: 0.02 } as const;

/**
 * A storage in `mode` on `pop`, with debug on (tests read raw responses) and fast retries. Typed loosely:
 * the mode is a run-time value here, so the compile-time rules are the subject of test-d/, not of these tests.
 */
export async function storageFor<TConfig extends QueryConfig = QueryConfig>(
  pop: LocalPop,
  mode: EncryptionType,
  extra: Record<string, unknown> = {},
  options: Record<string, unknown> = {},
): Promise<Storage<TConfig>> {
  const storage = await createStorageWith(
    {
      ...pop.storageOptions,
      encrypt: mode,
      debug: true,
      ...(mode === EncryptionType.LOCAL ? { secretKeyAccessor: passwordAccessor() } : {}),
      ...extra,
      options: { ...pop.storageOptions.options, httpOptions: { timeout: 5, ...FAST_RETRIES }, ...options },
    },
    {},
  );
  // The configuration is a run-time value here; callers state what they asked for.
  return storage as unknown as Storage<TConfig>;
}

/** The query configuration of a storage whose key1..key20 travel plain. */
export type PlainKeys = { readonly plainSearchKeys: true };
