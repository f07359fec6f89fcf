/**
 * OAuth client credentials against the local PoP's /oauth2/token: caching per audience, single-flight,
 * early refresh, forced refresh after a 401, and failures that never echo the secret.
 */
import { describe, expect, it } from 'vitest';
import { StorageAuthenticationError, StorageNetworkError } from '../../src/errors.js';
import type { ResolvedEndpoint } from '../../src/transport/endpoint-resolver.js';
import {
  createClientCredentialsTokenSource,
  TOKEN_REFRESH_MARGIN_MS,
} from '../../src/transport/token-source.js';
import type { TransportSettings } from '../../src/transport/transport-settings.js';
import { useLocalPop } from '../storage/support/test-pop.js';

const ctx = useLocalPop({ tokenTtlSeconds: 3600 });

function setup(overrides: { clientSecret?: string } = {}) {
  const { pop } = ctx;
  const clock = { now: 1_000_000 };
  const settings: TransportSettings = {
    timeoutMs: 2000,
    retryBaseDelay: 0.001,
    retryMaxDelay: 0.004,
    random: () => 0.5,
    sleep: async () => {},
    now: () => clock.now,
  };
  const tokens = createClientCredentialsTokenSource(
    {
      clientId: pop.storageOptions.clientId,
      clientSecret: overrides.clientSecret ?? pop.storageOptions.clientSecret,
      environmentId: pop.storageOptions.environmentId,
      authEndpoints: pop.storageOptions.options.authEndpoints,
    },
    settings,
  );
  const endpoint: ResolvedEndpoint = { host: pop.url, audience: pop.url, region: 'default' };
  const tokenRequests = () => pop.admin.requests().filter((r) => r.route === 'token').length;
  return { tokens, endpoint, clock, tokenRequests };
}

describe('client-credentials tokens', () => {
  it('N concurrent callers on a cold cache share one token request', async () => {
    const { tokens, endpoint, tokenRequests } = setup();
    const got = await Promise.all(
      Array.from({ length: 10 }, () => tokens.token({ endpoint, operation: 'read' })),
    );
    expect(new Set(got).size).toBe(1);
    expect(tokenRequests()).toBe(1);
  });

  it('caches per audience', async () => {
    const { tokens, endpoint, tokenRequests } = setup();
    const a = await tokens.token({ endpoint, operation: 'read' });
    const b = await tokens.token({
      endpoint: { ...endpoint, audience: `${endpoint.host} https://de.example` },
      operation: 'read',
    });
    expect(await tokens.token({ endpoint, operation: 'read' })).toBe(a);
    expect(b).not.toBe(a);
    expect(tokenRequests()).toBe(2);
  });

  it('refreshes 60 s before expiry, once for all concurrent callers', async () => {
    const { tokens, endpoint, clock, tokenRequests } = setup();
    const first = await tokens.token({ endpoint, operation: 'read' });
    clock.now += 3600_000 - TOKEN_REFRESH_MARGIN_MS - 1;
    expect(await tokens.token({ endpoint, operation: 'read' })).toBe(first);
    clock.now += 1;
    const refreshed = await Promise.all(
      Array.from({ length: 5 }, () => tokens.token({ endpoint, operation: 'read' })),
    );
    expect(new Set(refreshed).size).toBe(1);
    expect(refreshed[0]).not.toBe(first);
    expect(tokenRequests()).toBe(2);
  });

  it('a stale token forces one refresh; callers holding an already-replaced token get the new one', async () => {
    const { tokens, endpoint, tokenRequests } = setup();
    const stale = await tokens.token({ endpoint, operation: 'read' });
    const fresh = await Promise.all(
      Array.from({ length: 4 }, () => tokens.token({ endpoint, operation: 'read', staleToken: stale })),
    );
    expect(new Set(fresh).size).toBe(1);
    expect(fresh[0]).not.toBe(stale);
    expect(await tokens.token({ endpoint, operation: 'read', staleToken: stale })).toBe(fresh[0]);
    expect(tokenRequests()).toBe(2);
  });

  it('wrong credentials: StorageAuthenticationError that names the method and hides the secret', async () => {
    const secret = 'CANARY-client-secret-8f1d';
    const { tokens, endpoint } = setup({ clientSecret: secret });
    const error = await tokens.token({ endpoint, operation: 'write' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageAuthenticationError);
    const { message, stack } = error as Error;
    expect(message).toMatch(/^write\(\) failed: the token request was refused with 401/);
    for (const text of [message, stack ?? '', JSON.stringify(error)]) expect(text).not.toContain(secret);
  });

  it('a token endpoint answering garbage is an authentication failure with the shape problem', async () => {
    ctx.pop.admin.addFault({ route: 'token', malformed: true });
    const { tokens, endpoint } = setup();
    await expect(tokens.token({ endpoint, operation: 'read' })).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof StorageAuthenticationError &&
        /token endpoint's response does not have the documented shape/.test((e as Error).message),
    );
  });

  it('a failed fetch is not cached: the next call tries again', async () => {
    ctx.pop.admin.addFault({ route: 'token', status: 500, times: 3 });
    const { tokens, endpoint } = setup();
    await expect(tokens.token({ endpoint, operation: 'read' })).rejects.toBeInstanceOf(
      StorageAuthenticationError,
    );
    await expect(tokens.token({ endpoint, operation: 'read' })).resolves.toEqual(expect.any(String));
  });

  it('one caller aborting does not cancel the shared fetch for the others', async () => {
    ctx.pop.admin.addFault({ route: 'token', latencyMs: 50, times: 1 });
    const { tokens, endpoint, tokenRequests } = setup();
    const controller = new AbortController();
    const aborted = tokens.token({ endpoint, operation: 'read', signal: controller.signal });
    const other = tokens.token({ endpoint, operation: 'read' });
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(StorageNetworkError);
    await expect(other).resolves.toEqual(expect.any(String));
    expect(tokenRequests()).toBe(1);
  });
});
