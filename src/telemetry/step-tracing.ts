/**
 * The steps inside one call, each observable on its own channel: HTTP attempts, retries, OAuth token
 * requests and PBKDF2 key derivations. Each is a pass-through after one check while nobody listens.
 */
import { activeOperation, currentOperation, settled } from './operation-tracing.js';
import {
  attemptChannel,
  errorType,
  keyDerivationChannel,
  publishTraced,
  retryChannel,
  tokenChannel,
} from './telemetry-channels.js';
import type {
  AttemptContext,
  KeyDerivationContext,
  RetryMessage,
  TokenContext,
} from './telemetry-context.js';

/** Host and port of a URL, never its path or query. */
export function serverOf(url: string): { serverAddress: string; serverPort: number } {
  const { hostname, port, protocol } = new URL(url);
  return {
    serverAddress: hostname,
    serverPort: port !== '' ? Number(port) : protocol === 'https:' ? 443 : 80,
  };
}

const failed = (context: { errorType?: string | undefined }, outcome: object) => {
  if ('error' in outcome) context.errorType = errorType(outcome.error);
};

/**
 * Runs one HTTP attempt (`run` resolves on the response head).
 *
 * @example
 * declare function sendOnce(): Promise<{ head: { statusCode: number } }>;
 * await traceAttempt({ url: 'https://us.example.com/v2/storage/records/us', method: 'POST' }, 1, sendOnce);
 */
export function traceAttempt<T extends { head: { statusCode: number } }>(
  request: { readonly url: string; readonly method: string; readonly tokenRequest?: boolean | undefined },
  attempt: number,
  run: () => Promise<T>,
): Promise<T> {
  const active = activeOperation.getStore();
  const hook = active?.telemetry?.attempt;
  const listening = attemptChannel.hasSubscribers;
  if (!listening && hook === undefined) return run();
  const context: AttemptContext = {
    parent: active?.context,
    attempt,
    method: request.method,
    tokenRequest: request.tokenRequest === true,
    ...serverOf(request.url),
  };
  const settle = (c: AttemptContext, outcome: { result: T } | { error: unknown }) => {
    if ('result' in outcome) c.statusCode = outcome.result.head.statusCode;
    else failed(c, outcome);
  };
  const observed = () =>
    listening ? publishTraced(attemptChannel, context, run, settle) : settled(context, run, settle);
  return hook === undefined ? observed() : hook(context, observed);
}

/**
 * Announces a retry about to wait `delay` seconds.
 *
 * @example
 * publishRetry(2, 'http_429', 0.5);
 */
export function publishRetry(attempt: number, reason: string, delay: number): void {
  if (!retryChannel.hasSubscribers) return;
  const message: RetryMessage = { parent: currentOperation(), attempt, reason, delay };
  retryChannel.publish(message);
}

/**
 * Runs one OAuth token request.
 *
 * @example
 * declare function fetchToken(): Promise<{ token: string }>;
 * await traceToken(false, fetchToken);
 */
export function traceToken<T>(refresh: boolean, run: () => Promise<T>): Promise<T> {
  if (!tokenChannel.hasSubscribers) return run();
  const context: TokenContext = { parent: currentOperation(), refresh };
  return publishTraced(tokenChannel, context, run, (c, outcome) => {
    failed(c, outcome);
    const status = 'error' in outcome ? (outcome.error as { statusCode?: unknown } | null)?.statusCode : 200;
    if (typeof status === 'number') c.statusCode = status;
  });
}

/**
 * Runs one PBKDF2 key derivation.
 *
 * @example
 * declare function derive(): Promise<Buffer>;
 * await traceKeyDerivation(derive);
 */
export function traceKeyDerivation<T>(run: () => Promise<T>): Promise<T> {
  if (!keyDerivationChannel.hasSubscribers) return run();
  const context: KeyDerivationContext = { parent: currentOperation() };
  return publishTraced(keyDerivationChannel, context, run, failed);
}
