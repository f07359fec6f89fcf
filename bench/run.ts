/**
 * Runs every bench/*.bench.ts in sequence (alphabetical): `npm run bench`, or `npm run bench -- crypto` for
 * the files whose name contains "crypto". Convention: a bench file exports `async function run()`; a file
 * without `run` is treated as a script whose work happens on import. Files run one after another, never in
 * parallel, so they do not disturb each other's timings. A one-screen summary of the headline cases (ours,
 * floor, ratio, naive) follows the last file.
 */
import { readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { printSummary } from './support/summary.js';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((needle) => f.includes(needle)))
  .sort();

if (files.length === 0) {
  console.error(`No bench files match ${filters.join(', ') || '*.bench.ts'} in ${here}`);
  process.exitCode = 1;
}

for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const module = (await import(pathToFileURL(resolve(here, file)).href)) as { run?: () => Promise<void> };
  if (typeof module.run === 'function') await module.run();
}

printSummary();
