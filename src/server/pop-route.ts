/** Names of the PoP's public routes, as used by fault rules and the request log. */
export const POP_ROUTES = [
  'write',
  'batchWrite',
  'read',
  'find',
  'delete',
  'batchDelete',
  'attachments',
  'healthcheck',
  'token',
  'countries',
] as const;

/** A public route of the PoP. */
export type PopRouteName = (typeof POP_ROUTES)[number];

/** Per-route fastify config the hooks read. */
export interface PopRouteConfig {
  /** Public route name; absent on admin routes (faults never apply to them). */
  readonly popRoute?: PopRouteName;
  /** Requires a bearer token and a matching `x-env-id`. */
  readonly auth?: boolean;
  /** An admin endpoint under `/_pop/`. */
  readonly admin?: boolean;
  /** The inspector's page and its assets: served without a token (they hold no data) and never logged. */
  readonly inspector?: boolean;
  /** The body media type the route accepts; another one is a 415. */
  readonly body?: 'json' | 'form' | 'multipart';
}
