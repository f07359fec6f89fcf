/**
 * The one-screen summary `npm run bench` prints at the end: each bench adds its headline rows (the floor
 * cases: our median, the floor, the ratio and its target; the crypto cases with their naive figure; the
 * weight measures: import overhead, bundle size, type-check instantiations, each beside its target), and
 * bench/run.ts prints them after the last bench. With `BENCH_RUNS=N`, bench/run.ts runs the benches N times
 * in fresh processes, each writing its headlines as JSON (`BENCH_SUMMARY_JSON`), and prints the median of
 * the runs with their spread (see {@link printRepeatedSummary}).
 */
import { writeFileSync } from 'node:fs';
import { type Measurement, ms, printTable } from './measure.js';

/** One headline row of a timed case. */
export interface SummaryRow {
  readonly case: string;
  readonly ours: Measurement;
  /** Median of the floor (a sum of component medians for composite floors). */
  readonly floorMs?: number | undefined;
  /** Median of the naive official-SDK-style implementation (crypto cases). */
  readonly naiveMs?: number | undefined;
  /** The largest ratio to the floor the project aims at (issue 26: 2 end to end, 1.5 for the PoP). */
  readonly maxRatio?: number | undefined;
  /**
   * Median over the rounds of each round's ratio (the case over its floor parts measured moments apart):
   * steadier than the ratio of medians when the machine's load drifts.
   */
  readonly perRoundRatio?: number | undefined;
}

/** What bench/weight.bench.ts measured, in the shape it writes to bench/results/weight.json. */
export interface WeightSummary {
  /** Medians of fresh `node` processes by case: `bare node`, `import incountry-ts (ESM)`, … */
  readonly coldStartMs: Readonly<Record<string, number>>;
  /** Bundle sizes by case (`createStorage only, esm, minified`, …). */
  readonly bundleBytes: Readonly<Record<string, { readonly raw: number; readonly gzip: number }>>;
  /** Consumer type-check instantiations by case. */
  readonly instantiations: Readonly<Record<string, number>>;
}

/** One measure in the summary: a value, its unit, and the target it is held to (lower is better). */
export interface Headline {
  readonly section: 'floor' | 'weight';
  readonly name: string;
  readonly unit: 'ms' | 'KB' | 'x' | '';
  readonly value: number;
  /** Spread of the value within the run (min–max of a timed case), when there is one. */
  readonly min?: number | undefined;
  readonly max?: number | undefined;
  /** Extra figures printed beside the value (floor ms, ratio, gzip size, …). */
  readonly extra?: Readonly<Record<string, number>> | undefined;
  /** The value must not exceed this (same unit); `target` describes it when it is more than that. */
  readonly limit?: number | undefined;
  readonly target?: string | undefined;
}

/** Import overhead (ms over a bare `node`) the issue allows, ESM and CJS. */
const MAX_IMPORT_OVERHEAD_MS = 120;
/** Minified ESM bundle of a createStorage-only program, in KB. */
const MAX_BUNDLE_KB = 350;
/** Instantiations over zod + @types/node alone, skipLibCheck false, importing us and writing five queries. */
const MAX_INSTANTIATIONS = 150_000;

const headlines: Headline[] = [];

/** Adds timed rows to the summary. */
export function addSummary(...added: SummaryRow[]): void {
  for (const row of added) {
    const extra: Record<string, number> = {};
    if (row.floorMs !== undefined) {
      extra['floor ms'] = row.floorMs;
      extra['x floor'] = row.ours.medianMs / row.floorMs;
    }
    if (row.perRoundRatio !== undefined) extra['per-round x'] = row.perRoundRatio;
    if (row.naiveMs !== undefined) extra['naive/ours'] = row.naiveMs / row.ours.medianMs;
    headlines.push({
      section: 'floor',
      name: row.case,
      unit: 'ms',
      value: row.ours.medianMs,
      min: row.ours.minMs,
      max: row.ours.maxMs,
      extra,
      ...(row.maxRatio !== undefined && row.floorMs !== undefined
        ? { limit: row.maxRatio * row.floorMs, target: `x floor ≤ ${row.maxRatio}` }
        : {}),
    });
  }
}

/** Adds the weight bench's measures (cold start, bundle, instantiations) with the issue's targets. */
export function addWeightSummary(weight: WeightSummary): void {
  const start = weight.coldStartMs;
  const bare = start['bare node'];
  const official =
    bare === undefined || start['require official SDK'] === undefined
      ? undefined
      : start['require official SDK'] - bare;
  const overheads: [string, string][] = [
    ['import overhead, ESM', 'import incountry-ts (ESM)'],
    ['require overhead, CJS', 'require incountry-ts (CJS)'],
  ];
  for (const [name, key] of overheads) {
    const total = start[key];
    if (bare === undefined || total === undefined) continue;
    const limit = Math.min(MAX_IMPORT_OVERHEAD_MS, official ?? Number.POSITIVE_INFINITY);
    headlines.push({
      section: 'weight',
      name,
      unit: 'ms',
      value: total - bare,
      extra: { 'bare node ms': bare },
      limit,
      target: `≤ ${MAX_IMPORT_OVERHEAD_MS} ms${official === undefined ? '' : ' and < official SDK'}`,
    });
  }
  if (official !== undefined)
    headlines.push({ section: 'weight', name: 'official SDK require overhead', unit: 'ms', value: official });
  for (const [key, size] of Object.entries(weight.bundleBytes)) {
    const esm = key.includes('esm');
    headlines.push({
      section: 'weight',
      name: `bundle: ${key}`,
      unit: 'KB',
      value: size.raw / 1024,
      extra: { 'gzip KB': size.gzip / 1024 },
      ...(esm ? { limit: MAX_BUNDLE_KB, target: `≤ ${MAX_BUNDLE_KB} KB` } : {}),
    });
  }
  const types = weight.instantiations;
  for (const skip of [false, true]) {
    const ours = types[`incountry-ts + 5 queries, skipLibCheck ${skip}`];
    const baseline = types[`zod + @types/node only, skipLibCheck ${skip}`];
    if (ours === undefined || baseline === undefined) continue;
    headlines.push({
      section: 'weight',
      name: `instantiations over zod + node, skipLibCheck ${skip}`,
      unit: '',
      value: ours - baseline,
      extra: { total: ours },
      ...(skip ? {} : { limit: MAX_INSTANTIATIONS, target: `≤ ${MAX_INSTANTIATIONS.toLocaleString('en')}` }),
    });
  }
}

