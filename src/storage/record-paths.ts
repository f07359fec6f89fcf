/**
 * Storage API paths (docs/protocol.md#routes). Path segments are percent-encoded (hashes are unaffected; plain SSE keys
 * need it). Each path comes with its route template, which error messages show in SSE mode.
 */

import { API_ROUTES, fillRoute } from '../wire/api-routes.js';

/** A path and the template shown instead of it where plain keys must not appear. */
export interface ApiPath {
  readonly path: string;
  readonly route: string;
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
  healthcheck: (): ApiPath => ({ path: API_ROUTES.healthcheck, route: API_ROUTES.healthcheck }),
} as const;

/** The country is shown in the route; the record key and file id are not. */
function apiPath(template: string, country: string, hidden: Readonly<Record<string, string>> = {}): ApiPath {
  return { path: fillRoute(template, { country, ...hidden }), route: fillRoute(template, { country }) };
}
