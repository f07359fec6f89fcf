/**
 * The countries list from the local PoP's /countries, and endpoint resolution on top of it.
 */
import { describe, expect, it } from 'vitest';
import { StorageCountryNotSupportedError, StorageServerResponseValidationError } from '../../src/errors.js';
import { COUNTRIES_TTL_MS, createCountriesCache } from '../../src/transport/countries-cache.js';
import { createEndpointResolver } from '../../src/transport/endpoint-resolver.js';
import type { TransportSettings } from '../../src/transport/transport-settings.js';
import { useLocalPop } from '../storage/support/test-pop.js';

const ctx = useLocalPop();

function setup() {
  const clock = { now: 5_000_000 };
  const settings: TransportSettings = {
    timeoutMs: 2000,
    retryBaseDelay: 0.001,
    retryMaxDelay: 0.004,
    random: () => 0.5,
    sleep: async () => {},
    now: () => clock.now,
  };
  const cache = createCountriesCache(ctx.pop.storageOptions.options.countriesEndpoint, settings);
  const fetches = () => ctx.pop.admin.requests().filter((r) => r.route === 'countries').length;
  return { cache, clock, fetches };
}

describe('countries cache', () => {
  it('fetches once for concurrent callers and reuses the list for 300 s', async () => {
    const { cache, clock, fetches } = setup();
    const lists = await Promise.all([cache.get('read'), cache.get('write'), cache.get('find')]);
    expect(lists[0]!.some((c) => c.id === 'US')).toBe(true);
    expect(fetches()).toBe(1);
    clock.now += COUNTRIES_TTL_MS - 1;
    await cache.get('read');
    expect(fetches()).toBe(1);
    clock.now += 1;
    await cache.get('read');
    expect(fetches()).toBe(2);
  });

  it('a malformed list is a StorageServerResponseValidationError, and is not cached', async () => {
    ctx.pop.admin.addFault({ route: 'countries', malformed: true, times: 1 });
    const { cache } = setup();
    await expect(cache.get('read')).rejects.toBeInstanceOf(StorageServerResponseValidationError);
    expect((await cache.get('read')).length).toBeGreaterThan(0);
  });

  it('resolves a direct country to its own host and region, a mini-PoP through the default host', async () => {
    const { cache } = setup();
    const resolver = createEndpointResolver({ countries: cache, endpointMask: '.pop.test' });
    await expect(resolver.resolve('de', 'read')).resolves.toEqual({
      host: 'https://de.pop.test',
      audience: 'https://de.pop.test',
      region: 'emea',
    });
    await expect(resolver.resolve('pe', 'read')).resolves.toEqual({
      host: 'https://us.pop.test',
      audience: 'https://us.pop.test https://pe.pop.test',
      region: 'default',
    });
  });

  it('an unknown country is StorageCountryNotSupportedError', async () => {
    const { cache } = setup();
    const resolver = createEndpointResolver({ countries: cache });
    await expect(resolver.resolve('zz', 'read')).rejects.toBeInstanceOf(StorageCountryNotSupportedError);
  });
});
