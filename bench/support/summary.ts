/**
 * The one-screen summary `npm run bench` prints at the end: each bench adds its headline rows (our
 * median, the floor it is compared with, the ratio, and the official-SDK-style naive figure where there is
 * one); bench/run.ts prints them after the last bench.
 */
import { type Measurement, ms, printTable } from './measure.js';

/** One headline row. */
export interface SummaryRow {
  readonly case: string;
  readonly ours: Measurement;
  /** Median of the floor (a sum of component medians for composite floors). */
  readonly floorMs?: number | undefined;
  /** Median of the naive official-SDK-style implementation (crypto cases). */
  readonly naiveMs?: number | undefined;
}

const rows: SummaryRow[] = [];

/** Adds rows to the summary. */
export function addSummary(...added: SummaryRow[]): void {
  rows.push(...added);
}

/** Prints the summary table (nothing when no bench added rows). */
export function printSummary(): void {
  if (rows.length === 0) return;
  console.log('\n=== summary (median, min–max in ms; ratio = ours / floor) ===');
  printTable(
    rows.map((r) => ({
      case: r.case,
      ours: ms(r.ours.medianMs),
      spread: `${ms(r.ours.minMs)}–${ms(r.ours.maxMs)}`,
      floor: r.floorMs === undefined ? '' : ms(r.floorMs),
      'x floor': r.floorMs === undefined ? '' : (r.ours.medianMs / r.floorMs).toFixed(2),
      naive: r.naiveMs === undefined ? '' : ms(r.naiveMs),
      'naive/ours': r.naiveMs === undefined ? '' : `${(r.naiveMs / r.ours.medianMs).toFixed(0)}x`,
    })),
  );
}
