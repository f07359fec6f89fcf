/**
 * The telemetry each storage was created with, looked up by the traced methods (traced-storage.ts) and by
 * the query executor's finds. It sits on the instance under a module-private symbol, in a read-only,
 * non-configurable property, so a Proxy around the storage (instrumentation, Nest's `instrument`) must
 * hand it through unchanged and the call is still attributed to its storage.
 */
import { type TelemetryScope, traceOperation } from '../telemetry/operation-tracing.js';
import { queryShape } from '../telemetry/query-shape.js';
import type { StorageTelemetry } from '../telemetry/storage-telemetry.js';

const SCOPE: unique symbol = Symbol('incountry.telemetryScope');

/** Mutable, so that IncountryModule can give a ready storage its telemetry. */
interface ScopeHolder {
  scope: TelemetryScope;
}

function holderOf(client: object): ScopeHolder | undefined {
  return (client as { readonly [SCOPE]?: ScopeHolder })[SCOPE];
}

/** The scope of a storage made by createStorage. */
export function telemetryScope(client: object): TelemetryScope | undefined {
  return holderOf(client)?.scope;
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
    telemetryScope(client),
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
  const holder: ScopeHolder = { scope: { environmentId, telemetry } };
  Object.defineProperty(client, SCOPE, { value: holder });
}

/**
 * Gives a storage made by createStorage other telemetry (IncountryModule's `telemetry` beside a ready
 * Storage); false for anything else.
 */
export function replaceTelemetry(client: object, telemetry: StorageTelemetry): boolean {
  const holder = holderOf(client);
  if (holder === undefined) return false;
  holder.scope = { ...holder.scope, telemetry };
  return true;
}
