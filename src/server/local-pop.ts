/**
 * `startLocalPop`: the whole PoP (storage routes, OAuth, countries, admin) on one local port, backed by
 * SQLite in memory unless told otherwise.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { formatIssues, StorageConfigValidationError, zodIssues } from '../errors.js';
import { countrySchema } from '../wire/index.js';
import { CredentialsRegistry, DEV_CREDENTIALS, type PopCredentials } from './client-credentials.js';
import { DEFAULT_COUNTRIES, type PopCountry } from './default-countries.js';
import { type ActiveFault, FaultInjector, type FaultRule } from './fault-injector.js';
import { HostAllowList, parseAuthority } from './host-guard.js';
import { INSPECTOR_PAGE } from './inspector/inspector-assets.js';
import { databaseLabels, POP_VERSION } from './pop-about.js';
import { createPopApp } from './pop-app.js';
import type { PopContext } from './pop-context.js';
import { RequestLog, type RequestLogEntry } from './request-log.js';
import { SseCipher } from './sse-cipher.js';
import { createCountryRouter, createStoreFromUrl, type RecordStore } from './store/index.js';
import { type StaticApiToken, TokenRegistry } from './token-registry.js';

/** Per-country databases: a URL per lower-case country code, and `'*'` for every other country. */
export type PopCountryDatabases = Readonly<Record<string, string>>;

/** Options of {@link startLocalPop}. Every one is optional. */
export interface LocalPopOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  readonly port?: number;
  /** Interface to bind; default `127.0.0.1`. */
  readonly host?: string;
  /**
   * More host names (or IPs) the PoP answers to, besides `localhost`, `127.0.0.1`, `[::1]` and `host`:
   * `'pop.test'` at the PoP's port, or `'localhost:18080'` at another port (a port mapping or a proxy).
   * Requests whose `Host` or `Origin` names anything else get 403 (DNS rebinding, cross-site pages).
   */
  readonly allowedHosts?: readonly string[];
  /**
   * Database URL (`sqlite::memory:` default, `sqlite:./pop.db`, `postgres://…`), or one per country
   * (`{ de: 'postgres://…', '*': 'sqlite:./pop.db' }`) to keep each country's data where it belongs.
   */
  readonly db?: string | PopCountryDatabases;
  /** A ready store instead of `db` (the caller keeps ownership: `close()` does not close it). */
  readonly store?: RecordStore;
  /** OAuth clients; default: the well-known {@link DEV_CREDENTIALS} (not allowed in strict mode). */
  readonly credentials?: readonly PopCredentials[];
  /** Fixed bearer tokens accepted without `/oauth2/token`, each bound to an environment. */
  readonly apiTokens?: readonly StaticApiToken[];
  /** Lifetime of issued tokens; default 3600. */
  readonly tokenTtlSeconds?: number;
  /** No well-known credentials: requires `credentials`; admin endpoints need `adminToken`. */
  readonly strict?: boolean;
  /** Bearer token guarding `/_pop/` (required for HTTP admin access in strict mode). */
  readonly adminToken?: string;
  /** The `/countries` list; default {@link DEFAULT_COUNTRIES}. */
  readonly countries?: readonly PopCountry[];
  /** How often expired records are swept; default 60 000 ms. */
  readonly sweepIntervalMs?: number;
  /** How many requests `/_pop/requests` remembers; default 1000. */
  readonly requestLogSize?: number;
  /** fastify request logging; default off. */
  readonly logger?: boolean;
  /**
   * 32-byte key (or its base64) for SSE at rest. When absent, each database keeps a key drawn on first use
   * (in `pop_settings`), so SSE records stay readable after a restart.
   */
  readonly sseKey?: Uint8Array | string;
  /** Largest attachment accepted; default 100 MiB (docs/protocol.md#attachments). */
  readonly maxAttachmentBytes?: number;
  /** Largest JSON body accepted; default 10 MiB. */
  readonly maxJsonBytes?: number;
  /**
   * Largest sum of `body` and `precommit_body` bytes one find page answers with; default 32 MiB. A page
   * past it is refused with a 400 telling the client to ask for fewer records (`options.limit`).
   */
  readonly maxFindBytes?: number;
  /**
   * Time allowed to receive a whole request, head and body; default 120 000 ms (a 100 MiB attachment
   * needs under a second on a local link). A request still arriving after it gets a 408.
   */
  readonly requestTimeoutMs?: number;
  /**
   * Serve the inspector, a web page at `/_pop/ui` showing the scopes, stored records, request log and
   * faults; default true. The admin token guards its data like every `/_pop/` route.
   */
  readonly inspector?: boolean;
}

