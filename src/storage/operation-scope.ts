/**
 * The telemetry each storage was created with, looked up by the traced methods (traced-storage.ts) and by
 * the query executor's finds.
 */
import { type TelemetryScope, traceOperation } from '../telemetry/operation-tracing.js';
import { queryShape } from '../telemetry/query-shape.js';
import type { StorageTelemetry } from '../telemetry/storage-telemetry.js';

const scopes = new WeakMap<object, TelemetryScope>();

/** The scope of a storage made by createStorage. */
export function telemetryScope(client: object): TelemetryScope | undefined {
  return scopes.get(client);
}

/**
 * Runs a builder's or repository's find (which reaches the client through its query executor, not the
 * public `find`) as an observed `find`.
 */
export function traceExecutorFind<T extends { data: unknown[] }>(
  client: object,
  country: string,
  filter: unknown,
  options: unknown,
  run: () => Promise<T>,
): Promise<T> {
  return traceOperation(
    scopes.get(client),
    () => ({ operation: 'find', country, queryShape: () => queryShape(filter, options) }),
    run,
    { rows: (r) => r.data.length },
  );
}

/** Records the telemetry a storage was created with. */
export function bindTelemetry(
  client: object,
  environmentId: string,
  telemetry: StorageTelemetry | undefined,
): void {
  scopes.set(client, { environmentId, telemetry });
}

/**
 * Gives a storage made by createStorage other telemetry (IncountryModule's `telemetry` beside a ready
 * Storage); false for anything else.
 */
export function replaceTelemetry(client: object, telemetry: StorageTelemetry): boolean {
  const scope = scopes.get(client);
  if (scope === undefined) return false;
  scopes.set(client, { ...scope, telemetry });
  return true;
}
