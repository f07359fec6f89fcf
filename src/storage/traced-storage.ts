/**
 * Where every public Storage call meets telemetry (docs/telemetry.md): each method of StorageClient's
 * prototype is wrapped once, here, with what may be published about its arguments and result. Keeping
 * this beside the client (not in it) leaves the methods' own code about storage only. createStorage() calls
 * traceStorageMethods() before it makes the first client: an import kept only for its effect is dropped by
 * bundlers (and by our own build) once the package declares itself free of side effects.
 */
import { type OperationStart, traceOperation } from '../telemetry/operation-tracing.js';
import { queryShape } from '../telemetry/query-shape.js';
import { telemetryScope } from './operation-scope.js';
import { StorageClient } from './storage-client.js';

/** What may be said about one method's call: everything else about its arguments stays unread. */
interface MethodFacts {
  readonly batchSize?: (args: readonly unknown[]) => number | undefined;
  readonly query?: (args: readonly unknown[]) => [filter: unknown, options: unknown];
  readonly rows?: (result: never) => number | undefined;
  /** Index of the requestOptions argument (its signal tells a cancellation from a failure). */
  readonly requestOptions: number;
}

const lengthOf = (value: unknown): number | undefined => (Array.isArray(value) ? value.length : undefined);

const METHODS = {
  write: { requestOptions: 2, rows: () => 1 },
  batchWrite: {
    requestOptions: 2,
    batchSize: (args) => lengthOf(args[1]),
    rows: (r: { records: unknown[] }) => r.records.length,
  },
  read: { requestOptions: 2, rows: () => 1 },
  find: {
    requestOptions: 3,
    query: (args) => [args[1], args[2]],
    rows: (r: { data: unknown[] }) => r.data.length,
  },
  findOne: {
    requestOptions: 3,
    query: (args) => [args[1], { ...(args[2] as object | undefined), limit: 1 }],
    rows: (r: unknown) => (r === null ? 0 : 1),
  },
  delete: { requestOptions: 2 },
  batchDelete: {
    requestOptions: 2,
    batchSize: (args) => lengthOf((args[1] as { record_key?: unknown } | null | undefined)?.record_key),
  },
  migrate: { requestOptions: 2 },
  addAttachment: { requestOptions: 4 },
  deleteAttachment: { requestOptions: 3 },
  getAttachmentFile: { requestOptions: 3 },
  getAttachmentMeta: { requestOptions: 3 },
  updateAttachmentMeta: { requestOptions: 4 },
  healthCheck: { requestOptions: 1 },
} satisfies Record<string, MethodFacts>;

/** The country as published: only a valid two-letter code, lower-cased; anything else stays unread. */
function countryOf(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Za-z]{2}$/.test(value) ? value.toLowerCase() : undefined;
}

function abortedBy(requestOptions: unknown): boolean {
  const signal = (requestOptions as { signal?: unknown } | null | undefined)?.signal;
  return signal instanceof AbortSignal && signal.aborted;
}

let methodsTraced = false;

/** Wraps StorageClient's public methods once, before any client exists (idempotent). */
export function traceStorageMethods(): void {
  if (methodsTraced) return;
  methodsTraced = true;
  for (const [name, facts] of Object.entries(METHODS) as [keyof typeof METHODS, MethodFacts][]) {
    const method = StorageClient.prototype[name] as (...args: unknown[]) => Promise<unknown>;
    const traced = function (this: StorageClient, ...args: unknown[]): Promise<unknown> {
      return traceOperation(
        telemetryScope(this),
        (): OperationStart => {
          const query = facts.query?.(args);
          return {
            operation: name,
            country: countryOf(args[0]),
            batchSize: facts.batchSize?.(args),
            ...(query ? { queryShape: () => queryShape(query[0], query[1]) } : {}),
          };
        },
        () => method.apply(this, args),
        {
          rows: facts.rows as (result: unknown) => number | undefined,
          aborted: () => abortedBy(args[facts.requestOptions]),
        },
      );
    };
    Object.defineProperty(traced, 'name', { value: name });
    Object.defineProperty(StorageClient.prototype, name, {
      value: traced,
      writable: true,
      configurable: true,
    });
  }
}
