/**
 * OAuth client credentials the PoP's `/oauth2/token` accepts, and the well-known development set used when
 * none are configured.
 */
import { sameSecret } from './same-secret.js';

/** One OAuth client allowed to obtain tokens for one environment. */
export interface PopCredentials {
  /** The environment tokens are issued for (the OAuth `scope`, the `x-env-id`). */
  readonly environmentId: string;
  /** OAuth client id. */
  readonly clientId: string;
  /** OAuth client secret. */
  readonly clientSecret: string;
}

/** Well-known development credentials (non-strict mode only), printed by `incountry pop`. */
export const DEV_CREDENTIALS: PopCredentials = {
  environmentId: 'local-dev',
  clientId: 'local-client',
  clientSecret: 'local-secret',
};

/** Checks client id/secret pairs in constant time per candidate. */
export class CredentialsRegistry {
  readonly #credentials: readonly PopCredentials[];

  constructor(credentials: readonly PopCredentials[]) {
    this.#credentials = credentials;
  }

  /** The environments this client may obtain tokens for; empty when the id or secret is wrong. */
  environmentsFor(clientId: string, clientSecret: string): string[] {
    return this.#credentials
      .filter((c) => {
        // Both comparisons always run, so timing does not tell a known client id from an unknown one.
        const idMatches = sameSecret(c.clientId, clientId);
        const secretMatches = sameSecret(c.clientSecret, clientSecret);
        return idMatches && secretMatches;
      })
      .map((c) => c.environmentId);
  }
}

/** A client id and secret as read from a Basic header. */
export interface BasicCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * Decodes an `Authorization: Basic base64(id:secret)` header into the candidate pairs to try: as sent (what
 * the SDKs do), then form-decoded (what RFC 6749 §2.3.1 asks for), so a secret holding `+` or `%` works
 * either way.
 */
export function parseBasicAuth(header: string | undefined): BasicCredentials[] {
  if (header === undefined) return [];
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!match) return [];
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return [];
  const raw = { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
  const form = { clientId: formDecode(raw.clientId), clientSecret: formDecode(raw.clientSecret) };
  return form.clientId === raw.clientId && form.clientSecret === raw.clientSecret ? [raw] : [raw, form];
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}
