/**
 * `otelTelemetry()`: the OpenTelemetry bridge. It wraps each public call in an active CLIENT span (so the
 * HTTP spans of the user's own instrumentation nest under it) and listens on the SDK's diagnostics
 * channels for retries, token requests and key derivations. Everything it records comes from the
 * channel contexts, which hold no record data (src/telemetry/telemetry-context.ts).
 */
import { STATUS_CODES } from 'node:http';
import {
  type Attributes,
  type Counter,
  context,
  type Histogram,
  type MeterProvider,
  metrics,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  type TracerProvider,
  trace,
  ValueType,
} from '@opentelemetry/api';
import type { StorageTelemetry } from '../telemetry/storage-telemetry.js';
import { keyDerivationChannel, retryChannel, tokenChannel } from '../telemetry/telemetry-channels.js';
import type {
  AttemptContext,
  KeyDerivationContext,
  OperationContext,
  RetryMessage,
  TokenContext,
} from '../telemetry/telemetry-context.js';
import { ATTR, DB_SYSTEM, DURATION_BUCKETS, METRIC, ROWS_BUCKETS } from './db-attributes.js';

declare const __INCOUNTRY_TS_VERSION__: string | undefined;
const VERSION = typeof __INCOUNTRY_TS_VERSION__ === 'string' ? __INCOUNTRY_TS_VERSION__ : '0.0.0-dev';
const SCOPE = 'incountry-ts';

/**
 * Options of {@link otelTelemetry}.
 *
 * @example
 * const options: OtelTelemetryOptions = { requireParentSpan: true, captureQueryShape: true };
 * @category Telemetry
 */
export interface OtelTelemetryOptions {
  /** Default: the global provider (`trace.getTracerProvider()`). */
  readonly tracerProvider?: TracerProvider | undefined;
  /** Default: the global provider (`metrics.getMeterProvider()`). */
  readonly meterProvider?: MeterProvider | undefined;
  /** Start a span only inside an existing one (no root spans from background jobs); metrics are kept. */
  readonly requireParentSpan?: boolean | undefined;
  /** One INTERNAL span per HTTP attempt under the call's span (retries become visible as siblings). */
  readonly attemptSpans?: boolean | undefined;
  /** Record `db.query.text` for finds: the filter's shape with every value `?`. */
  readonly captureQueryShape?: boolean | undefined;
}

interface Instruments {
  readonly duration: Histogram;
  readonly rows: Histogram;
  readonly retries: Counter;
  readonly tokens: Counter;
  readonly derivations: Counter;
  readonly derivationDuration: Histogram;
}

/** What the bridge keeps about a call it wraps, found again from the context the channels carry. */
interface Recording {
  readonly span: Span | undefined;
  readonly instruments: Instruments;
}

const recordings = new WeakMap<OperationContext, Recording>();
const derivationStarts = new WeakMap<KeyDerivationContext, number>();
let subscribed = false;

/** One set of subscribers for every bridge: each message goes to the bridge of the call it belongs to. */
function subscribeOnce(): void {
  if (subscribed) return;
  subscribed = true;
  retryChannel.subscribe((message) => {
    const { parent, attempt, reason, delay } = message as RetryMessage;
    const recording = parent && recordings.get(parent);
    if (!recording || !parent) return;
    recording.span?.addEvent('retry', {
      [ATTR.retryAttempt]: attempt,
      [ATTR.retryReason]: reason,
      [ATTR.retryDelay]: delay,
    });
    recording.instruments.retries.add(1, { ...baseAttributes(parent), [ATTR.retryReason]: reason });
  });
  tokenChannel.subscribe({
    start() {},
    end() {},
    asyncStart() {},
    error() {},
    asyncEnd(token: TokenContext) {
      const recording = token.parent && recordings.get(token.parent);
      if (!recording) return;
      recording.instruments.tokens.add(1, {
        [ATTR.dbSystemName]: DB_SYSTEM,
        [ATTR.tokenRefresh]: token.refresh,
        ...(token.errorType !== undefined ? { [ATTR.errorType]: token.errorType } : {}),
      });
    },
  });
  keyDerivationChannel.subscribe({
    start(derivation: KeyDerivationContext) {
      derivationStarts.set(derivation, performance.now());
    },
    end() {},
    asyncStart() {},
    error() {},
    asyncEnd(derivation: KeyDerivationContext) {
      const recording = derivation.parent && recordings.get(derivation.parent);
      const started = derivationStarts.get(derivation);
      if (!recording || started === undefined) return;
      const attributes: Attributes = {
        [ATTR.dbSystemName]: DB_SYSTEM,
        ...(derivation.errorType !== undefined ? { [ATTR.errorType]: derivation.errorType } : {}),
      };
      recording.instruments.derivations.add(1, attributes);
      recording.instruments.derivationDuration.record((performance.now() - started) / 1000, attributes);
    },
  });
}

