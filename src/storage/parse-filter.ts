/**
 * The cast-free way into `storage.find` for a filter that only exists at run time (a request body, parsed
 * JSON, a `Record<string, unknown>` assembled in a loop): validated against the storage's configuration
 * with the same schema and rules `find` applies, and typed by that configuration, so `find` takes it as it
 * is.
 */
import { InputValidationError } from '../errors.js';
import type { QueryConfig } from '../query/query-config.js';
import type { ParsedFilter } from '../query/typed-filter.js';
import { validateQuery } from '../query/validate-query.js';

const FILTER_OBJECT_MESSAGE = 'expected an object of field conditions, got nothing';

/**
 * Validates a filter built at run time for `storage` and returns it typed, ready for `storage.find` and
 * `findOne` without a cast. Throws `InputValidationError` naming each bad field and operator
 * (`Invalid find query: filter.key1.$gt: key1 is not a range key, version or date field`); nothing is sent.
 * The filter is returned as given (dates stay `Date`s); `find` converts it.
 *
 * @example
 * const input: Record<string, unknown> = JSON.parse('{"key1":"english","range_key1":{"$gte":18}}');
 * const filter = parseFilter(storage, input); // ParsedFilter of the storage's configuration
 * const { data } = await storage.find('us', filter, { limit: 10 });
 * @category Storage
 */
export function parseFilter<TConfig extends QueryConfig>(
  storage: { readonly queryConfig: TConfig },
  input: unknown,
): ParsedFilter<TConfig> {
  // validateQuery reads a missing filter as `{}`; here a missing one is a mistake of the caller's.
  if (input === null || input === undefined)
    throw new InputValidationError(`Invalid find query: filter: ${FILTER_OBJECT_MESSAGE}`, {
      issues: [{ path: ['filter'], message: FILTER_OBJECT_MESSAGE }],
    });
  validateQuery(input, undefined, storage.queryConfig);
  // Validated above with the rules ParsedFilter<TConfig> stands for.
  return input as ParsedFilter<TConfig>;
}
