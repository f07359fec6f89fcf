/**
 * The cost of key verification (docs/protocol.md#verified-keys): decoding the 100 records of a find page
 * (1 KB body, record_key + 5 hashed keys each) with `decode` and with `decodeVerified` (the equality filter
 * case: record_key must be one of the 100 asked for), interleaved so machine noise hits both alike.
 * Run: `npm run bench -- verified` (or `npx tsx bench/verified-keys.bench.ts`). Writes bench/results/verified-keys.json.
 */
import { pathToFileURL } from 'node:url';
import { createRecordCodec } from '../src/crypto/record-codec.js';
import { SecretKeyAccessor } from '../src/crypto/secret-key-accessor.js';
import type { WireRecord } from '../src/wire/record.js';
import { makeRecords } from './support/crypto-floor.js';
import { measureInterleaved, printTable, writeResults } from './support/measure.js';

export async function run(): Promise<void> {
  const codec = await createRecordCodec({
    mode: 'LOCAL',
    environmentId: 'bench-env',
    secretKeyAccessor: new SecretKeyAccessor(() => 'bench password'),
  });
  const wires = (await Promise.all(makeRecords(100).map((r) => codec.encode(r)))) as WireRecord[];
  const recordKeys = wires.map((w) => w.record_key);
  const results = await measureInterleaved(
    {
      'decode 100 (no verification)': () => Promise.all(wires.map((w) => codec.decode(w))),
      // One expectation per page, as a find makes it: the page's records share its remembered hashes.
      'decodeVerified 100 (filter on 100 record keys)': () => {
        const expected = { recordKeys, hashes: new Map<string, string>() };
        return Promise.all(wires.map((w) => codec.decodeVerified(w, expected)));
      },
      'decodeVerified 100 (no filter)': () => {
        const expected = { hashes: new Map<string, string>() };
        return Promise.all(wires.map((w) => codec.decodeVerified(w, expected)));
      },
    },
    { iterations: 200, warmup: 20 },
  );
  const list = Object.values(results);
  printTable(list.map((m) => ({ case: m.name, medianMs: m.medianMs.toFixed(3), minMs: m.minMs.toFixed(3) })));
  writeResults('verified-keys', list);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
