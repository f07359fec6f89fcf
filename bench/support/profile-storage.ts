/**
 * CPU profile of a steady loop of batchWrite(100) or find(100) (client + in-process PoP, SQLite in
 * memory): warms up untimed, then records `rounds` operations with the V8 profiler and writes a
 * .cpuprofile (start-up and warm-up excluded). Summarise it with bench/support/top-self.ts. Not a bench:
 * nothing is timed.
 *
 *   npx tsx bench/support/profile-storage.ts batchWrite 300 /tmp/batchWrite.cpuprofile
 *   npx tsx bench/support/top-self.ts /tmp/batchWrite.cpuprofile
 */
import { createStorage, SecretKeyAccessor, type Storage } from '../../src/index.js';
import { startLocalPop } from '../../src/server/index.js';
import { profileRounds } from './cpu-profile.js';
import { makeRecords } from './crypto-floor.js';

const [operation = 'batchWrite', rounds = '300', out = `${operation}.cpuprofile`] = process.argv.slice(2);
const WARMUP = 30;
const pop = await startLocalPop();
try {
  const storage = (await createStorage({
    ...pop.storageOptions,
    secretKeyAccessor: new SecretKeyAccessor(() => 'benchmark password'),
  })) as Storage;
  const records = makeRecords(100, 'find-set');
  await storage.batchWrite('de', records);
  const once = async () => {
    if (operation === 'find') {
      const found = await storage.find('de', { key3: 'find-set' }, { limit: 100 });
      if (found.data.length !== 100) throw new Error('expected 100 records');
    } else {
      await storage.batchWrite('us', records);
    }
  };
  await profileRounds(once, { warmup: WARMUP, rounds: Number(rounds), out });
} finally {
  await pop.close();
}
