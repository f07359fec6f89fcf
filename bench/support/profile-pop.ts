/**
 * CPU profile of the PoP alone: a steady loop of raw batchWrite(100) or find(100) requests (pre-encrypted
 * bodies posted as bytes over one keep-alive socket, as floor.bench.ts's PoP cases do) against the
 * in-process local PoP on SQLite in memory. Warms up untimed, then records `rounds` requests and writes a
 * .cpuprofile; summarise it with bench/support/top-self.ts. Not a bench: nothing is timed.
 *
 *   npx tsx bench/support/profile-pop.ts find 2000 /tmp/pop-find.cpuprofile
 */
import { Agent, request } from 'node:http';
import { createRecordCodec } from '../../src/crypto/record-codec.js';
import { createStorage, SecretKeyAccessor, type Storage } from '../../src/index.js';
import { startLocalPop } from '../../src/server/index.js';
import { profileRounds } from './cpu-profile.js';
import { makeRecords } from './crypto-floor.js';

const [operation = 'find', rounds = '2000', out = `pop-${operation}.cpuprofile`] = process.argv.slice(2);
const WARMUP = 50;
const pop = await startLocalPop();
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
try {
  const accessor = new SecretKeyAccessor(() => 'benchmark password');
  const storage = (await createStorage({ ...pop.storageOptions, secretKeyAccessor: accessor })) as Storage;
  await storage.batchWrite('de', makeRecords(100, 'find-set'));
  const codec = await createRecordCodec({
    mode: 'LOCAL',
    environmentId: pop.storageOptions.environmentId,
    secretKeyAccessor: accessor,
  });
  const body = Buffer.from(
    JSON.stringify(
      operation === 'find'
        ? { filter: codec.encodeFilter({ key3: 'find-set' }), options: { limit: 100, offset: 0 } }
        : { records: await Promise.all(makeRecords(100, 'batch-set').map((r) => codec.encode(r))) },
    ),
  );
  const url = new URL(pop.url);
  const path = `/v2/storage/records/${operation === 'find' ? 'de/find' : 'us/batchWrite'}`;
  const headers = {
    authorization: `Bearer ${pop.admin.issueToken()}`,
    'x-env-id': pop.storageOptions.environmentId,
    'content-type': 'application/json',
    'content-length': String(body.length),
  };
  const once = () =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        { agent, host: url.hostname, port: url.port, method: 'POST', path, headers },
        (res) => {
          res.on('data', () => {});
          res.on('end', () => (res.statusCode! < 300 ? resolve() : reject(new Error(`${res.statusCode}`))));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  await profileRounds(once, { warmup: WARMUP, rounds: Number(rounds), out });
} finally {
  agent.destroy();
  await pop.close();
}
