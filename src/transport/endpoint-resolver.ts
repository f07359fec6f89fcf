/**
 * Endpoint resolution (docs/protocol.md#endpoint-resolution): which host serves a country, which audience its tokens need, and
 * which region's auth server issues them.
 */
import { StorageCountryNotSupportedError } from '../errors.js';
import type { CountriesCache } from './countries-cache.js';

/** Default host suffix: `https://{country}-mt-01.api.incountry.io`. */
export const DEFAULT_ENDPOINT_MASK = '-mt-01.api.incountry.io';
/** The country whose host serves mini-PoPs and is the default. */
export const DEFAULT_COUNTRY = 'us';
/** `https://us-mt-01.api.incountry.io`. */
export const DEFAULT_HOST = `https://${DEFAULT_COUNTRY}${DEFAULT_ENDPOINT_MASK}`;

/** Where a country's requests go. */
export interface ResolvedEndpoint {
  /** Base URL without a trailing slash. */
  readonly host: string;
  /** OAuth audience: one URL, or two separated by a space (mini-PoPs, custom endpoint + mask). */
  readonly audience: string;
  /** Region for the auth endpoint lookup (`default` when none applies). */
  readonly region: string;
}

/** Resolves a country (two lower-case letters) to its endpoint. */
export interface EndpointResolver {
  resolve(country: string, operation: string, signal?: AbortSignal): Promise<ResolvedEndpoint>;
}

/** Inputs of {@link createEndpointResolver}. */
export interface EndpointResolverOptions {
  readonly endpoint?: string | undefined;
  readonly endpointMask?: string | undefined;
  /** Consulted only when no custom `endpoint` is set. */
  readonly countries: CountriesCache;
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * Creates the resolver.
 *
 * @example
 * declare const countries: EndpointResolverOptions['countries'];
 * const resolver = createEndpointResolver({ countries });
 * await resolver.resolve('de', 'read'); // { host: 'https://de-mt-01.api.incountry.io', audience: …, region: 'emea' }
 */
export function createEndpointResolver(options: EndpointResolverOptions): EndpointResolver {
  const endpoint = options.endpoint === undefined ? undefined : withoutTrailingSlash(options.endpoint);
  const mask = options.endpointMask;
  const countryHost = (country: string) => `https://${country}${mask ?? DEFAULT_ENDPOINT_MASK}`;

  return {
    async resolve(country, operation, signal) {
      if (endpoint !== undefined) {
        if (mask === undefined) return { host: endpoint, audience: endpoint, region: 'default' };
        const ownHost = countryHost(country);
        return {
          host: endpoint,
          audience: ownHost === endpoint ? endpoint : `${endpoint} ${ownHost}`,
          region: 'default',
        };
      }
      const countries = await options.countries.get(operation, signal);
      const entry = countries.find((c) => c.id.toLowerCase() === country);
      if (!entry) {
        throw new StorageCountryNotSupportedError(
          `${operation}() failed: country '${country}' is not in the countries list; check the country code, or set endpoint for a dedicated PoP`,
        );
      }
      if (entry.direct === true) {
        const host = countryHost(country);
        return { host, audience: host, region: entry.region.toLowerCase() };
      }
      // Mini-PoP: requests go through the default country's host, the token must name both.
      const host = countryHost(DEFAULT_COUNTRY);
      return { host, audience: `${host} ${countryHost(country)}`, region: 'default' };
    },
  };
}
