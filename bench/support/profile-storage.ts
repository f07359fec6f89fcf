/**
 * A steady loop of batchWrite(100) or find(100) (client + in-process PoP, SQLite in memory) to run under
 * `node --cpu-prof`; summarise the profile with bench/support/top-self.ts. Not a bench: nothing is timed.
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/support/profile-storage.ts batchWrite 300
 *   npx tsx bench/support/top-self.ts /tmp/prof/<file>.cpuprofile
 */
import { createStorage, SecretKeyAccessor, type Storage } from '../../src/index.js';
import { startLocalPop } from '../../src/server/index.js';
import { makeRecords } from './crypto-floor.js';

const [operation = 'batchWrite', rounds = '300'] = process.argv.slice(2);
const pop = await startLocalPop();
try {
  const storage = (await createStorage({
    ...pop.storageOptions,
    secretKeyAccessor: new SecretKeyAccessor(() => 'benchmark password'),
  })) as Storage;
  const records = makeRecords(100, 'find-set');
  await storage.batchWrite('de', records);
  for (let i = 0; i < Number(rounds); i++) {
    if (operation === 'find') {
      const found = await storage.find('de', { key3: 'find-set' }, { limit: 100 });
      if (found.data.length !== 100) throw new Error('expected 100 records');
    } else {
      await storage.batchWrite('us', records);
    }
  }
} finally {
  await pop.close();
}
