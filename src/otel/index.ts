/**
 * incountry-ts/otel: OpenTelemetry traces and metrics for storage calls (docs/telemetry.md). Needs the
 * optional peer dependency `@opentelemetry/api` (1.x); the main entry point never loads it.
 *
 * @module incountry-ts/otel
 */
export { type IncountryHttpSpanHooks, incountryHttpSpanHooks, templatePath } from './http-span-hooks.js';
export { type OtelTelemetryOptions, otelTelemetry } from './otel-telemetry.js';
