/**
 * The retrying exchange against the real local PoP, with faults injected through its admin API. `sleep`
 * is replaced by a recorder, so back-off schedules are asserted without waiting.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { StorageNetworkError } from '../../src/errors.js';
import { type ExchangeRequest, exchange } from '../../src/transport/http-exchange.js';
import type { TransportSettings } from '../../src/transport/transport-settings.js';
import { useLocalPop } from '../storage/support/test-pop.js';

const ctx = useLocalPop();

function recordingSettings(overrides: Partial<TransportSettings> = {}) {
  const sleeps: number[] = [];
  const settings: TransportSettings = {
    timeoutMs: 2000,
    retryBaseDelay: 1,
    retryMaxDelay: 32,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    now: Date.now,
    ...overrides,
  };
  return { settings, sleeps };
}

function readRequest(overrides: Partial<ExchangeRequest> = {}): ExchangeRequest & { responseType: 'buffer' } {
  const { pop } = ctx;
  const url = `${pop.url}/v2/storage/records/us/missing`;
  return {
    operation: 'read',
    method: 'GET',
    url,
    displayUrl: url,
    headers: {
      authorization: `Bearer ${pop.admin.issueToken()}`,
      'x-env-id': pop.storageOptions.environmentId,
    },
    idempotent: true,
    responseType: 'buffer',
    ...overrides,
  } as ExchangeRequest & { responseType: 'buffer' };
}

describe('exchange: 429', () => {
  it('backs off exponentially (with jitter) and returns the 429 once the next delay would pass retryMaxDelay', async () => {
    ctx.pop.admin.addFault({ route: 'read', status: 429 });
    const { settings, sleeps } = recordingSettings({ retryBaseDelay: 1, retryMaxDelay: 8 });
    const response = await exchange(readRequest(), settings);
    expect(response.statusCode).toBe(429);
    expect(response.retries).toBe(4);
    expect(sleeps).toEqual([1000, 2000, 4000, 8000]);
    expect(ctx.pop.admin.requests().filter((r) => r.route === 'read')).toHaveLength(5);
  });

  it('honours Retry-After in seconds', async () => {
    ctx.pop.admin.addFault({ route: 'read', status: 429, retryAfter: 3, times: 2 });
    const { settings, sleeps } = recordingSettings();
    const response = await exchange(readRequest(), settings);
    expect(response.statusCode).toBe(404);
    expect(sleeps).toEqual([3000, 3000]);
  });

  it('gives up at once when Retry-After exceeds retryMaxDelay', async () => {
    ctx.pop.admin.addFault({ route: 'read', status: 429, retryAfter: 60 });
    const { settings, sleeps } = recordingSettings();
    const response = await exchange(readRequest(), settings);
    expect(response.statusCode).toBe(429);
    expect(sleeps).toEqual([]);
  });

  it('retries non-idempotent requests too: a 429 means the request was not processed', async () => {
    ctx.pop.admin.addFault({ route: 'read', status: 429, times: 1 });
    const { settings, sleeps } = recordingSettings();
    const response = await exchange(readRequest({ idempotent: false }), settings);
    expect(response.statusCode).toBe(404);
    expect(sleeps).toHaveLength(1);
  });
});

describe('exchange: 5xx and connection failures', () => {
  it('retries a 503 on an idempotent request at most twice', async () => {
    ctx.pop.admin.addFault({ route: 'read', status: 503 });
    const { settings, sleeps } = recordingSettings();
    const response = await exchange(readRequest(), settings);
    expect(response.statusCode).toBe(503);
    expect(sleeps).toEqual([1000, 2000]);
  });

  it('recovers when the 503 passes', async () => {
    ctx.pop.admin.addFault({ route: 'read', status: 503, times: 1 });
    const { settings } = recordingSettings();
    expect((await exchange(readRequest(), settings)).statusCode).toBe(404);
  });

  it('does not retry a 5xx for a non-idempotent request', async () => {
    ctx.pop.admin.addFault({ route: 'read', status: 503, times: 1 });
    const { settings, sleeps } = recordingSettings();
    expect((await exchange(readRequest({ idempotent: false }), settings)).statusCode).toBe(503);
    expect(sleeps).toEqual([]);
  });

  it('retries a reset connection, then maps it to StorageNetworkError', async () => {
    ctx.pop.admin.addFault({ route: 'read', reset: true });
    const { settings, sleeps } = recordingSettings();
    await expect(exchange(readRequest(), settings)).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof StorageNetworkError &&
        /^read\(\) failed: could not reach the server/.test((e as Error).message),
    );
    expect(sleeps).toHaveLength(2);
  });

  it('times out (StorageNetworkError naming the timeout) when the server is slow', async () => {
    ctx.pop.admin.addFault({ route: 'read', latencyMs: 500 });
    const { settings } = recordingSettings({ timeoutMs: 50 });
    await expect(exchange(readRequest({ idempotent: false }), settings)).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof StorageNetworkError && /no response within 0\.05 s/.test((e as Error).message),
    );
  });

  it('keeps the timeout of each transport when transports with different timeouts send in turn', async () => {
    // got instances are made once per settings object (fixed options merged once); none may leak into another.
    const quick = recordingSettings({ timeoutMs: 50 }).settings;
    const patient = recordingSettings({ timeoutMs: 2000 }).settings;
    for (let round = 0; round < 2; round++) {
      ctx.pop.admin.addFault({ route: 'read', latencyMs: 200, times: 2 });
      expect((await exchange(readRequest(), patient)).statusCode).toBe(404);
      await expect(exchange(readRequest({ idempotent: false }), quick)).rejects.toSatisfy(
        (e: unknown) =>
          e instanceof StorageNetworkError && /no response within 0\.05 s/.test((e as Error).message),
      );
    }
  });

  it('maps a refused connection to StorageNetworkError', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/v2/storage/records/us/x`;
    const { settings, sleeps } = recordingSettings();
    await expect(exchange(readRequest({ url, displayUrl: url }), settings)).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof StorageNetworkError && /connection refused: ECONNREFUSED/.test((e as Error).message),
    );
    expect(sleeps).toHaveLength(2);
  });
});

describe('exchange: abort', () => {
  it('stops during a back-off wait when the signal aborts', async () => {
    ctx.pop.admin.addFault({ route: 'read', status: 429 });
    const controller = new AbortController();
    const { settings } = recordingSettings({
      sleep: async () => {
        controller.abort();
        throw controller.signal.reason;
      },
    });
    await expect(exchange(readRequest({ signal: controller.signal }), settings)).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof StorageNetworkError && /aborted by requestOptions\.signal/.test((e as Error).message),
    );
  });

  it('never sends when the signal is already aborted', async () => {
    const { settings } = recordingSettings();
    await expect(exchange(readRequest({ signal: AbortSignal.abort() }), settings)).rejects.toBeInstanceOf(
      StorageNetworkError,
    );
    expect(ctx.pop.admin.requests()).toHaveLength(0);
  });
});

describe('exchange: bodies', () => {
  it('builds the body afresh for every attempt, so a stream is never re-sent half consumed', async () => {
    ctx.pop.admin.addFault({ route: 'write', status: 429, times: 2 });
    const { pop } = ctx;
    const url = `${pop.url}/v2/storage/records/us`;
    let built = 0;
    const { settings } = recordingSettings();
    const response = await exchange(
      readRequest({
        operation: 'write',
        method: 'POST',
        url,
        displayUrl: url,
        headers: { ...readRequest().headers, 'content-type': 'application/json' },
        body: () => {
          built++;
          return { body: JSON.stringify({ record_key: 'k', body: 'pt:e30=' }) };
        },
      }),
      settings,
    );
    expect(response.statusCode).toBe(201);
    expect(built).toBe(3);
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
