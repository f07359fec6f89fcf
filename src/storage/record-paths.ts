/**
 * Storage API paths (PROTOCOL §d). Path segments are percent-encoded (hashes are unaffected; plain SSE keys
 * need it). Each path comes with its route template, which error messages show in SSE mode.
 */

/** A path and the template shown instead of it where plain keys must not appear. */
export interface ApiPath {
  readonly path: string;
  readonly route: string;
}

const seg = encodeURIComponent;

/** Paths of one country's record collection. */
export const recordPaths = {
  /** `POST` write. */
  records: (country: string): ApiPath => same(`/v2/storage/records/${seg(country)}`),
  batchWrite: (country: string): ApiPath => same(`/v2/storage/records/${seg(country)}/batchWrite`),
  find: (country: string): ApiPath => same(`/v2/storage/records/${seg(country)}/find`),
  batchDelete: (country: string): ApiPath => same(`/v2/storage/records/${seg(country)}/batchDelete`),
  /** `GET` read, `DELETE` delete. */
  record: (country: string, key: string): ApiPath => ({
    path: `/v2/storage/records/${seg(country)}/${seg(key)}`,
    route: `/v2/storage/records/${seg(country)}/{key}`,
  }),
  /** `POST` add, `PUT` upsert. */
  attachments: (country: string, key: string): ApiPath => ({
    path: `/v2/storage/records/${seg(country)}/${seg(key)}/attachments`,
    route: `/v2/storage/records/${seg(country)}/{key}/attachments`,
  }),
  /** `GET` download, `DELETE` delete. */
  attachment: (country: string, key: string, fileId: string): ApiPath => ({
    path: `/v2/storage/records/${seg(country)}/${seg(key)}/attachments/${seg(fileId)}`,
    route: `/v2/storage/records/${seg(country)}/{key}/attachments/{fileId}`,
  }),
  /** `GET` meta, `PATCH` update meta. */
  attachmentMeta: (country: string, key: string, fileId: string): ApiPath => ({
    path: `/v2/storage/records/${seg(country)}/${seg(key)}/attachments/${seg(fileId)}/meta`,
    route: `/v2/storage/records/${seg(country)}/{key}/attachments/{fileId}/meta`,
  }),
  /** `GET` at the host root, not under /v2 (PROTOCOL §d.8). */
  healthcheck: (): ApiPath => same('/healthcheck'),
} as const;

function same(path: string): ApiPath {
  return { path, route: path };
}