function baseAttributes(operation: OperationContext): Attributes {
  return {
    [ATTR.dbSystemName]: DB_SYSTEM,
    [ATTR.dbOperationName]: operation.operation,
    ...(operation.country !== undefined ? { [ATTR.dbCollectionName]: operation.country } : {}),
    ...(operation.environmentId !== '' ? { [ATTR.dbNamespace]: operation.environmentId } : {}),
  };
}

/** Attributes known once the call has ended. */
function endAttributes(operation: OperationContext): Attributes {
  return {
    ...(operation.serverAddress !== undefined ? { [ATTR.serverAddress]: operation.serverAddress } : {}),
    ...(operation.serverPort !== undefined ? { [ATTR.serverPort]: operation.serverPort } : {}),
    ...(operation.statusCode !== undefined ? { [ATTR.dbStatusCode]: String(operation.statusCode) } : {}),
    ...(failed(operation) ? { [ATTR.errorType]: operation.errorType } : {}),
  };
}

function failed(operation: OperationContext): operation is OperationContext & { errorType: string } {
  return operation.errorType !== undefined && operation.aborted !== true;
}

function createInstruments(provider: MeterProvider): Instruments {
  const meter = provider.getMeter(SCOPE, VERSION);
  return {
    duration: meter.createHistogram(METRIC.operationDuration, {
      description: 'Duration of InCountry storage calls',
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    }),
    rows: meter.createHistogram(METRIC.returnedRows, {
      description: 'Records returned by InCountry storage calls',
      unit: '{row}',
      valueType: ValueType.INT,
      advice: { explicitBucketBoundaries: ROWS_BUCKETS },
    }),
    retries: meter.createCounter(METRIC.retries, {
      description: 'HTTP retries made by InCountry storage calls',
      unit: '{retry}',
      valueType: ValueType.INT,
    }),
    tokens: meter.createCounter(METRIC.tokenRequests, {
      description: 'OAuth token requests (first tokens, expiries and forced refreshes after a 401)',
      unit: '{request}',
      valueType: ValueType.INT,
    }),
    derivations: meter.createCounter(METRIC.keyDerivations, {
      description: 'PBKDF2 key derivations (derived-key cache misses)',
      unit: '{derivation}',
      valueType: ValueType.INT,
    }),
    derivationDuration: meter.createHistogram(METRIC.keyDerivationDuration, {
      description: 'Duration of PBKDF2 key derivations',
      unit: 's',
    }),
  };
}

/** `"find() failed: Service Unavailable"`: the status text, never the error's message (it names the URL). */
function statusMessage(operation: OperationContext): string {
  const what =
    operation.statusCode !== undefined && operation.statusCode >= 400
      ? (STATUS_CODES[operation.statusCode] ?? `HTTP ${operation.statusCode}`)
      : operation.errorType;
  return `${operation.operation}() failed: ${what}`;
}

