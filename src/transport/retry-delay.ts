/** Inputs of {@link calculateRetryDelay}. All durations are in seconds. */
export interface RetryDelayOptions {
  /** The first nominal delay (`httpOptions.retryBaseDelay`). */
  readonly baseDelay: number;
  /** No retry is scheduled once the nominal delay (or the server's Retry-After) would exceed this. */
  readonly maxDelay: number;
  /** The server's `Retry-After`, already converted to seconds (see `parseRetryAfter`). */
  readonly retryAfter?: number | undefined;
  /** A source of uniform numbers in [0, 1), e.g. `Math.random`. */
  readonly random: () => number;
}

/**
 * The delay before retry number `attempt` (1 for the first retry), in seconds, or `undefined` when the
 * caller should give up (docs/protocol.md#retries). The nominal delay doubles from `baseDelay`; the caller gives up
 * once it would exceed `maxDelay`, so with the defaults (1, 32) there are at most six retries. The nominal
 * delay is multiplied by a jitter factor in [0.8, 1.2) so that throttled clients do not retry in lockstep.
 * A server's `Retry-After` replaces the jittered delay (the server knows when it will have capacity), but
 * never extends the schedule: one beyond `maxDelay` also means giving up.
 *
 * @example
 * calculateRetryDelay(1, { baseDelay: 1, maxDelay: 32, random: () => 0.5 }); // 1
 * calculateRetryDelay(3, { baseDelay: 1, maxDelay: 32, random: () => 0 }); // 3.2 (4 × 0.8)
 * calculateRetryDelay(7, { baseDelay: 1, maxDelay: 32, random: Math.random }); // undefined: 64 > 32
 * calculateRetryDelay(1, { baseDelay: 1, maxDelay: 32, retryAfter: 5, random: Math.random }); // 5
 */
export function calculateRetryDelay(attempt: number, options: RetryDelayOptions): number | undefined {
  const { baseDelay, maxDelay, retryAfter, random } = options;
  if (!Number.isInteger(attempt) || attempt < 1) return undefined;
  const nominal = baseDelay * 2 ** (attempt - 1);
  if (!(nominal <= maxDelay)) return undefined;
  if (retryAfter !== undefined && Number.isFinite(retryAfter)) {
    if (retryAfter > maxDelay) return undefined;
    return Math.max(0, retryAfter);
  }
  return nominal * (0.8 + 0.4 * random());
}
