/**
 * The branded type an invalid `defineRepository` mapping turns into. It replaces the offending property of
 * `fields` (or the whole `fields` object), so the compiler prints the message where the mistake is:
 *
 * ```text
 * Type '"range_key1"' is not assignable to type
 *   'RepositoryTypeError<"defineRepository() call failed: email is a string but range_key1 holds integers">'.
 * ```
 */
import type { BrandedTypeError } from '../type-error.js';

/**
 * A compile-time error in a `defineRepository` (or `defineEntity`) mapping; the message says what to fix.
 *
 * @example
 * // defineRepository(storage, { model: User, fields: { id: 'record_key', email: 'range_key1' } }) reports, at `email`:
 * type EmailError = MappingCheck<{ id: string; email: string }, { id: 'record_key'; email: 'range_key1' }>['email'];
 * //   RepositoryTypeError<"defineRepository() call failed: email is a string but range_key1 holds integers">
 * @category Repository
 */
export interface RepositoryTypeError<TMessage extends string> extends BrandedTypeError<TMessage> {}
