/**
 * Storage API paths (docs/protocol.md#routes). Path segments are percent-encoded (hashes are unaffected; plain SSE keys
 * need it). Each path comes with its route template, which error messages show in SSE mode.
 */

import type { HttpMethod } from '../transport/http-exchange.js';
import { API_ROUTES, fillRoute } from '../wire/api-routes.js';

/** A path and the template shown instead of it where plain keys must not appear. */
export interface ApiPath {
  readonly path: string;
  readonly route: string;
  /** The catalogue template it was filled from (`API_ROUTES`). */
  readonly template: string;
}

/**
 * What each route answers on success (docs/protocol.md#routes), by method. The first status is the
 * documented one; 200 is also taken where older platforms answered it, and 204 for deletes, which have
 * nothing to say. Everything else, a 3xx above all, is an error, never a success.
 */
const SUCCESS_STATUSES: Readonly<Record<string, readonly number[]>> = {
  [`POST ${API_ROUTES.records}`]: [201, 200],
  [`POST ${API_ROUTES.batchWrite}`]: [201, 200],
  [`POST ${API_ROUTES.find}`]: [200],
  [`POST ${API_ROUTES.batchDelete}`]: [200, 204],
  [`GET ${API_ROUTES.record}`]: [200],
  [`DELETE ${API_ROUTES.record}`]: [200, 204],
  [`POST ${API_ROUTES.attachments}`]: [201, 200],
  [`PUT ${API_ROUTES.attachments}`]: [201, 200],
  [`GET ${API_ROUTES.attachment}`]: [200],
  [`DELETE ${API_ROUTES.attachment}`]: [204, 200],
  [`GET ${API_ROUTES.attachmentMeta}`]: [200],
  [`PATCH ${API_ROUTES.attachmentMeta}`]: [200],
  [`GET ${API_ROUTES.healthcheck}`]: [200],
};

/**
 * The statuses that mean success for `method` on `path`.
 *
 * @example
 * successStatuses('DELETE', recordPaths.record('us', 'a1b2')); // [200, 204]
 */
export function successStatuses(method: HttpMethod, path: ApiPath): readonly number[] {
  return SUCCESS_STATUSES[`${method} ${path.template}`] ?? [200];
}

/** Paths of one country's record collection. */
export const recordPaths = {
  /** `POST` write. */
  records: (country: string): ApiPath => apiPath(API_ROUTES.records, country),
  batchWrite: (country: string): ApiPath => apiPath(API_ROUTES.batchWrite, country),
  find: (country: string): ApiPath => apiPath(API_ROUTES.find, country),
  batchDelete: (country: string): ApiPath => apiPath(API_ROUTES.batchDelete, country),
  /** `GET` read, `DELETE` delete. */
  record: (country: string, key: string): ApiPath => apiPath(API_ROUTES.record, country, { key }),
  /** `POST` add, `PUT` upsert. */
  attachments: (country: string, key: string): ApiPath => apiPath(API_ROUTES.attachments, country, { key }),
  /** `GET` download, `DELETE` delete. */
  attachment: (country: string, key: string, fileId: string): ApiPath =>
    apiPath(API_ROUTES.attachment, country, { key, fileId }),
  /** `GET` meta, `PATCH` update meta. */
  attachmentMeta: (country: string, key: string, fileId: string): ApiPath =>
    apiPath(API_ROUTES.attachmentMeta, country, { key, fileId }),
  /** `GET` at the host root, not under /v2 (docs/protocol.md#health-check). */
  healthcheck: (): ApiPath => ({
    path: API_ROUTES.healthcheck,
    route: API_ROUTES.healthcheck,
    template: API_ROUTES.healthcheck,
  }),
} as const;

/** The country is shown in the route; the record key and file id are not. */
function apiPath(template: string, country: string, hidden: Readonly<Record<string, string>> = {}): ApiPath {
  return {
    path: fillRoute(template, { country, ...hidden }),
    route: fillRoute(template, { country }),
    template,
  };
}
