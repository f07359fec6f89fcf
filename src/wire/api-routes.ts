/**
 * The storage API's paths (docs/protocol.md#routes) in one catalogue, as `:param` templates: the client fills them in
 * (storage/record-paths.ts), the local PoP registers them as its routes and masks logged paths by their
 * words (server/request-log.ts).
 */

/** Every route of the storage API the client calls and the local PoP serves. */
export const API_ROUTES = {
  records: '/v2/storage/records/:country',
  batchWrite: '/v2/storage/records/:country/batchWrite',
  find: '/v2/storage/records/:country/find',
  batchDelete: '/v2/storage/records/:country/batchDelete',
  record: '/v2/storage/records/:country/:key',
  attachments: '/v2/storage/records/:country/:key/attachments',
  attachment: '/v2/storage/records/:country/:key/attachments/:fileId',
  attachmentMeta: '/v2/storage/records/:country/:key/attachments/:fileId/meta',
  /** At the host root, not under /v2 (docs/protocol.md#health-check). */
  healthcheck: '/healthcheck',
  token: '/oauth2/token',
  countries: '/countries',
} as const;

/**
 * The literal segments of route templates: route names, never data.
 *
 * @example
 * routeWords(['/v2/storage/records/:country']); // ['v2', 'storage', 'records']
 */
export function routeWords(routes: Iterable<string>): string[] {
  const words = new Set<string>();
  for (const route of routes)
    for (const segment of route.split('/'))
      if (segment !== '' && !segment.startsWith(':')) words.add(segment);
  return [...words];
}

/**
 * Fills a template's `:params`: a given value percent-encoded (hashes are unaffected; plain SSE keys need
 * it), a missing one as the `{param}` placeholder error messages show instead of plain keys.
 *
 * @example
 * fillRoute(API_ROUTES.record, { country: 'us', key: 'k 1' }); // '/v2/storage/records/us/k%201'
 * fillRoute(API_ROUTES.record, { country: 'us' }); // '/v2/storage/records/us/{key}'
 */
export function fillRoute(route: string, values: Readonly<Record<string, string | undefined>>): string {
  return route.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = values[name];
    return value === undefined ? `{${name}}` : encodeURIComponent(value);
  });
}
