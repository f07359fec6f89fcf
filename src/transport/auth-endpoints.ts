/** Built-in OAuth token endpoints by region (docs/protocol.md#auth-endpoints). */
export const DEFAULT_AUTH_ENDPOINTS: Readonly<Record<string, string>> = {
  apac: 'https://auth-apac.incountry.com/oauth2/token',
  emea: 'https://auth-emea.incountry.com/oauth2/token',
  default: 'https://auth-emea.incountry.com/oauth2/token',
};

/**
 * The token endpoint for a region: `map[region]`, else `map.default`. A user map (which must contain
 * `default`, checked by createStorage) replaces the built-in one; keys compare case-insensitively.
 *
 * @example
 * authEndpointFor('APAC'); // 'https://auth-apac.incountry.com/oauth2/token'
 * authEndpointFor('amer', { default: 'http://127.0.0.1:8080/oauth2/token' }); // the default
 */
export function authEndpointFor(
  region: string,
  map: Readonly<Record<string, string>> = DEFAULT_AUTH_ENDPOINTS,
): string {
  const lower: Record<string, string> = {};
  for (const [key, url] of Object.entries(map)) lower[key.toLowerCase()] = url;
  return lower[region.toLowerCase()] ?? lower.default ?? DEFAULT_AUTH_ENDPOINTS.default!;
}
