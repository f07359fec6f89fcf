/**
 * OpenTelemetry for the example, on when `OTEL_CONSOLE=1`: spans and metrics go to the console exporters.
 * In an application this is the instrumentation file loaded before everything else
 * (`node --import ./instrumentation.js dist/main.js`), usually with NodeSDK and an OTLP exporter.
 */
import { createRequire } from 'node:module';
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import {
  ConsoleMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, ConsoleSpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
// In an application: from 'incountry-ts' and 'incountry-ts/otel'.
import type { StorageTelemetry } from '../../src/index.js';
import { incountryHttpSpanHooks, otelTelemetry } from '../../src/otel/index.js';

/**
 * Registers the console exporters and the HTTP instrumentation (with the hooks that keep record keys out
 * of its URLs) and returns the storage's telemetry. `popHost` is the embedded PoP's `host:port`: its
 * server side runs in this process, and a real PoP's would not be traced by this service.
 */
export function consoleTelemetry(popHost: string): StorageTelemetry {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new ConsoleSpanExporter())] }),
  );
  metrics.setGlobalMeterProvider(
    new MeterProvider({
      readers: [
        new PeriodicExportingMetricReader({
          exporter: new ConsoleMetricExporter(),
          exportIntervalMillis: 10_000,
        }),
      ],
    }),
  );
  const http = new HttpInstrumentation({
    ignoreIncomingRequestHook: (request) => request.headers.host === popHost,
    ...incountryHttpSpanHooks(),
  });
  http.setTracerProvider(trace.getTracerProvider());
  http.enable();
  // enable() patches node:http on its next require; got calls the patched module object's `request`.
  createRequire(import.meta.url)('node:http');
  return otelTelemetry({ requireParentSpan: true });
}
