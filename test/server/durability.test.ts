import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnPop } from './support/pop-process.js';
import { fetchToken } from './support/test-pop.js';

describe('durability of acknowledged writes', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pop-durability-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every record that got a 201 when the PoP is killed with SIGKILL mid-stream', async () => {
    const db = `sqlite:${join(dir, 'pop.db')}`;
    const first = await spawnPop(['pop', '--port', '0', '--db', db]);
    const token = await fetchToken(first.url, first.clientId, first.clientSecret!, first.env);
    const acked: string[] = [];
    let killed = false;

    // Four writers stream records; once 200 are acknowledged the process dies with requests in flight.
    const writer = async (id: number) => {
      for (let i = 0; !killed; i++) {
        const key = `w${id}-${i}`;
        try {
          const response = await fetch(`${first.url}/v2/storage/records/us`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${token}`,
              'x-env-id': first.env,
              'content-type': 'application/json',
            },
            body: JSON.stringify({ record_key: key, body: `payload ${key}`, range_key1: i }),
          });
          if (response.status === 201) acked.push(key);
          await response.arrayBuffer();
        } catch {
          return;
        }
        if (acked.length >= 200 && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all([0, 1, 2, 3].map(writer));
    expect(await first.exited).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThanOrEqual(200);

    const second = await spawnPop(['pop', '--port', '0', '--db', db]);
    try {
      const token2 = await fetchToken(second.url, second.clientId, second.clientSecret!, second.env);
      const headers = { authorization: `Bearer ${token2}`, 'x-env-id': second.env };
      const missing: string[] = [];
      for (const key of acked) {
        const response = await fetch(`${second.url}/v2/storage/records/us/${key}`, { headers });
        const body = (await response.json()) as { body?: string };
        if (response.status !== 200 || body.body !== `payload ${key}`) missing.push(key);
      }
      expect(missing).toEqual([]);
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
  });
});
