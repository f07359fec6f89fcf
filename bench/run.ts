/**
 * Runs every bench/*.bench.ts in sequence (alphabetical): `npm run bench`, or `npm run bench -- crypto` for
 * the files whose name contains "crypto". Convention: a bench file exports `async function run()`; a file
 * without `run` is treated as a script whose work happens on import. Files run one after another, never in
 * parallel, so they do not disturb each other's timings. A one-screen summary of the headline cases (ours,
 * floor, ratio and target; the weight measures beside theirs) follows the last file.
 *
 * `BENCH_RUNS=3 npm run bench -- floor weight` runs the selection three times, each in a fresh process (so
 * no run inherits another's JIT state or heap), then prints the median of the runs with their spread and
 * writes every run's headlines and the medians to bench/results/summary-runs.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RESULTS_DIR } from './support/measure.js';
import { type Headline, printRepeatedSummary, printSummary, writeSummaryJson } from './support/summary.js';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((needle) => f.includes(needle)))
  .sort();
const runs = Number(process.env.BENCH_RUNS ?? 1);

if (files.length === 0) {
  console.error(`No bench files match ${filters.join(', ') || '*.bench.ts'} in ${here}`);
  process.exitCode = 1;
} else if (!Number.isInteger(runs) || runs < 1) {
  console.error(`BENCH_RUNS must be a positive integer, not ${process.env.BENCH_RUNS}`);
  process.exitCode = 1;
} else if (runs > 1) {
  await repeat(runs);
} else {
  for (const file of files) {
    console.log(`\n=== ${file} ===`);
    const module = (await import(pathToFileURL(resolve(here, file)).href)) as { run?: () => Promise<void> };
    if (typeof module.run === 'function') await module.run();
  }
  const out = process.env.BENCH_SUMMARY_JSON;
  if (out) writeSummaryJson(out);
  else printSummary();
}

/** Runs this script `count` times in fresh processes (same loader flags) and summarises the runs. */
async function repeat(count: number): Promise<void> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const collected: Headline[][] = [];
  for (let run = 1; run <= count; run++) {
    console.log(`\n##### run ${run} of ${count} #####`);
    const out = join(RESULTS_DIR, `summary-run-${run}.json`);
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), ...filters],
      {
        stdio: 'inherit',
        env: { ...process.env, BENCH_RUNS: '1', BENCH_SUMMARY_JSON: out },
      },
    );
    if (child.status !== 0) throw new Error(`bench run ${run} failed (exit ${child.status})`);
    collected.push(JSON.parse(readFileSync(out, 'utf8')) as Headline[]);
    rmSync(out);
  }
  printRepeatedSummary(collected, join(RESULTS_DIR, 'summary-runs.json'));
}
