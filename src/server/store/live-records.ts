/**
 * The scope test every record query shares: a record is visible when its environment and country match
 * and it has not expired.
 */
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { PopDatabase } from './pop-database.js';
import type { SlotOf } from './query-template.js';
import { NotFoundError, type Scope } from './record-store.js';

/** `environment_id`, `country` match and the record has not expired. */
export function liveInScope(
  eb: ExpressionBuilder<PopDatabase, 'pop_records'>,
  scope: Scope,
  nowMicros: bigint,
): Expression<SqlBool> {
  return eb.and([
    eb('pop_records.environment_id', '=', scope.environmentId),
    eb('pop_records.country', '=', scope.country),
    eb.or([eb('pop_records.expires_at', 'is', null), eb('pop_records.expires_at', '>', nowMicros)]),
  ]);
}

/** {@link liveInScope} for a template: environment, country and now in slots 0, 1 and 2. */
export function liveInScopeSlots(eb: ExpressionBuilder<PopDatabase, 'pop_records'>, slot: SlotOf) {
  return liveInScope(eb, { environmentId: slot(0), country: slot(1) }, slot(2));
}

/** A record (or an attachment of one) that is missing, expired or out of scope: a 404. */
export function notFound(what: 'record' | 'attachment'): NotFoundError {
  return new NotFoundError(`${what} not found (or expired)`);
}
