/**
 * How a KMS call failed, in words that say what to fix, and the retries of throttled calls. The SDK's own
 * error never leaves this module whole: it holds the raw HTTP response and, through its socket, the signed
 * request.
 */

/** The longest back-off between two throttled attempts, in milliseconds. */
const MAX_THROTTLE_DELAY_MS = 8_000;

const THROTTLING = new Set([
  'ThrottlingException',
  'LimitExceededException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);

/** Why a KMS call failed, in words that say what to fix (KMS's own message stays in the cause). */
export function reasonOf(error: unknown, keyId: string, operation: string): string {
  const name = (error as { name?: unknown } | null)?.name;
  switch (name) {
    case 'AccessDeniedException':
      return `access denied: this AWS identity may not call kms:${operation} on the key (check the key policy, IAM policy and grants, including any kms:EncryptionContext conditions)`;
    case 'DisabledException':
      return 'the KMS key is disabled; enable it to use data of this version';
    case 'KMSInvalidStateException':
      return 'the KMS key is not usable in its current state (pending deletion, pending import or unavailable)';
    case 'KeyUnavailableException':
      return 'the KMS key is unavailable at the moment (its custom key store is disconnected); try again later';
    case 'InvalidCiphertextException':
      return 'KMS rejected the encrypted data key: the encryption context is not the one it was encrypted with, or encryptedKey is damaged';
    case 'IncorrectKeyException':
      return `the data key was not encrypted under ${keyId}; check keyId (an alias may now point to another key)`;
    case 'NotFoundException':
      return 'the KMS key does not exist (check keyId, the account and the client region)';
    case 'InvalidKeyUsageException':
      return 'the KMS key cannot be used for this operation (a symmetric ENCRYPT_DECRYPT key is needed)';
    default:
      if (typeof name === 'string' && THROTTLING.has(name))
        return 'KMS kept throttling the requests after all retries; raise the KMS request quota or spread out start-ups';
      return `the call failed (${typeof name === 'string' ? name : 'unknown error'}); see error.cause`;
  }
}

/**
 * The cause kept on our error: the SDK error's name, message (KMS's words, e.g. which principal was denied)
 * and request metadata only. The SDK error itself holds the raw HTTP response, whose socket leads to the
 * signed request; `util.inspect` with `showHidden` would print it.
 */
export function causeOf(error: unknown): Error {
  if (!(error instanceof Error)) return new Error('non-Error thrown by the KMS client');
  const cause = new Error(error.message);
  cause.name = error.name;
  const metadata = (error as { $metadata?: unknown }).$metadata;
  if (metadata !== undefined) Object.assign(cause, { $metadata: { ...metadata } });
  return cause;
}

/** True for the error names KMS and the AWS SDK use when a request quota is exceeded. */
function isThrottling(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && THROTTLING.has(name);
}

/** How throttled calls are retried (sleep and random are replaceable for tests). */
export interface RetryPolicy {
  readonly retries: number;
  readonly baseDelayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

/** `call`, repeated after throttling errors with exponential back-off and jitter, up to `policy.retries` times. */
export async function withThrottleRetries<T>(policy: RetryPolicy, call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isThrottling(error) || attempt >= policy.retries) throw error;
      // Exponential back-off with jitter in [50 %, 100 %], so a fleet starting together spreads out.
      const nominal = Math.min(MAX_THROTTLE_DELAY_MS, policy.baseDelayMs * 2 ** attempt);
      await policy.sleep(nominal * (0.5 + policy.random() / 2));
    }
  }
}

/** Waits `ms` milliseconds. */
export const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