/** Default of {@link LocalPopOptions.maxFindBytes}: half the client's default response limit. */
export const DEFAULT_MAX_FIND_BYTES = 32 * 1024 * 1024;

/** What a client needs to talk to the PoP: spread it into `createStorage`. */
export interface LocalPopStorageOptions {
  /** The environment of the first credentials (`local-dev` by default). */
  readonly environmentId: string;
  /** Its OAuth client id. */
  readonly clientId: string;
  /** Its OAuth client secret. */
  readonly clientSecret: string;
  /** The PoP's base URL, used for every country. */
  readonly endpoint: string;
  /** Where the client finds the countries list and the token endpoint. */
  readonly options: {
    /** `<url>/countries`. */
    readonly countriesEndpoint: string;
    /** `{ default: '<url>/oauth2/token' }`. */
    readonly authEndpoints: {
      /** The token endpoint for every region. */
      readonly default: string;
    };
    /**
     * The test preset: retries back off from 10 ms instead of 1 s, so a test that injects a 429 or a 503
     * costs milliseconds (the maximum, which also caps a server's `Retry-After`, stays at its default).
     */
    readonly httpOptions: { readonly retryBaseDelay: number };
  };
}

/** The retry back-off a local PoP's clients start from, in seconds (see {@link LocalPopStorageOptions}). */
const TEST_RETRY_BASE_DELAY = 0.01;

/** The admin functions of `/_pop/`, callable in-process. */
export interface LocalPopAdmin {
  /** Adds a fault rule; throws StorageConfigValidationError when the rule is invalid. */
  addFault(rule: FaultRule): ActiveFault;
  /** The fault rules in force. */
  faults(): ActiveFault[];
  /** Removes every fault rule. */
  clearFaults(): void;
  /** The last `limit` requests (all remembered ones by default), oldest first. */
  requests(limit?: number): RequestLogEntry[];
  /** Empties the request log. */
  clearRequests(): void;
  /**
   * Wipes all records and attachments, or only those of one environment and country; issued tokens stay
   * valid.
   */
  reset(scope?: { readonly environmentId: string; readonly country: string }): Promise<void>;
  /** Issues a bearer token as `/oauth2/token` would (default: the first credentials' environment). */
  issueToken(environmentId?: string): string;
}

/** A running local PoP. */
export interface LocalPop {
  /** Base URL, e.g. `http://127.0.0.1:54321`. */
  readonly url: string;
  /** Endpoint, OAuth endpoint, countries endpoint and credentials, ready for `createStorage`. */
  readonly storageOptions: LocalPopStorageOptions;
  /** The inspector page (`<url>/_pop/ui`), or undefined when started with `inspector: false`. */
  readonly inspectorUrl: string | undefined;
  /** The `/_pop/` admin functions, in-process. */
  readonly admin: LocalPopAdmin;
  /** Stops listening, stops the sweeper and closes the store it opened. */
  close(): Promise<void>;
}

