/**
 * What goes on the wire in headers (docs/protocol.md#request-headers, docs/protocol.md#oauth-token), seen by a recording proxy in front of the real
 * local PoP.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { EncryptionType, InputValidationError } from '../../src/index.js';
import { type RecordingProxy, startRecordingProxy } from './support/recording-proxy.js';
import { storageFor } from './support/storages.js';
import { useLocalPop } from './support/test-pop.js';

const ctx = useLocalPop();
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
let proxy: RecordingProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

async function proxiedStorage(mode: EncryptionType) {
  proxy = await startRecordingProxy(ctx.pop.url);
  const storage = await storageFor(
    ctx.pop,
    mode,
    { endpoint: proxy.url },
    { authEndpoints: { default: `${proxy.url}/oauth2/token` } },
  );
  return { storage, seen: proxy.seen };
}

describe('request headers', () => {
  it('storage calls carry the bearer token, x-env-id, the SDK user agent, JSON content type and the caller’s headers', async () => {
    const { storage, seen } = await proxiedStorage(EncryptionType.LOCAL);
    await storage.write('us', { record_key: 'k' }, { httpHeaders: { 'Request-Id': 'req-123' } });
    const write = seen.find((r) => r.path === '/v2/storage/records/us');
    expect(write?.headers).toMatchObject({
      authorization: expect.stringMatching(/^Bearer \S+$/),
      'x-env-id': ctx.pop.storageOptions.environmentId,
      'user-agent': `SDK-TypeScript/${version}`,
      'content-type': 'application/json',
      'request-id': 'req-123',
    });
    expect(write?.headers['x-encrypted-storage']).toBeUndefined();
  });

  it('the token request is a client-credentials form with Basic auth and the audience', async () => {
    const { storage, seen } = await proxiedStorage(EncryptionType.LOCAL);
    await storage.healthCheck('us');
    const token = seen.find((r) => r.path === '/oauth2/token');
    const basic = Buffer.from(
      `${ctx.pop.storageOptions.clientId}:${ctx.pop.storageOptions.clientSecret}`,
    ).toString('base64');
    expect(token?.headers).toMatchObject({
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(seen.map((r) => r.path)).toEqual(['/oauth2/token', '/healthcheck']);
  });

  it('SSE adds X-Encrypted-Storage: true to every storage request', async () => {
    const { storage, seen } = await proxiedStorage(EncryptionType.SSE);
    await storage.write('us', { record_key: 'k' });
    await storage.read('us', 'k');
    await storage.healthCheck('us');
    const storageRequests = seen.filter((r) => r.path !== '/oauth2/token');
    expect(storageRequests).toHaveLength(3);
    for (const r of storageRequests) expect(r.headers['x-encrypted-storage']).toBe('true');
  });

  it.each(['Authorization', 'x-env-id', 'User-Agent', 'content-type', 'X-Encrypted-Storage'])(
    'refuses to let requestOptions.httpHeaders override %s, before any request',
    async (name) => {
      const { storage, seen } = await proxiedStorage(EncryptionType.LOCAL);
      await expect(storage.read('us', 'k', { httpHeaders: { [name]: 'x' } })).rejects.toSatisfy(
        (e: unknown) =>
          e instanceof InputValidationError &&
          /^read\(\) failed: invalid requestOptions\.httpHeaders/.test((e as Error).message),
      );
      expect(seen).toHaveLength(0);
    },
  );
});
