/**
 * Keeps web pages away from the PoP. A page in the developer's browser can reach 127.0.0.1 in two ways:
 * by sending requests cross-site (CSRF), and by rebinding its own host name to 127.0.0.1 so the browser
 * treats the PoP as same-origin (DNS rebinding). The first is stopped by refusing foreign `Origin`s and by
 * requiring a JSON body on every admin route that changes state (a browser cannot send
 * `Content-Type: application/json` cross-site without a CORS preflight, and the PoP grants none); the
 * second by answering only to the host names the PoP is actually reached by.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PopContext } from './pop-context.js';
import { PopHttpError } from './pop-error.js';

/** Loopback names every PoP answers to: an attacker cannot point these at a page of their own. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'] as const;
/** Bind addresses that mean "every interface": they name no host a client would use. */
const WILDCARD_BINDS = new Set(['0.0.0.0', '[::]', '']);
/** Host names, IPv4 and bracketed IPv6 literals, with an optional port; nothing else (no userinfo, path). */
const AUTHORITY = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::\d{1,5})?$/;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

interface Authority {
  /** Lower-case host name, canonical IP, or bracketed IPv6. */
  readonly hostname: string;
  /** Explicit port, or undefined when the authority has none. */
  readonly port: number | undefined;
}

/**
 * Parses `host[:port]` strictly and canonically (`LOCALHOST` → `localhost`, `[0:0::1]` → `[::1]`);
 * undefined when it is anything else.
 */
export function parseAuthority(value: string): Authority | undefined {
  if (!AUTHORITY.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(`http://${value}`);
  } catch {
    return undefined;
  }
  // URL drops the default port; keep it when it was written, so `host:80` and `host` both mean port 80.
  const written = /:(\d{1,5})$/.exec(value)?.[1];
  const port = written === undefined ? undefined : Number(written);
  if (port !== undefined && port > 65_535) return undefined;
  return { hostname: url.hostname, port };
}

/**
 * The host names the PoP answers to: the loopback names and the address it was bound to, at the port it
 * listens on, plus the names given in `allowedHosts` (at that port, or at the port an entry names, for a
 * PoP reached through a port mapping or a proxy).
 */
export class HostAllowList {
  readonly #names = new Set<string>(LOOPBACK_NAMES);
  readonly #withPort = new Set<string>();
  #port: number | undefined;

  /** `allowedHosts` must already be valid authorities (see {@link parseAuthority}). */
  constructor(allowedHosts: readonly string[], bindHost: string) {
    const bound = parseAuthority(
      bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost,
    );
    if (bound !== undefined && !WILDCARD_BINDS.has(bound.hostname)) this.#names.add(bound.hostname);
    for (const entry of allowedHosts) {
      const parsed = parseAuthority(entry);
      if (parsed === undefined) continue;
      if (parsed.port === undefined) this.#names.add(parsed.hostname);
      else this.#withPort.add(`${parsed.hostname}:${parsed.port}`);
    }
  }

  /** Called once the server listens: only now is the port known (port 0 picks one). */
  listenOn(port: number): void {
    this.#port = port;
  }

  /** Whether a `Host` header names this PoP. */
  allowsHost(value: string | undefined): boolean {
    const authority = value === undefined ? undefined : parseAuthority(value);
    return authority !== undefined && this.#allows(authority.hostname, authority.port ?? 80);
  }

  /** Whether an `Origin` header is this PoP itself (`null` and foreign origins are not). */
  allowsOrigin(value: string): boolean {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return false;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    if (url.username !== '' || url.password !== '' || url.href !== `${url.origin}/`) return false;
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    return this.#allows(url.hostname, port);
  }

  #allows(hostname: string, port: number): boolean {
    if (this.#withPort.has(`${hostname}:${port}`)) return true;
    return this.#port !== undefined && port === this.#port && this.#names.has(hostname);
  }
}

const forbidden = (source: string, detail: string) => new PopHttpError(403, { source, detail });

/**
 * Registers the browser guards: the `Host`/`Origin` check on every request (before faults and
 * authentication, so a refused request learns nothing else), and the JSON-body rule on admin routes that
 * change state. Neither echoes the refused value.
 */
export function registerHostGuard(app: FastifyInstance, ctx: PopContext): void {
  app.addHook('onRequest', async (request) => {
    if (!ctx.hosts.allowsHost(request.headers.host))
      throw forbidden(
        'header.host',
        'this PoP answers only to the address it listens on (localhost, 127.0.0.1 or [::1] and its port); ' +
          'start it with allowedHosts / --allowed-hosts to reach it by another name',
      );
    const origin = request.headers.origin;
    if (origin !== undefined && !ctx.hosts.allowsOrigin(origin))
      throw forbidden(
        'header.origin',
        'requests from other origins are refused: the PoP grants no cross-origin (CORS) access to web pages',
      );
  });

  app.addHook('preValidation', async (request) => {
    if (request.routeOptions.config.admin !== true || SAFE_METHODS.has(request.method)) return;
    requireJsonBody(request);
  });
}

function requireJsonBody(request: FastifyRequest): void {
  const type = request.headers['content-type'];
  if (type === undefined || (type.split(';', 1)[0] ?? '').trim().toLowerCase() !== 'application/json')
    throw new PopHttpError(415, {
      source: 'header.content-type',
      detail:
        'admin requests that change state need Content-Type: application/json and a JSON object body ({} will do)',
    });
  const body = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new PopHttpError(400, {
      source: 'body',
      detail: 'send a JSON object as the body ({} will do)',
    });
}