const optionsSchema = z.strictObject({
  port: z.number().int().min(0).max(65_535, 'port must be 0..65535').optional(),
  host: z.string().min(1).optional(),
  allowedHosts: z
    .array(
      z
        .string()
        .refine(
          (entry) => parseAuthority(entry) !== undefined,
          'allowedHosts entries are host names or IPs with an optional port, e.g. pop.test or localhost:18080',
        ),
    )
    .optional(),
  db: z.union([z.string().min(1), z.record(z.string(), z.string().min(1))]).optional(),
  store: z
    .custom<RecordStore>(
      (v) => typeof v === 'object' && v !== null && 'write' in v,
      'store must be a RecordStore',
    )
    .optional(),
  credentials: z
    .array(
      z.strictObject({
        environmentId: z.string().min(1, 'environmentId must be non-empty'),
        clientId: z.string().min(1, 'clientId must be non-empty'),
        clientSecret: z.string().min(1, 'clientSecret must be non-empty'),
      }),
    )
    .min(1, 'give at least one set of credentials, or leave credentials out for the dev defaults')
    .optional(),
  apiTokens: z
    .array(
      z.strictObject({
        token: z.string().min(16, 'API tokens need at least 16 characters'),
        environmentId: z.string().min(1),
      }),
    )
    .optional(),
  tokenTtlSeconds: z.number().int().min(1, 'tokenTtlSeconds must be >= 1').optional(),
  strict: z.boolean().optional(),
  adminToken: z.string().min(16, 'adminToken needs at least 16 characters').optional(),
  countries: z.array(countrySchema()).optional(),
  sweepIntervalMs: z.number().int().min(1, 'sweepIntervalMs must be >= 1').optional(),
  requestLogSize: z.number().int().min(0).optional(),
  logger: z.boolean().optional(),
  sseKey: z
    .union([z.instanceof(Uint8Array), z.base64('sseKey must be base64 of 32 bytes')])
    .transform((k) => (typeof k === 'string' ? Buffer.from(k, 'base64') : k))
    .refine((k) => k.length === 32, 'sseKey must be exactly 32 bytes')
    .optional(),
  maxAttachmentBytes: z.number().int().min(1).optional(),
  maxJsonBytes: z.number().int().min(1024, 'maxJsonBytes must be >= 1024').optional(),
  maxFindBytes: z.number().int().min(1024, 'maxFindBytes must be >= 1024').optional(),
  requestTimeoutMs: z.number().int().min(100, 'requestTimeoutMs must be >= 100').optional(),
  inspector: z.boolean().optional(),
});

const DEFAULT_DB = 'sqlite::memory:';

/**
 * Starts a local PoP. With no options: SQLite in memory, a free port on 127.0.0.1, and well-known dev
 * credentials, all returned in `storageOptions`.
 *
 * @featured
 * @example
 * const pop = await startLocalPop();
 * const storage = await createStorage({ ...pop.storageOptions, secretKeyAccessor });
 * pop.admin.addFault({ route: 'write', status: 429, retryAfter: 1, times: 1 });
 * await pop.close();
 */
