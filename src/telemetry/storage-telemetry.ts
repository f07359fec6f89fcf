/**
 * The `telemetry` option of `createStorage`: hooks a tracer (such as `otelTelemetry()` from
 * `incountry-ts/otel`) wraps calls with, so that its span is the active one while the call runs and the
 * user's own HTTP spans nest under it. Diagnostics-channel subscribers need no option.
 */
import type { AttemptContext, OperationContext } from './telemetry-context.js';

/**
 * Wraps each public call (and, when `attempt` is given, each HTTP attempt). A hook must call `run` once
 * and settle as its promise settles; the context is final by then.
 *
 * @example
 * const telemetry: StorageTelemetry = {
 *   async operation(context, run) {
 *     const started = performance.now();
 *     try {
 *       return await run();
 *     } finally {
 *       console.log(`${context.operation} ${context.country} ${performance.now() - started} ms`);
 *     }
 *   },
 * };
 * @category Telemetry
 */
export interface StorageTelemetry {
  /** Wraps one public call; `context` is final when `run`'s promise settles. */
  readonly operation: <T>(context: OperationContext, run: () => Promise<T>) => Promise<T>;
  /** Wraps one HTTP attempt of a call (storage API or token request). */
  readonly attempt?: (<T>(context: AttemptContext, run: () => Promise<T>) => Promise<T>) | undefined;
  /** Fill `queryShape` on find contexts (values are never included). */
  readonly captureQueryShape?: boolean | undefined;
}
