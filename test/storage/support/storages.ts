/**
 * Storages for the three encryption modes, pointed at a local PoP.
 */
import { EncryptionType, type Storage } from '../../../src/index.js';
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
export async function storageFor(
  pop: LocalPop,
  mode: EncryptionType,
  extra: Record<string, unknown> = {},
  options: Record<string, unknown> = {},
): Promise<Storage> {
  return createStorageWith(
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
}
