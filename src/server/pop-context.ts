/**
 * Everything the routes and hooks of one PoP share: the store and the in-memory state around it.
 */
import type { CredentialsRegistry } from './client-credentials.js';
import type { PopCountry } from './default-countries.js';
import type { FaultInjector } from './fault-injector.js';
import type { HostAllowList } from './host-guard.js';
import type { PopAbout } from './pop-about.js';
import type { PopRouteConfig } from './pop-route.js';
import type { RequestLog } from './request-log.js';
import type { SseCipher } from './sse-cipher.js';
import type { RecordStore } from './store/record-store.js';
import type { TokenRegistry } from './token-registry.js';

/** Shared state of one running PoP. */
export interface PopContext {
  readonly store: RecordStore;
  readonly credentials: CredentialsRegistry;
  readonly tokens: TokenRegistry;
  readonly sse: SseCipher;
  readonly faults: FaultInjector;
  readonly requestLog: RequestLog;
  readonly countries: readonly PopCountry[];
  /** Admin endpoints: `open` (dev), guarded by a token, or `closed` (strict mode without a token). */
  readonly admin:
    | { readonly mode: 'open' }
    | { readonly mode: 'token'; readonly token: string }
    | { readonly mode: 'closed' };
  /** The `Host` / `Origin` names requests must carry (DNS rebinding and cross-site guard). */
  readonly hosts: HostAllowList;
  readonly maxAttachmentBytes: number;
  readonly maxJsonBytes: number;
  /** Time allowed to receive a whole request (head and body). */
  readonly requestTimeoutMs: number;
  /** Budget of body bytes one find page may answer with. */
  readonly maxFindBytes: number;
  readonly logger: boolean;
  /** Version, mode and databases, for `/_pop/info` and the inspector. */
  readonly about: PopAbout;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The environment of the verified bearer token (set by the auth hook on storage routes). */
    popEnvironmentId: string;
    /** Delay added by matching `/_pop/faults` rules, in ms (0 when none). */
    popInjectedLatencyMs?: number;
    /** A `/_pop/faults` rule fired for this request (logged as `fault`). */
    popFaulted?: boolean;
  }
  interface FastifyContextConfig extends PopRouteConfig {}
}
