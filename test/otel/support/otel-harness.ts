/**
 * Real OpenTelemetry SDK parts for the bridge's tests: a BasicTracerProvider exporting to memory, the
 * AsyncLocalStorage context manager (registered globally, as NodeSDK does), and a MeterProvider whose
 * reader exports to memory when flushed.
 */
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

export interface OtelHarness {
  readonly tracerProvider: BasicTracerProvider;
  readonly meterProvider: MeterProvider;
  /** Finished spans so far. */
  spans(): ReadableSpan[];
  /** Collects and returns every metric recorded so far (cumulative). */
  metrics(): Promise<ResourceMetrics[]>;
  reset(): void;
}

let contextManager: AsyncLocalStorageContextManager | undefined;

/** Creates the SDK parts; the context manager is registered once per test file. */
export function createOtelHarness(): OtelHarness {
  if (contextManager === undefined) {
    contextManager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(contextManager);
  }
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spanExporter)] });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  // The interval never fires within a test; forceFlush collects on demand.
  const reader = new PeriodicExportingMetricReader({
    exporter: metricExporter,
    exportIntervalMillis: 3_600_000,
  });
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    tracerProvider,
    meterProvider,
    spans: () => spanExporter.getFinishedSpans(),
    async metrics() {
      await reader.forceFlush();
      return metricExporter.getMetrics();
    },
    reset() {
      spanExporter.reset();
      metricExporter.reset();
    },
  };
}

/** A span as plain data: everything an exporter would send (name, kind, attributes, events, status, parent). */
export function spanRecord(span: ReadableSpan): Record<string, unknown> {
  return {
    name: span.name,
    kind: span.kind,
    attributes: span.attributes,
    events: span.events.map((e) => ({ name: e.name, attributes: e.attributes })),
    status: span.status,
    links: span.links,
    parentSpanId: span.parentSpanContext?.spanId,
    scope: span.instrumentationScope.name,
  };
}

/** The data points of one metric, by name, from the last collection. */
export function metricPoints(
  collected: ResourceMetrics[],
  name: string,
): { attributes: object; value: unknown }[] {
  const last = collected.at(-1);
  const metric = last?.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name);
  return (metric?.dataPoints ?? []).map((p) => ({ attributes: p.attributes, value: p.value }));
}
