/**
 * The countries list (docs/protocol.md#countries-list, docs/protocol.md#endpoint-resolution), fetched without authentication, cached for 300 s (as Python
 * and Java do), and fetched single-flight: concurrent calls on a cold or expired cache share one request.
 */
import { StorageServerError, zodIssues } from '../errors.js';
import { countriesResponseSchema } from '../wire/index.js';
import type { Country } from '../wire/wire-types.js';
import { raceAbort } from './abortable-sleep.js';
import { parseJsonBody, responseValidationError, statusError } from './error-mapping.js';
import { exchange } from './http-exchange.js';
import type { TransportSettings } from './transport-settings.js';
import { USER_AGENT } from './user-agent.js';

/** Default countries endpoint (docs/protocol.md#countries-list). */
export const DEFAULT_COUNTRIES_ENDPOINT = 'https://portal-backend.incountry.com/countries';
/** How long a fetched list is trusted. */
export const COUNTRIES_TTL_MS = 300_000;

/** A cached countries list. */
export interface CountriesCache {
  /** The list, fetched when the cache is cold or older than {@link COUNTRIES_TTL_MS}. */
  get(operation: string, signal?: AbortSignal): Promise<readonly Country[]>;
}

/**
 * Creates the cache for one countries endpoint.
 *
 * @example
 * declare const settings: Parameters<typeof createCountriesCache>[1];
 * const countries = createCountriesCache(DEFAULT_COUNTRIES_ENDPOINT, settings);
 * const list = await countries.get('write');
 */
export function createCountriesCache(url: string, settings: TransportSettings): CountriesCache {
  let cached: { countries: readonly Country[]; fetchedAt: number } | undefined;
  let inflight: Promise<readonly Country[]> | undefined;

  async function fetchList(operation: string): Promise<readonly Country[]> {
    const target = { method: 'GET', displayUrl: url };
    const response = await exchange(
      {
        operation,
        method: 'GET',
        url,
        displayUrl: url,
        headers: { 'user-agent': USER_AGENT, accept: 'application/json' },
        idempotent: true,
        responseType: 'buffer',
      },
      settings,
    );
    if (response.statusCode !== 200)
      throw statusError(operation, response, target, 'to the countries list request', [200]);
    const body = parseJsonBody(response.body);
    const parsed = countriesResponseSchema.safeParse(body);
    if (!parsed.success)
      throw responseValidationError(operation, zodIssues(parsed.error), target, response.statusCode, body);
    if (parsed.data.countries.length === 0)
      throw new StorageServerError(`${operation}() failed: the countries list is empty [GET ${url}]`, {
        statusCode: response.statusCode,
        method: 'GET',
        url,
      });
    cached = { countries: parsed.data.countries, fetchedAt: settings.now() };
    return parsed.data.countries;
  }

  return {
    get(operation, signal) {
      if (cached && settings.now() - cached.fetchedAt < COUNTRIES_TTL_MS)
        return Promise.resolve(cached.countries);
      // The fetch is shared, so one caller's abort must not cancel it for the others.
      inflight ??= fetchList(operation).finally(() => {
        inflight = undefined;
      });
      return raceAbort(inflight, signal);
    },
  };
}