function format(value: number, unit: Headline['unit'] | string): string {
  if (unit === 'ms' || unit.endsWith(' ms')) return ms(value);
  if (unit === 'KB' || unit.endsWith(' KB')) return value.toFixed(0);
  if (unit === 'x' || unit.startsWith('x ') || unit.endsWith(' x') || unit.includes('/'))
    return value.toFixed(2);
  return Math.round(value).toLocaleString('en');
}

function met(headline: Headline, value: number): string {
  return headline.limit === undefined ? '' : value <= headline.limit ? 'yes' : 'NO';
}

function extraColumns(rows: readonly Headline[]): string[] {
  return [...new Set(rows.flatMap((h) => Object.keys(h.extra ?? {})))];
}

/** Prints the summary table (nothing when no bench added rows). */
export function printSummary(): void {
  if (headlines.length === 0) return;
  printSections(headlines.map((h) => ({ headline: h, runs: [h] })));
}

/** The headlines of this run, for a parent process collecting runs (see bench/run.ts). */
export function writeSummaryJson(path: string): void {
  writeFileSync(path, `${JSON.stringify(headlines)}\n`);
}

interface Repeated {
  /** The headline whose value is the median of the runs (its extras too). */
  readonly headline: Headline;
  /** Every run's headline of the same name. */
  readonly runs: readonly Headline[];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function printSections(rows: readonly Repeated[]): void {
  const repeated = rows.some((r) => r.runs.length > 1);
  for (const section of ['floor', 'weight'] as const) {
    const inSection = rows.filter((r) => r.headline.section === section);
    if (inSection.length === 0) continue;
    const extras = extraColumns(inSection.map((r) => r.headline));
    console.log(
      section === 'floor'
        ? `\n=== summary: timed cases (median, ms; spread = ${repeated ? "min–max of the runs' medians" : 'min–max of the run'}) ===`
        : `\n=== summary: weight (import overhead = median ms over a bare node; bundle in KB; instantiations)${repeated ? "; spread = min–max of the runs' values" : ''} ===`,
    );
    printTable(
      inSection.map(({ headline: h, runs }) => {
        const values = runs.map((r) => r.value);
        const spread = repeated
          ? `${format(Math.min(...values), h.unit)}–${format(Math.max(...values), h.unit)}`
          : h.min !== undefined && h.max !== undefined
            ? `${format(h.min, h.unit)}–${format(h.max, h.unit)}`
            : '';
        const row: Record<string, string> = {
          [section === 'floor' ? 'case' : 'measure']: h.name,
          value: `${format(h.value, h.unit)}${h.unit === 'ms' || h.unit === 'KB' ? ` ${h.unit}` : ''}`,
          spread,
        };
        for (const column of extras) {
          const own = h.extra?.[column];
          row[column] = own === undefined ? '' : format(own, column);
          if (repeated && own !== undefined && column === 'x floor') {
            const ratios = runs.map((r) => r.extra?.[column]).filter((v): v is number => v !== undefined);
            row['x floor spread'] =
              `${format(Math.min(...ratios), column)}–${format(Math.max(...ratios), column)}`;
          }
        }
        row.target = h.target ?? '';
        row.met = met(h, h.value);
        if (repeated)
          row['met in runs'] =
            h.limit === undefined
              ? ''
              : `${runs.filter((r) => met(r, r.value) === 'yes').length}/${runs.length}`;
        return row;
      }),
    );
  }
}

/**
 * Prints the median of several runs' headlines (value, extras and limit each the median over the runs
 * that have the row) with the spread of the runs, and writes every run and the medians to `jsonPath`.
 */
export function printRepeatedSummary(runs: readonly (readonly Headline[])[], jsonPath: string): void {
  const names = [...new Set(runs.flatMap((run) => run.map((h) => h.name)))];
  const rows: Repeated[] = names.map((name) => {
    const same = runs.flatMap((run) => run.filter((h) => h.name === name));
    const first = same[0]!;
    const extra: Record<string, number> = {};
    for (const key of extraColumns(same)) {
      const values = same.map((h) => h.extra?.[key]).filter((v): v is number => v !== undefined);
      if (values.length > 0) extra[key] = median(values);
    }
    const limits = same.map((h) => h.limit).filter((v): v is number => v !== undefined);
    return {
      headline: {
        ...first,
        value: median(same.map((h) => h.value)),
        extra,
        limit: limits.length > 0 ? median(limits) : undefined,
      },
      runs: same,
    };
  });
  console.log(`\n=== ${runs.length} runs ===`);
  printSections(rows);
  writeFileSync(
    jsonPath,
    `${JSON.stringify({ date: new Date().toISOString(), runs, medians: rows.map((r) => r.headline) }, null, 2)}\n`,
  );
  console.log(`\nwrote ${jsonPath}`);
}
