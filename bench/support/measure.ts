/**
 * Shared benchmark helpers: a median timer, a table printer and a JSON writer into bench/results/. Used by
 * every bench/*.bench.ts; benchmarks are run by `npm run bench` (bench/run.ts), never by tests.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where results go: bench/results/<name>.json (git-ignored). */
export const RESULTS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../results');

/** Timing of one benchmark case, in milliseconds. */
export interface Measurement {
  name: string;
  iterations: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  meanMs: number;
}

/** How often to run a case. */
export interface MeasureOptions {
  /** Timed runs (default 30). */
  iterations?: number;
  /** Untimed runs first, to warm JIT and caches (default 3). */
  warmup?: number;
}

function summarise(name: string, samples: number[]): Measurement {
  const times = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(times.length / 2);
  const medianMs = times.length % 2 === 1 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
  return {
    name,
    iterations: times.length,
    medianMs,
    minMs: times[0]!,
    maxMs: times[times.length - 1]!,
    meanMs: times.reduce((a, b) => a + b, 0) / times.length,
  };
}

/**
 * Runs `fn` `warmup` times untimed, then `iterations` times timed, and returns the median and spread.
 *
 * @example
 * const m = await measure('encode 100', () => encodeAll(records), { iterations: 50 });
 */
export async function measure(
  name: string,
  fn: () => unknown,
  { iterations = 30, warmup = 3 }: MeasureOptions = {},
): Promise<Measurement> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return summarise(name, times);
}

/**
 * Measures several cases round-robin (a, b, c, a, b, c, …), so a noisy machine slows them all alike and
 * their ratios stay meaningful. Returns one {@link Measurement} per case, keyed like `cases`.
 *
 * @example
 * const { ours, floor } = await measureInterleaved({ ours: () => encode(), floor: () => bare() });
 */
export async function measureInterleaved<K extends string>(
  cases: Record<K, () => unknown>,
  options: MeasureOptions = {},
): Promise<Record<K, Measurement>> {
  const samples = await sampleInterleaved(cases, options);
  const names = Object.keys(cases) as K[];
  return Object.fromEntries(names.map((n) => [n, summarise(n, samples[n])])) as Record<K, Measurement>;
}

/**
 * {@link measureInterleaved}'s raw timings: `samples[name][round]` in milliseconds, so that values from
 * one round (measured moments apart) can be combined before taking a median.
 *
 * @example
 * const s = await sampleInterleaved({ ours: () => encode(), floor: () => bare() });
 * const ratios = s.ours.map((t, round) => t / s.floor[round]!);
 */
export async function sampleInterleaved<K extends string>(
  cases: Record<K, () => unknown>,
  { iterations = 30, warmup = 3 }: MeasureOptions = {},
): Promise<Record<K, number[]>> {
  const names = Object.keys(cases) as K[];
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let i = 0; i < warmup; i++) for (const name of names) await cases[name]();
  for (let i = 0; i < iterations; i++) {
    for (const name of names) {
      const start = performance.now();
      await cases[name]();
      samples[name].push(performance.now() - start);
    }
  }
  return samples;
}

/** Median of a list of numbers (NaN when empty). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Summarises raw timings like {@link measure} does. */
export function summariseSamples(name: string, samples: readonly number[]): Measurement {
  return summarise(name, [...samples]);
}

/** Rounds milliseconds for display. */
export function ms(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/**
 * Prints rows as an aligned text table (first row's keys are the columns).
 *
 * @example
 * printTable([{ case: 'encode 100', 'median ms': '2.10' }]);
 */
export function printTable(rows: readonly Record<string, string | number>[]): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  console.log(line(columns));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(columns.map((c) => String(row[c] ?? ''))));
}

/**
 * Writes `data` with machine details to bench/results/<name>.json and returns the path.
 *
 * @example
 * writeResults('crypto', { measurements });
 */
export function writeResults(name: string, data: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = resolve(RESULTS_DIR, `${name}.json`);
  const machine = {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpus: cpus().length,
  };
  writeFileSync(
    path,
    `${JSON.stringify({ name, date: new Date().toISOString(), machine, data }, null, 2)}\n`,
  );
  return path;
}
