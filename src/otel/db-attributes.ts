/**
 * The OpenTelemetry attribute and metric names the bridge records (semantic conventions for database
 * client calls, plus a few `incountry.*` ones), written out rather than imported so the bridge needs
 * nothing at run time beyond `@opentelemetry/api`.
 */

/** Span and metric attributes. */
export const ATTR = {
  dbSystemName: 'db.system.name',
  dbOperationName: 'db.operation.name',
  dbCollectionName: 'db.collection.name',
  dbNamespace: 'db.namespace',
  dbBatchSize: 'db.operation.batch.size',
  dbReturnedRows: 'db.response.returned_rows',
  dbStatusCode: 'db.response.status_code',
  dbQueryText: 'db.query.text',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  errorType: 'error.type',
  exceptionType: 'exception.type',
  retryAttempt: 'incountry.retry.attempt',
  retryReason: 'incountry.retry.reason',
  retryDelay: 'incountry.retry.delay',
  attempt: 'incountry.attempt',
  tokenRefresh: 'incountry.token.refresh',
} as const;

/** `db.system.name` of every span and metric point. */
export const DB_SYSTEM = 'incountry';

/** Metric names. */
export const METRIC = {
  operationDuration: 'db.client.operation.duration',
  returnedRows: 'db.client.response.returned_rows',
  retries: 'incountry.client.retries',
  tokenRequests: 'incountry.client.token.requests',
  keyDerivations: 'incountry.client.key_derivations',
  keyDerivationDuration: 'incountry.client.key_derivation.duration',
} as const;

/** The semantic conventions' advice for `db.client.operation.duration` (seconds). */
export const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10];

/** The semantic conventions' advice for `db.client.response.returned_rows`. */
export const ROWS_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];
