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
 * Most issued tokens held at once; issuing past it drops the oldest (the first to expire anyway), whose
 * holder gets a 401 and fetches a new token. Bounds memory (about 20 MB) for a PoP hammered by clients
 * that never reuse tokens.
 */
export const MAX_LIVE_TOKENS = 100_000;

/**
 * Issues and verifies bearer tokens. The clock is `Date.now`, so fake timers can expire tokens in tests.
 *
 * Every grant lives for the same TTL, so the map's insertion order is expiry order: pruning looks at the
 * oldest grants only and stops at the first live one, which keeps `issue` O(1) amortised however many
 * tokens are live (a full scan on every issue made it 230x slower at 52k live tokens).
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
    this.#pruneOldest(now);
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

  /** Issued tokens held now (expired ones are dropped as new ones are issued). */
  get size(): number {
    return this.#grants.size;
  }

  #pruneOldest(now: number): void {
    for (const [token, grant] of this.#grants) {
      if (now < grant.expiresAt && this.#grants.size < MAX_LIVE_TOKENS) return;
      this.#grants.delete(token);
    }
  }
}

function grantKey(token: string): string {
  return secretDigest(token).toString('base64');
}
