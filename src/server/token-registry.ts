/**
 * Bearer tokens the PoP accepts: tokens it issued from `/oauth2/token` (in memory, with an expiry, bound to
 * the environment they were issued for) and static API tokens given in the options.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { secretDigest } from './same-secret.js';

/** A fixed token accepted for one environment (tests, scripts). */
export interface StaticApiToken {
  /** The bearer token (at least 16 characters). */
  readonly token: string;
  /** The environment it is valid for. */
  readonly environmentId: string;
}

/** A freshly issued token. */
export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresIn: number;
}

interface TokenGrant {
  readonly environmentId: string;
  /** Epoch ms; `Infinity` for static tokens. */
  readonly expiresAt: number;
}

/**
 * Issues and verifies bearer tokens. The clock is `Date.now`, so fake timers can expire tokens in tests.
 *
 * Tokens are held only as SHA-256 digests: issued ones are looked up by the digest of what the client sent,
 * so the Map's string comparison only ever sees digests (whose prefixes an attacker cannot steer), and
 * static ones are compared with `timingSafeEqual`, every one of them, so a guess learns nothing from timing.
 */
export class TokenRegistry {
  readonly #ttlSeconds: number;
  readonly #grants = new Map<string, TokenGrant>();
  readonly #static: { readonly digest: Buffer; readonly grant: TokenGrant }[] = [];

  constructor(ttlSeconds: number, staticTokens: readonly StaticApiToken[] = []) {
    this.#ttlSeconds = ttlSeconds;
    for (const t of staticTokens)
      this.#static.push({
        digest: secretDigest(t.token),
        grant: { environmentId: t.environmentId, expiresAt: Number.POSITIVE_INFINITY },
      });
  }

  issue(environmentId: string): IssuedToken {
    const now = Date.now();
    // Keep memory bounded for long-running servers hammered by clients that never reuse tokens.
    if (this.#grants.size >= 10_000) this.#purge(now);
    const accessToken = randomBytes(32).toString('base64url');
    this.#grants.set(grantKey(accessToken), { environmentId, expiresAt: now + this.#ttlSeconds * 1000 });
    return { accessToken, expiresIn: this.#ttlSeconds };
  }

  /** The environment a valid token is bound to, or undefined when unknown or expired. */
  verify(token: string): string | undefined {
    const digest = secretDigest(token);
    const key = digest.toString('base64');
    const grant = this.#staticGrant(digest) ?? this.#grants.get(key);
    if (grant === undefined) return undefined;
    if (Date.now() >= grant.expiresAt) {
      this.#grants.delete(key);
      return undefined;
    }
    return grant.environmentId;
  }

  #staticGrant(digest: Buffer): TokenGrant | undefined {
    let found: TokenGrant | undefined;
    for (const entry of this.#static) if (timingSafeEqual(entry.digest, digest)) found ??= entry.grant;
    return found;
  }

  #purge(now: number): void {
    for (const [token, grant] of this.#grants) if (now >= grant.expiresAt) this.#grants.delete(token);
  }
}

function grantKey(token: string): string {
  return secretDigest(token).toString('base64');
}
