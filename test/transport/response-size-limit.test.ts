/**
 * Response bodies are read within `httpOptions.maxResponseBytes`, counted while streaming and after
 * decompression: an endless body, a gzip bomb and a 300 MB answer are refused with a StorageServerError
 * naming the limit, and memory stays bounded. The servers are hostile ones a real PoP cannot imitate
 * (test/support/hostile-servers.ts); the token still comes from the local PoP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EncryptionType, StorageServerError } from '../../src/index.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../src/transport/transport-settings.js';
import { storageFor } from '../storage/support/storages.js';
import { useLocalPop } from '../storage/support/test-pop.js';
import {
  endlessBodyServer,
  gzipBombServer,
  type HostileServer,
  hugeBodyServer,
} from '../support/hostile-servers.js';

const ctx = useLocalPop();
const MiB = 1024 * 1024;
let hostile: HostileServer | undefined;
afterEach(async () => {
  await hostile?.close();
  hostile = undefined;
});

function limitError(limit: number) {
  return (e: unknown) =>
    e instanceof StorageServerError &&
    e.statusCode === 200 &&
    e.message.includes(`httpOptions.maxResponseBytes (${limit} bytes`);
}

describe('maxResponseBytes', () => {
  it('an endless body is cut off at the limit (endless-body server)', async () => {
    hostile = await endlessBodyServer();
    const storage = await storageFor(
      ctx.pop,
      EncryptionType.SSE,
      { endpoint: hostile.url },
      { httpOptions: { maxResponseBytes: MiB } },
    );
    await expect(storage.read('us', 'k')).rejects.toSatisfy(limitError(MiB));
    // Refused, not retried: the same answer would come again.
    expect(hostile.sentBytes()).toBeLessThan(64 * MiB);
  });

  it('a gzip bomb is counted after decompression (gzip-bomb server)', async () => {
    const bomb = await gzipBombServer(32 * MiB);
    hostile = bomb;
    expect(bomb.gzipBytes).toBeLessThan(MiB); // the wire size alone would pass
    const storage = await storageFor(
      ctx.pop,
      EncryptionType.SSE,
      { endpoint: bomb.url },
      { httpOptions: { maxResponseBytes: MiB } },
    );
    await expect(storage.find('us', {})).rejects.toSatisfy(limitError(MiB));
  });

  it('the default is 64 MiB, and refusing a 300 MB answer keeps RSS growth under 160 MB (huge-body server)', async () => {
    hostile = await hugeBodyServer(300 * 1000 * 1000);
    const storage = await storageFor(ctx.pop, EncryptionType.SSE, { endpoint: hostile.url });
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    try {
      await expect(storage.read('us', 'k')).rejects.toSatisfy(limitError(DEFAULT_MAX_RESPONSE_BYTES));
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    expect((peak - before) / MiB).toBeLessThan(160);
  });

  it('is validated: at least 1024 bytes', async () => {
    await expect(
      storageFor(ctx.pop, EncryptionType.SSE, {}, { httpOptions: { maxResponseBytes: 10 } }),
    ).rejects.toThrow(/maxResponseBytes must be at least 1024/);
  });
});
