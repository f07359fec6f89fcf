/**
 * The knobs every HTTP exchange shares, resolved from `options.httpOptions` (seconds in the public options,
 * milliseconds here only for the timeout). `random` and `sleep` are seams so retry schedules can be tested
 * without waiting.
 */
export interface TransportSettings {
  /** Per-request timeout in milliseconds (whole request for JSON calls, idle time for file streams). */
  readonly timeoutMs: number;
  /** First 429 back-off delay, seconds. */
  readonly retryBaseDelay: number;
  /** Largest back-off delay, seconds; beyond it the call gives up. */
  readonly retryMaxDelay: number;
  /** Uniform numbers in [0, 1) for jitter. */
  readonly random: () => number;
  /** Waits `ms`, rejecting early when `signal` aborts. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Epoch milliseconds; token and countries caches read the clock through it. */
  readonly now: () => number;
  /**
   * Largest response body read into memory, counted after decompression; default
   * {@link DEFAULT_MAX_RESPONSE_BYTES}. Attachment downloads stream and are not limited by it.
   */
  readonly maxResponseBytes?: number | undefined;
}

/**
 * 64 MiB: a full find page (100 records) of large SSE bodies fits, a runaway or hostile body does not
 * (the local PoP caps its own find answers well below it).
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** Defaults of docs/protocol.md#retries-timeouts-and-errors: 30 s timeout, back-off from 1 s to 32 s. */
export const DEFAULT_TIMEOUT_SECONDS = 30;
export const DEFAULT_RETRY_BASE_DELAY = 1;
export const DEFAULT_RETRY_MAX_DELAY = 32;

/**
 * 5xx answers and connection failures are retried at most this many times (and only for idempotent
 * requests): unlike a 429, they do not promise that waiting helps, so a long schedule only delays the error.
 */
export const MAX_TRANSIENT_RETRIES = 2;
