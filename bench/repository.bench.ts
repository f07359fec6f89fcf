/**
 * What the repository layer costs on top of the Storage client, end to end against the local PoP: saveMany
 * of 100 entities vs batchWrite of the same 100 records, and a find of 100 entities vs a raw find of the
 * same records, measured round-robin. The repository adds zod parsing and mapping per entity; the target
 * is to stay within 1.3x of the raw calls.
 * Run: `npm run bench -- repository` (or `npx tsx bench/repository.bench.ts`). Writes bench/results/repository.json.
 */
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { createStorage, defineRepository, type RecordInput, SecretKeyAccessor } from '../src/index.js';
import { startLocalPop } from '../src/server/index.js';
import { measureInterleaved, ms, printTable, writeResults } from './support/measure.js';

const User = z.object({
  id: z.string(),
  email: z.email(),
  team: z.string(),
  age: z.number().int(),
  name: z.string(),
  joinedAt: z.date(),
  profile: z.object({ bio: z.string(), tags: z.array(z.string()) }),
});
type User = z.infer<typeof User>;

function users(prefix: string, count: number): User[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${i}`,
    email: `user-${i}@example.com`,
    team: prefix,
    age: 20 + (i % 50),
    name: `User ${i}`,
    joinedAt: new Date(Date.UTC(2024, 0, 1 + (i % 28))),
    profile: { bio: 'x'.repeat(800), tags: ['a', 'b', 'c'] },
  }));
}

/** The same data as raw records (what the repository writes, JSON body included). */
function records(entities: readonly User[]): RecordInput[] {
  return entities.map(({ id, email, team, age, ...rest }) => ({
    record_key: id,
    key1: email,
    key2: team,
    range_key1: age,
    body: JSON.stringify(rest),
  }));
}

export async function run(): Promise<void> {
  const pop = await startLocalPop();
  try {
    const storage = await createStorage({
      ...pop.storageOptions,
      secretKeyAccessor: new SecretKeyAccessor(() => 'benchmark password'),
    });
    const repository = defineRepository(storage, {
      model: User,
      fields: { id: 'record_key', email: 'key1', team: 'key2', age: 'range_key1' },
    });
    const entities = users('bench', 100);
    const raw = records(users('raw', 100));
    await repository.in('de').saveMany(entities);
    await storage.batchWrite('de', raw);

    const m = await measureInterleaved(
      {
        'saveMany 100 (repository)': () => repository.in('us').saveMany(entities),
        'batchWrite 100 (storage)': () => storage.batchWrite('us', raw),
        'find 100 (repository)': async () => {
          const page = await repository.in('de').where('team').eq('bench').find();
          if (page.data.length !== 100) throw new Error(`expected 100 entities, got ${page.data.length}`);
        },
        'find 100 (storage)': async () => {
          const page = await storage.find('de', { key2: 'raw' }, { limit: 100 });
          if (page.data.length !== 100) throw new Error(`expected 100 records, got ${page.data.length}`);
        },
      },
      { iterations: 40, warmup: 5 },
    );
    const ratios = {
      save: m['saveMany 100 (repository)'].medianMs / m['batchWrite 100 (storage)'].medianMs,
      find: m['find 100 (repository)'].medianMs / m['find 100 (storage)'].medianMs,
    };
    printTable(
      Object.values(m).map((x) => ({ case: x.name, 'median ms': ms(x.medianMs), 'min ms': ms(x.minMs) })),
    );
    const worst = Math.max(ratios.save, ratios.find);
    console.log(
      `\nrepository/storage: save ${ratios.save.toFixed(2)}, find ${ratios.find.toFixed(2)} (target < 1.3) — ${worst < 1.3 ? 'met' : 'MISSED'}`,
    );
    console.log(`wrote ${writeResults('repository', { measurements: m, ratios, target: 1.3 })}`);
  } finally {
    await pop.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
