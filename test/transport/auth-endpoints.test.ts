import { describe, expect, it } from 'vitest';
import { authEndpointFor, DEFAULT_AUTH_ENDPOINTS } from '../../src/transport/auth-endpoints.js';

describe('authEndpointFor', () => {
  it('uses the built-in map by region, with emea as the default (docs/protocol.md#auth-endpoints)', () => {
    expect(authEndpointFor('APAC')).toBe('https://auth-apac.incountry.com/oauth2/token');
    expect(authEndpointFor('emea')).toBe('https://auth-emea.incountry.com/oauth2/token');
    expect(authEndpointFor('amer')).toBe(DEFAULT_AUTH_ENDPOINTS.default);
    expect(authEndpointFor('default')).toBe(DEFAULT_AUTH_ENDPOINTS.default);
  });

  it('replaces the built-in map with the user map, keys compared case-insensitively', () => {
    const map = { default: 'http://d/token', AMER: 'http://amer/token' };
    expect(authEndpointFor('amer', map)).toBe('http://amer/token');
    expect(authEndpointFor('apac', map)).toBe('http://d/token');
  });
});
