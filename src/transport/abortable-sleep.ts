import { setTimeout as delay } from 'node:timers/promises';

/**
 * Waits `ms` milliseconds; rejects with the signal's reason as soon as `signal` aborts, so a cancelled
 * call never sits out a back-off.
 *
 * @example
 * const controller = new AbortController();
 * await abortableSleep(250, controller.signal);
 */
export async function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  await delay(ms, undefined, signal ? { signal } : {});
}

/**
 * Settles like `promise`, or rejects as soon as `signal` aborts. Used where a caller waits on work shared
 * with other callers (a token or countries fetch), which one caller's abort must not cancel.
 *
 * @example
 * declare const sharedFetch: Promise<string>;
 * const token = await raceAbort(sharedFetch, AbortSignal.timeout(5000));
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