export async function startLocalPop(options: LocalPopOptions = {}): Promise<LocalPop> {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    throw new StorageConfigValidationError(`invalid local PoP options: ${formatIssues(issues)}`, { issues });
  }
  const opts = parsed.data;
  if (opts.store !== undefined && opts.db !== undefined)
    throw new StorageConfigValidationError('give either db or store, not both');
  if (opts.strict === true && opts.credentials === undefined)
    throw new StorageConfigValidationError(
      'strict mode needs explicit credentials: pass credentials: [{ environmentId, clientId, clientSecret }]',
    );
  if (opts.strict === true && opts.credentials?.some((c) => c.clientSecret === DEV_CREDENTIALS.clientSecret))
    throw new StorageConfigValidationError('strict mode refuses the well-known development client secret');

  const credentials = opts.credentials ?? [DEV_CREDENTIALS];
  const primary = credentials[0]!;
  const ownsStore = opts.store === undefined;
  const store = opts.store ?? openStore(opts.db ?? DEFAULT_DB);
  let app: FastifyInstance | undefined;
  try {
    await store.init();
    const tokens = new TokenRegistry(opts.tokenTtlSeconds ?? 3600, opts.apiTokens ?? []);
    const bindHost = opts.host ?? '127.0.0.1';
    const hosts = new HostAllowList(opts.allowedHosts ?? [], bindHost);
    const ctx: PopContext = {
      store,
      credentials: new CredentialsRegistry(credentials),
      tokens,
      sse: new SseCipher(opts.sseKey ?? ((scope) => store.sseKey(scope, randomBytes(32)))),
      faults: new FaultInjector(),
      requestLog: new RequestLog(opts.requestLogSize ?? 1000),
      countries: opts.countries ?? DEFAULT_COUNTRIES,
      hosts,
      admin:
        opts.adminToken !== undefined
          ? { mode: 'token', token: opts.adminToken }
          : opts.strict === true
            ? { mode: 'closed' }
            : { mode: 'open' },
      maxAttachmentBytes: opts.maxAttachmentBytes ?? 104_857_600,
      maxJsonBytes: opts.maxJsonBytes ?? 10 * 1024 * 1024,
      maxFindBytes: opts.maxFindBytes ?? DEFAULT_MAX_FIND_BYTES,
      requestTimeoutMs: opts.requestTimeoutMs ?? 120_000,
      logger: opts.logger ?? false,
      about: {
        version: POP_VERSION,
        startedAt: Date.now(),
        strict: opts.strict === true,
        inspector: opts.inspector !== false,
        databases: databaseLabels(ownsStore ? (opts.db ?? DEFAULT_DB) : undefined),
        requestLogSize: opts.requestLogSize ?? 1000,
      },
    };
    app = await createPopApp(ctx);
    await app.listen({ port: opts.port ?? 0, host: bindHost });
    const address = app.server.address() as AddressInfo;
    hosts.listenOn(address.port);
    // A wildcard bind names no address a client (or the Host check) would use: hand out loopback instead.
    const reachable =
      address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '::1' : address.address;
    const host = address.family === 'IPv6' ? `[${reachable}]` : reachable;
    const url = `http://${host}:${address.port}`;

    const sweeper = setInterval(() => {
      store
        .sweepExpired(new Date())
        .catch((error: unknown) => app?.log.error({ err: error }, 'TTL sweep failed'));
    }, opts.sweepIntervalMs ?? 60_000);
    sweeper.unref();

    const running = app;
    let closing: Promise<void> | undefined;
    return {
      url,
      storageOptions: {
        environmentId: primary.environmentId,
        clientId: primary.clientId,
        clientSecret: primary.clientSecret,
        endpoint: url,
        options: {
          countriesEndpoint: `${url}/countries`,
          authEndpoints: { default: `${url}/oauth2/token` },
          httpOptions: { retryBaseDelay: TEST_RETRY_BASE_DELAY },
        },
      },
      inspectorUrl: ctx.about.inspector ? `${url}${INSPECTOR_PAGE}` : undefined,
      admin: createAdmin(ctx, primary.environmentId),
      close() {
        closing ??= (async () => {
          clearInterval(sweeper);
          try {
            await running.close();
          } finally {
            if (ownsStore) await store.close();
          }
        })();
        return closing;
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    if (ownsStore) await store.close().catch(() => undefined);
    throw error;
  }
}

function createAdmin(ctx: PopContext, defaultEnvironment: string): LocalPopAdmin {
  return {
    addFault(rule) {
      try {
        return ctx.faults.add(rule);
      } catch (error) {
        if (!(error instanceof z.ZodError)) throw error;
        const issues = zodIssues(error);
        throw new StorageConfigValidationError(`invalid fault rule: ${formatIssues(issues)}`, { issues });
      }
    },
    faults: () => ctx.faults.list(),
    clearFaults: () => ctx.faults.clear(),
    requests: (limit) => ctx.requestLog.list(limit),
    clearRequests: () => ctx.requestLog.clear(),
    reset: async (scope) => {
      if (scope === undefined) return ctx.store.reset();
      await ctx.store.resetScope({
        environmentId: scope.environmentId,
        country: scope.country.toLowerCase(),
      });
    },
    issueToken: (environmentId = defaultEnvironment) => ctx.tokens.issue(environmentId).accessToken,
  };
}

function openStore(db: string | PopCountryDatabases): RecordStore {
  return typeof db === 'string' ? createStoreFromUrl(db) : createCountryRouter(db);
}
