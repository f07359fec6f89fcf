/**
 * The one brand behind every compile-time error this library reports: RepositoryTypeError (defineRepository
 * mappings) and StorageOptionsTypeError (createStorage options) extend it, and QueryTypeError (query
 * builder) declares the same member, all under their own names so the compiler's message says which API
 * failed.
 */

/**
 * A type no value satisfies by accident, carrying the message the compiler prints.
 *
 * @example
 * type Failed = BrandedTypeError<'limit() call failed: limit is already set'>;
 */
export interface BrandedTypeError<TMessage extends string> {
  readonly __typeError__: TMessage;
}
