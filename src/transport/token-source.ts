/**
 * Access tokens (docs/protocol.md#access-tokens). Client-credentials tokens are cached per (auth endpoint, audience),
 * refreshed 60 s before they expire, and fetched single-flight: N requests that find the token expired
 * share one token request. After a 401 the caller passes the token that failed as `staleToken`, which
 * forces a refresh unless another caller has already replaced it.
 */
import { StorageAuthenticationError, StorageNetworkError, zodIssues } from '../errors.js';
import { traceToken } from '../telemetry/step-tracing.js';
import { tokenResponseSchema } from '../wire/index.js';
import { raceAbort } from './abortable-sleep.js';
import { authEndpointFor } from './auth-endpoints.js';
import type { ResolvedEndpoint } from './endpoint-resolver.js';
import {
  abortable,
  parseJsonBody,
  redirectNote,
  responseValidationError,
  summariseErrorBody,
} from './error-mapping.js';
import { exchange } from './http-exchange.js';
import type { TransportSettings } from './transport-settings.js';
import { USER_AGENT } from './user-agent.js';

/** Refresh this long before `expires_in` runs out, so a token never expires in flight. */
export const TOKEN_REFRESH_MARGIN_MS = 60_000;

/** What a token is for and who asks. */
export interface TokenRequest {
  readonly endpoint: ResolvedEndpoint;
  readonly operation: string;
  readonly signal?: AbortSignal | undefined;
  /** The token a 401 rejected: refresh unless the cache already holds a different one. */
  readonly staleToken?: string | undefined;
}

/** Supplies bearer tokens. */
export interface TokenSource {
  token(request: TokenRequest): Promise<string>;
}

/**
 * A fixed token (`oauthToken`): sent as-is; after a 401 the call is retried once with the same token, as
 * the other SDKs do, and then fails with StorageAuthenticationError.
 *
 * @example
 * const tokens = createStaticTokenSource(process.env.INC_TOKEN!);
 */
export function createStaticTokenSource(token: string): TokenSource {
  return { token: () => Promise.resolve(token) };
}

/** Inputs of {@link createClientCredentialsTokenSource}. */
export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly environmentId: string;
  readonly authEndpoints?: Readonly<Record<string, string>> | undefined;
}

interface CachedToken {
  readonly token: string;
  readonly refreshAt: number;
}

/**
 * OAuth2 client credentials against the region's auth endpoint.
 *
 * @example
 * declare const settings: Parameters<typeof createClientCredentialsTokenSource>[1];
 * declare const endpoint: TokenRequest['endpoint'];
 * const tokens = createClientCredentialsTokenSource({ clientId: 'id', clientSecret: 'secret', environmentId: 'env' }, settings);
 * const token = await tokens.token({ endpoint, operation: 'read' });
 */
export function createClientCredentialsTokenSource(
  credentials: ClientCredentials,
  settings: TransportSettings,
): TokenSource {
  const cache = new Map<string, CachedToken>();
  const inflight = new Map<string, Promise<CachedToken>>();
  const basic = Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64');

  async function fetchToken(url: string, audience: string, operation: string): Promise<CachedToken> {
    const target = { method: 'POST', displayUrl: url };
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      scope: credentials.environmentId,
      audience,
    }).toString();
    let response: Awaited<ReturnType<typeof exchange>>;
    try {
      response = await exchange(
        {
          operation,
          method: 'POST',
          url,
          displayUrl: url,
          headers: {
            authorization: `Basic ${basic}`,
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
            'user-agent': USER_AGENT,
          },
          body: () => ({ body: form }),
          idempotent: true,
          responseType: 'buffer',
          tokenRequest: true,
        },
        settings,
      );
    } catch (error) {
      if (error instanceof StorageNetworkError) {
        throw new StorageAuthenticationError(error.message.replace('failed:', 'failed: token request:'), {
          cause: error,
          method: 'POST',
          url,
        });
      }
      throw error;
    }
    if (response.statusCode !== 200) {
      const detail = summariseErrorBody(response.body);
      throw new StorageAuthenticationError(
        `${operation}() failed: the token request was refused with ${response.statusCode}${redirectNote(response.statusCode, response.headers, url)}${detail ? ` (${detail})` : ''}; check clientId, clientSecret and authEndpoints [POST ${url}]`,
        { statusCode: response.statusCode, method: 'POST', url },
      );
    }
    const body = parseJsonBody(response.body);
    const parsed = tokenResponseSchema.safeParse(body);
    if (!parsed.success) {
      const invalid = responseValidationError(
        operation,
        zodIssues(parsed.error),
        target,
        response.statusCode,
      );
      throw new StorageAuthenticationError(invalid.message.replace('the server', 'the token endpoint'), {
        cause: invalid,
        issues: invalid.issues,
        statusCode: response.statusCode,
        method: 'POST',
        url,
      });
    }
    const lifetimeMs = parsed.data.expires_in * 1000;
    // Short-lived tokens would otherwise be refreshed on every call; refresh those half-way instead.
    const refreshIn = Math.max(lifetimeMs - TOKEN_REFRESH_MARGIN_MS, lifetimeMs / 2);
    return { token: parsed.data.access_token, refreshAt: settings.now() + refreshIn };
  }

  return {
    async token({ endpoint, operation, signal, staleToken }) {
      const url = authEndpointFor(endpoint.region, credentials.authEndpoints);
      const key = `${url} ${endpoint.audience}`;
      const cached = cache.get(key);
      const usable = cached && settings.now() < cached.refreshAt && cached.token !== staleToken;
      if (usable) return cached.token;
      let pending = inflight.get(key);
      if (!pending) {
        pending = traceToken(staleToken !== undefined, () => fetchToken(url, endpoint.audience, operation))
          .then((fresh) => {
            cache.set(key, fresh);
            return fresh;
          })
          .finally(() => inflight.delete(key));
        inflight.set(key, pending);
      }
      return (await abortable(raceAbort(pending, signal), operation, signal)).token;
    },
  };
}
