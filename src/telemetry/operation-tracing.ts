/**
 * Runs one public Storage call under observation: builds its context only when a channel subscriber or a
 * `telemetry` option is there, keeps it current (for the transport's attempts, retries and tokens) and
 * publishes it on `incountry-ts:operation`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { StorageTelemetry } from './storage-telemetry.js';
import { errorType, operationChannel, publishTraced } from './telemetry-channels.js';
import type { OperationContext } from './telemetry-context.js';

/** The call being observed, with the telemetry it was created with. */
export interface ActiveOperation {
  readonly context: OperationContext;
  readonly telemetry: StorageTelemetry | undefined;
}

/** Set only while an observed call runs (never built otherwise). */
export const activeOperation = new AsyncLocalStorage<ActiveOperation>();

/** What a storage contributes to every context. */
export interface TelemetryScope {
  readonly environmentId: string;
  readonly telemetry: StorageTelemetry | undefined;
}

/** What the call site knows before the call runs. */
export interface OperationStart {
  readonly operation: string;
  readonly country: string | undefined;
  readonly batchSize?: number | undefined;
  /** Only computed when asked for (`captureQueryShape`). */
  readonly queryShape?: (() => string) | undefined;
}

/** How to read the outcome: rows returned, whether a failure was the caller's abort. */
export interface OperationOutcome<T> {
  readonly rows?: ((result: T) => number | undefined) | undefined;
  readonly aborted?: (() => boolean) | undefined;
}

/** The parent of an attempt, retry, token request or key derivation, if the call is observed. */
export function currentOperation(): OperationContext | undefined {
  return activeOperation.getStore()?.context;
}

/**
 * Runs `run` as one observed call. Without subscribers and telemetry it is `run()` after one check.
 *
 * @example
 * declare const scope: TelemetryScope;
 * declare function send(): Promise<{ data: unknown[] }>;
 * await traceOperation(scope, () => ({ operation: 'find', country: 'us' }), send, { rows: (r) => r.data.length });
 */
export function traceOperation<T>(
  scope: TelemetryScope | undefined,
  describe: () => OperationStart,
  run: () => Promise<T>,
  outcome: OperationOutcome<T> = {},
): Promise<T> {
  const telemetry = scope?.telemetry;
  const listening = operationChannel.hasSubscribers;
  if (!listening && telemetry === undefined) return run();
  const start = describe();
  const context: OperationContext = {
    operation: start.operation,
    country: start.country,
    environmentId: scope?.environmentId ?? '',
    ...(start.batchSize !== undefined ? { batchSize: start.batchSize } : {}),
    ...(start.queryShape !== undefined && telemetry?.captureQueryShape === true
      ? { queryShape: start.queryShape() }
      : {}),
  };
  const settle = (c: OperationContext, result: { result: T } | { error: unknown }) => {
    if ('result' in result) {
      const rows = outcome.rows?.(result.result);
      if (rows !== undefined) c.returnedRows = rows;
      return;
    }
    if (outcome.aborted?.() === true) c.aborted = true;
    c.errorType = errorType(result.error);
    const status = (result.error as { statusCode?: unknown } | null)?.statusCode;
    if (typeof status === 'number') c.statusCode = status;
  };
  const observed = () =>
    activeOperation.run({ context, telemetry }, () =>
      listening ? publishTraced(operationChannel, context, run, settle) : settled(context, run, settle),
    );
  return telemetry === undefined ? observed() : telemetry.operation(context, observed);
}

/** Runs `run` and lets `settle` record its outcome on `context` (the unpublished path). */
export async function settled<TContext, T>(
  context: TContext,
  run: () => Promise<T>,
  settle: (context: TContext, outcome: { result: T } | { error: unknown }) => void,
): Promise<T> {
  try {
    const result = await run();
    settle(context, { result });
    return result;
  } catch (error) {
    settle(context, { error });
    throw error;
  }
}
