/**
 * Pipelined requests (RFC 9112 §9.3.2): a write, a read, a delete and a read sent on one connection in
 * one packet are answered in order and take effect in order, on SQLite and PostgreSQL. They used to run
 * concurrently: the read and the delete ran before the write had committed (201, 404, 404, 404) and the
 * record survived its delete.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { popDatabases, startPopOn } from './support/pop-databases.js';
import type { TestPop } from './support/test-pop.js';

const US = '/v2/storage/records/us';

/** Writes every request in one `write` and resolves with the statuses of the answers, in order. */
function pipeline(t: TestPop, requests: readonly string[]): Promise<number[]> {
  const url = new URL(t.url);
  return new Promise((resolve, reject) => {
    let answer = '';
    const statuses = () => [...answer.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
    const socket = connect({ host: url.hostname, port: Number(url.port) }, () =>
      socket.write(requests.join('')),
    );
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      if (statuses().length === requests.length) socket.end();
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(statuses()));
  });
}

describe.each(popDatabases())('%s', (_name, database) => {
  let t: TestPop;
  beforeAll(async () => {
    t = await startPopOn(database);
  });
  afterAll(() => t.close());

  function request(method: string, path: string, body?: unknown): string {
    const json = body === undefined ? undefined : JSON.stringify(body);
    const head = [
      `${method} ${path} HTTP/1.1`,
      `Host: ${new URL(t.url).host}`,
      `Authorization: Bearer ${t.token}`,
      `x-env-id: ${t.env}`,
      ...(json === undefined
        ? []
        : ['Content-Type: application/json', `Content-Length: ${Buffer.byteLength(json)}`]),
    ];
    return `${head.join('\r\n')}\r\n\r\n${json ?? ''}`;
  }

  it('write, read, delete, read in one packet: 201, 200, 200, 404, and the record is gone', async () => {
    const statuses = await pipeline(t, [
      request('POST', US, { record_key: 'piped', body: 'b' }),
      request('GET', `${US}/piped`),
      request('DELETE', `${US}/piped`),
      request('GET', `${US}/piped`),
    ]);
    expect(statuses).toEqual([201, 200, 200, 404]);
    expect((await t.call('GET', `${US}/piped`)).status).toBe(404);
  });

  it('ten writes of one key in one packet take effect in the order sent', async () => {
    const writes = Array.from({ length: 10 }, (_, i) =>
      request('POST', US, { record_key: 'order', body: `v${i}` }),
    );
    expect(await pipeline(t, [...writes, request('GET', `${US}/order`)])).toEqual([
      ...Array<number>(10).fill(201),
      200,
    ]);
    expect((await t.call('GET', `${US}/order`)).json.body).toBe('v9');
  });
});
