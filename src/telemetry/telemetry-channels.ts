/**
 * The SDK's diagnostics channels (docs/telemetry.md): the seam every observer uses, OpenTelemetry's bridge
 * (`incountry-ts/otel`) included. Publishing costs one `hasSubscribers` check while nobody listens; the
 * context objects are built only after it.
 */
import { channel, type TracingChannel, tracingChannel } from 'node:diagnostics_channel';
import type {
  AttemptContext,
  KeyDerivationContext,
  OperationContext,
  TokenContext,
} from './telemetry-context.js';

/**
 * The channel names, for `tracingChannel(name)` / `channel(name)` subscribers.
 *
 * @example
 * import { tracingChannel } from 'node:diagnostics_channel';
 * const operations = tracingChannel(TELEMETRY_CHANNELS.operation);
 * @category Telemetry
 */
export const TELEMETRY_CHANNELS = {
  /** TracingChannel: one public Storage call. */
  operation: 'incountry-ts:operation',
  /** TracingChannel: one HTTP attempt. */
  attempt: 'incountry-ts:attempt',
  /** TracingChannel: one OAuth token request. */
  token: 'incountry-ts:token',
  /** Channel: a retry about to wait. */
  retry: 'incountry-ts:retry',
  /** TracingChannel: one PBKDF2 key derivation. */
  keyDerivation: 'incountry-ts:key-derivation',
} as const;

export const operationChannel: TracingChannel<OperationContext, OperationContext> = tracingChannel(
  TELEMETRY_CHANNELS.operation,
);
export const attemptChannel: TracingChannel<AttemptContext, AttemptContext> = tracingChannel(
  TELEMETRY_CHANNELS.attempt,
);
export const tokenChannel: TracingChannel<TokenContext, TokenContext> = tracingChannel(
  TELEMETRY_CHANNELS.token,
);
export const keyDerivationChannel: TracingChannel<KeyDerivationContext, KeyDerivationContext> =
  tracingChannel(TELEMETRY_CHANNELS.keyDerivation);
export const retryChannel = channel(TELEMETRY_CHANNELS.retry);

/**
 * The class name of a failure, the only part of an error that is published. `name` rather than the
 * constructor's name, which a bundler may rename; anything that does not look like a class name (an
 * error someone else built) is published as `Error`.
 */
export function errorType(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  return /^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/.test(error.name) ? error.name : 'Error';
}

/**
 * Runs `run` publishing start/end/asyncStart/asyncEnd (and error) on `traced` with `context`, the way
 * `tracePromise` does, except that neither the result nor the error object is put on the context
 * (see telemetry-context.ts); `settle` records what may be published about the outcome.
 */
export function publishTraced<TContext extends object, TResult>(
  traced: TracingChannel<TContext, TContext>,
  context: TContext,
  run: () => Promise<TResult>,
  settle: (context: TContext, outcome: { result: TResult } | { error: unknown }) => void,
): Promise<TResult> {
  return traced.start.runStores(context, () => {
    let promise: Promise<TResult>;
    try {
      promise = run();
    } catch (error) {
      settle(context, { error });
      traced.error.publish(context);
      traced.end.publish(context);
      throw error;
    }
    traced.end.publish(context);
    return promise.then(
      (result) => {
        settle(context, { result });
        traced.asyncStart.publish(context);
        traced.asyncEnd.publish(context);
        return result;
      },
      (error: unknown) => {
        settle(context, { error });
        traced.error.publish(context);
        traced.asyncStart.publish(context);
        traced.asyncEnd.publish(context);
        throw error;
      },
    );
  });
}