/**
 * Telemetry for `createStorage({ telemetry })` and `IncountryModule.forRoot({ telemetry })` that records
 * OpenTelemetry spans and metrics (docs/telemetry.md): one CLIENT span per public call, named
 * `{operation} {country}`, with the database-client semantic conventions, a `retry` event per retry, and
 * the `db.client.operation.duration` histogram. No key, hash, value, body, URL, token or error message is
 * recorded.
 *
 * @example
 * const storage = await createStorage({
 *   ...pop.storageOptions,
 *   secretKeyAccessor: new SecretKeyAccessor(() => 'my secret'),
 *   telemetry: otelTelemetry({ requireParentSpan: true }),
 * });
 * @category Telemetry
 */
export function otelTelemetry(options: OtelTelemetryOptions = {}): StorageTelemetry {
  subscribeOnce();
  const tracer: Tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(SCOPE, VERSION);
  const instruments = createInstruments(options.meterProvider ?? metrics.getMeterProvider());
  const requireParent = options.requireParentSpan === true;

  function finish(operation: OperationContext, span: Span | undefined, started: number): void {
    const attributes = { ...baseAttributes(operation), ...endAttributes(operation) };
    instruments.duration.record((performance.now() - started) / 1000, attributes);
    if (operation.returnedRows !== undefined) instruments.rows.record(operation.returnedRows, attributes);
    if (span === undefined) return;
    span.setAttributes(endAttributes(operation));
    if (operation.returnedRows !== undefined) span.setAttribute(ATTR.dbReturnedRows, operation.returnedRows);
    if (failed(operation)) {
      span.addEvent('exception', { [ATTR.exceptionType]: operation.errorType });
      span.setStatus({ code: SpanStatusCode.ERROR, message: statusMessage(operation) });
    }
    span.end();
  }

  async function observe<T>(
    operation: OperationContext,
    span: Span | undefined,
    started: number,
    run: () => Promise<T>,
  ): Promise<T> {
    recordings.set(operation, { span, instruments });
    try {
      return await run();
    } finally {
      finish(operation, span, started);
    }
  }

  return {
    captureQueryShape: options.captureQueryShape === true,
    operation(operation, run) {
      const started = performance.now();
      const parent = context.active();
      if (requireParent && trace.getSpan(parent) === undefined)
        return observe(operation, undefined, started, run);
      const attributes: Attributes = {
        ...baseAttributes(operation),
        ...(operation.batchSize !== undefined ? { [ATTR.dbBatchSize]: operation.batchSize } : {}),
        ...(operation.queryShape !== undefined ? { [ATTR.dbQueryText]: operation.queryShape } : {}),
      };
      const name =
        operation.country === undefined ? operation.operation : `${operation.operation} ${operation.country}`;
      return tracer.startActiveSpan(name, { kind: SpanKind.CLIENT, attributes }, parent, (span) =>
        observe(operation, span, started, run),
      );
    },
    ...(options.attemptSpans === true
      ? {
          attempt<T>(attempt: AttemptContext, run: () => Promise<T>): Promise<T> {
            const recording = attempt.parent && recordings.get(attempt.parent);
            if (!recording?.span) return run();
            const attributes: Attributes = {
              [ATTR.attempt]: attempt.attempt,
              [ATTR.serverAddress]: attempt.serverAddress,
              [ATTR.serverPort]: attempt.serverPort,
            };
            return tracer.startActiveSpan(
              attempt.tokenRequest ? 'token request' : `${attempt.parent?.operation ?? 'request'} attempt`,
              { kind: SpanKind.INTERNAL, attributes },
              async (span) => {
                try {
                  return await run();
                } finally {
                  if (attempt.statusCode !== undefined)
                    span.setAttribute(ATTR.dbStatusCode, String(attempt.statusCode));
                  if (attempt.errorType !== undefined) {
                    span.setAttribute(ATTR.errorType, attempt.errorType);
                    span.setStatus({
                      code: SpanStatusCode.ERROR,
                      message: `attempt failed: ${attempt.errorType}`,
                    });
                  }
                  span.end();
                }
              },
            );
          },
        }
      : {}),
  };
}
