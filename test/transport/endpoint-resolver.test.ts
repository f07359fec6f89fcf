import { describe, expect, it } from 'vitest';
import { StorageCountryNotSupportedError } from '../../src/errors.js';
import type { CountriesCache } from '../../src/transport/countries-cache.js';
import { createEndpointResolver, DEFAULT_HOST } from '../../src/transport/endpoint-resolver.js';
import type { Country } from '../../src/wire/index.js';

function fixedCountries(countries: Country[]): CountriesCache & { calls: number } {
  const cache = {
    calls: 0,
    get: async () => {
      cache.calls++;
      return countries;
    },
  };
  return cache;
}

const list: Country[] = [
  { id: 'US', name: 'United States', direct: true, region: 'AMER' },
  { id: 'DE', name: 'Germany', direct: true, region: 'EMEA' },
  { id: 'PE', name: 'Peru', direct: false, region: 'AMER' },
];

describe('endpoint resolution (docs/protocol.md#endpoint-resolution)', () => {
  it('defaults to https://us-mt-01.api.incountry.io', () => {
    expect(DEFAULT_HOST).toBe('https://us-mt-01.api.incountry.io');
  });

  it('custom endpoint without a mask: that host and audience, no countries call', async () => {
    const countries = fixedCountries(list);
    const resolver = createEndpointResolver({ endpoint: 'https://pop.example.com/', countries });
    await expect(resolver.resolve('de', 'read')).resolves.toEqual({
      host: 'https://pop.example.com',
      audience: 'https://pop.example.com',
      region: 'default',
    });
    expect(countries.calls).toBe(0);
  });

  it('custom endpoint with a mask: two-URL audience unless the hosts agree', async () => {
    const countries = fixedCountries(list);
    const resolver = createEndpointResolver({
      endpoint: 'https://pop.example.com',
      endpointMask: '.pop.example.com',
      countries,
    });
    await expect(resolver.resolve('de', 'read')).resolves.toEqual({
      host: 'https://pop.example.com',
      audience: 'https://pop.example.com https://de.pop.example.com',
      region: 'default',
    });
    const same = createEndpointResolver({
      endpoint: 'https://de.pop.example.com',
      endpointMask: '.pop.example.com',
      countries,
    });
    await expect(same.resolve('de', 'read')).resolves.toMatchObject({
      audience: 'https://de.pop.example.com',
    });
  });

  it('direct country: its own host and region', async () => {
    const resolver = createEndpointResolver({ countries: fixedCountries(list) });
    await expect(resolver.resolve('de', 'read')).resolves.toEqual({
      host: 'https://de-mt-01.api.incountry.io',
      audience: 'https://de-mt-01.api.incountry.io',
      region: 'emea',
    });
  });

  it('mini-PoP: the default host and a two-URL audience', async () => {
    const resolver = createEndpointResolver({
      countries: fixedCountries(list),
      endpointMask: '-xx.example.org',
    });
    await expect(resolver.resolve('pe', 'read')).resolves.toEqual({
      host: 'https://us-xx.example.org',
      audience: 'https://us-xx.example.org https://pe-xx.example.org',
      region: 'default',
    });
  });

  it('unknown country: StorageCountryNotSupportedError naming the method', async () => {
    const resolver = createEndpointResolver({ countries: fixedCountries(list) });
    await expect(resolver.resolve('zz', 'write')).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof StorageCountryNotSupportedError &&
        /^write\(\) failed: country 'zz'/.test((e as Error).message),
    );
  });
});
