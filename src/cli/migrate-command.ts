/**
 * `incountry migrate`: re-encrypts every record not on the current secret version, country by country,
 * with progress, a summary, and a clean stop on Ctrl-C after the batch in flight. Running it again
 * continues where it stopped: records already migrated no longer match the filter.
 */
import type { Command } from 'commander';
import type { Storage } from '../storage/storage.js';
import type { FindRecordError } from '../storage/storage-results.js';
import type { CliContext } from './cli-context.js';
import { CliUsageError, describeError, EXIT_CODES } from './cli-error.js';
import { paint } from './cli-output.js';
import { addClientOptions, type ClientFlags, listCountries, openStorage } from './client-options.js';
import {
  type CountryProgress,
  jsonProgress,
  type MigrateProgress,
  plainProgress,
  terminalProgress,
} from './migrate-progress.js';
import { terminalText } from './terminal-text.js';

/** A record migrate met but could not decrypt; `recordKey` is the key as stored (hashed). */
export interface UndecryptableRecord {
  readonly country: string;
  readonly recordKey: string;
  readonly code: string;
  readonly message: string;
}

/** How one country ended. */
export interface CountryOutcome {
  readonly country: string;
  readonly status: 'done' | 'interrupted' | 'not started' | 'failed';
  /** Records on an older version when the country started (undefined if it never started). */
  readonly total: number | undefined;
  readonly migrated: number;
  /** Records still to migrate (not counting the undecryptable ones seen). */
  readonly left: number | undefined;
  readonly undecryptable: readonly UndecryptableRecord[];
  readonly error?: unknown;
}

/** Settings of one migration run. */
export interface MigrationPlan {
  readonly countries: readonly string[];
  readonly batch: number;
  readonly concurrency: number;
  readonly dryRun: boolean;
  readonly currentVersion: number;
}

/**
 * Migrates (or, dry, counts) each country; `concurrency` countries at a time, batches within a country
 * one after another. `shouldStop` is checked between batches.
 *
 * @example
 * declare const storage: Storage;
 * const outcomes = await runMigration(storage, { countries: ['us'], batch: 100, concurrency: 1, dryRun: false, currentVersion: 2 }, plainProgress(console.log, 'migrated'), () => false);
 */
export async function runMigration(
  storage: Storage,
  plan: MigrationPlan,
  progress: MigrateProgress,
  shouldStop: () => boolean,
): Promise<CountryOutcome[]> {
  const outcomes = new Map<string, CountryOutcome>();
  const queue = [...plan.countries];
  const worker = async () => {
    for (let country = queue.shift(); country !== undefined; country = queue.shift())
      outcomes.set(country, await migrateCountry(storage, country, plan, progress, shouldStop));
  };
  await Promise.all(Array.from({ length: Math.min(plan.concurrency, queue.length) }, worker));
  return plan.countries.map((country) => outcomes.get(country)!);
}

async function migrateCountry(
  storage: Storage,
  country: string,
  plan: MigrationPlan,
  progress: MigrateProgress,
  shouldStop: () => boolean,
): Promise<CountryOutcome> {
  const undecryptable = new Map<string, UndecryptableRecord>();
  let total: number | undefined;
  let migrated = 0;
  let left: number | undefined;
  if (shouldStop()) return { country, status: 'not started', total, migrated, left, undecryptable: [] };
  const started = Date.now();
  const snapshot = (): CountryProgress => ({
    country,
    total: total ?? 0,
    migrated,
    undecryptable: undecryptable.size,
    elapsedMs: Date.now() - started,
  });
  const note = (errors: readonly FindRecordError[] | undefined) => {
    for (const { error, rawData } of errors ?? [])
      undecryptable.set(rawData.record_key, {
        country,
        recordKey: rawData.record_key,
        code: error.code,
        message: error.message,
      });
  };
  const filter = { version: { $not: plan.currentVersion } };
  try {
    total = (await storage.find(country, filter, { limit: 1 })).meta.total;
    left = total;
    progress.start(country, total);
    if (plan.dryRun) {
      // Nothing is rewritten, so the matches stay put and plain offset paging visits each once.
      let offset = 0;
      while (offset < total && !shouldStop()) {
        const page = await storage.find(country, filter, { limit: plan.batch, offset });
        migrated += page.data.length;
        note(page.errors);
        offset += page.meta.count;
        left = Math.max(0, total - offset);
        progress.update(snapshot());
        if (page.meta.count === 0) break;
      }
    } else {
      while (left > 0 && !shouldStop()) {
        const result = await storage.migrate(country, plan.batch);
        migrated += result.migrated;
        note(result.errors);
        left = result.totalLeft;
        progress.update(snapshot());
        // No progress with records left means they changed under us; stop instead of spinning.
        if (result.migrated === 0) break;
      }
    }
    const status = left > 0 && shouldStop() ? 'interrupted' : 'done';
    progress.finish(snapshot(), status);
    return { country, status, total, migrated, left, undecryptable: [...undecryptable.values()] };
  } catch (error) {
    progress.finish(snapshot(), 'failed');
    return {
      country,
      status: 'failed',
      total,
      migrated,
      left,
      undecryptable: [...undecryptable.values()],
      error,
    };
  }
}

/**
 * The summary printed after a run, one line per country, a total, then the undecryptable records.
 *
 * @example
 * declare const outcomes: CountryOutcome[];
 * const text = migrationSummary(outcomes, { dryRun: false, currentVersion: 2 }, String);
 */
export function migrationSummary(
  outcomes: readonly CountryOutcome[],
  run: { readonly dryRun: boolean; readonly currentVersion: number },
  describe: (error: unknown) => string,
): string {
  const verb = run.dryRun ? 'to migrate' : 'migrated';
  const lines = [
    `${run.dryRun ? 'dry run' : 'migration'} summary (current secret version ${run.currentVersion}):`,
  ];
  for (const outcome of outcomes) {
    const counts = `${verb} ${outcome.migrated}, left ${outcome.left ?? '?'}, undecryptable ${outcome.undecryptable.length}`;
    const detail = outcome.status === 'failed' ? `: ${describe(outcome.error)}` : '';
    lines.push(`  ${outcome.country}: ${outcome.status}, ${counts}${detail}`);
  }
  const { migrated, left, undecryptable } = migrationTotals(outcomes);
  lines.push(`  total: ${verb} ${migrated}, left ${left}, undecryptable ${undecryptable}`);
  const records = outcomes.flatMap((o) => o.undecryptable);
  if (records.length > 0) {
    lines.push('undecryptable records (record_key as stored, hashed):');
    for (const r of records)
      lines.push(`  ${r.country} ${terminalText(r.recordKey)} ${r.code}: ${terminalText(r.message)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The summary as the last line of `migrate --json`: the same counts as {@link migrationSummary}, with each
 * failed country's error as `{ code, message }`.
 *
 * @example
 * declare const outcomes: CountryOutcome[];
 * console.log(JSON.stringify(migrationSummaryJson(outcomes, { dryRun: false, currentVersion: 2, interrupted: false })));
 */
export function migrationSummaryJson(
  outcomes: readonly CountryOutcome[],
  run: { readonly dryRun: boolean; readonly currentVersion: number; readonly interrupted: boolean },
) {
  const countries = outcomes.map(({ error, ...outcome }) => ({
    ...outcome,
    left: outcome.left ?? null,
    total: outcome.total ?? null,
    ...(error !== undefined
      ? { error: (({ code, message }) => ({ code, message }))(describeError(error)) }
      : {}),
  }));
  return { type: 'summary' as const, ...run, countries, total: migrationTotals(outcomes) };
}

/** The run's totals, for the text summary and the JSON one alike. */
function migrationTotals(outcomes: readonly CountryOutcome[]) {
  const sum = (pick: (o: CountryOutcome) => number) => outcomes.reduce((n, o) => n + pick(o), 0);
  return {
    migrated: sum((o) => o.migrated),
    left: sum((o) => o.left ?? 0),
    undecryptable: sum((o) => o.undecryptable.length),
  };
}

/**
 * The exit code of a run: interrupted (130) over failed (1) over undecryptable (3) over ok (0).
 *
 * @example
 * migrationExitCode([{ country: 'us', status: 'done', total: 1, migrated: 1, left: 0, undecryptable: [] }]); // 0
 */
export function migrationExitCode(outcomes: readonly CountryOutcome[]): number {
  if (outcomes.some((o) => o.status === 'interrupted' || o.status === 'not started'))
    return EXIT_CODES.interrupted;
  if (outcomes.some((o) => o.status === 'failed')) return EXIT_CODES.failed;
  if (outcomes.some((o) => o.undecryptable.length > 0)) return EXIT_CODES.undecryptable;
  return EXIT_CODES.ok;
}

interface MigrateFlags extends ClientFlags {
  readonly country?: string[];
  readonly allCountries?: boolean;
  readonly batch: string;
  readonly concurrency: string;
  readonly dryRun?: boolean;
}

function wholeNumber(name: string, value: string, min: number, max: number): number {
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= min && n <= max))
    throw new CliUsageError(`${name} expects a whole number from ${min} to ${max}`);
  return n;
}

function countryCodes(values: readonly string[]): string[] {
  const codes = values.flatMap((v) => v.split(',')).map((c) => c.trim().toLowerCase());
  for (const code of codes)
    if (!/^[a-z]{2}$/.test(code))
      throw new CliUsageError(`--country expects two-letter country codes such as us,de (got "${code}")`);
  return [...new Set(codes)];
}

/**
 * Registers `incountry migrate`.
 *
 * @example
 * declare const program: import('commander').Command;
 * declare const ctx: Parameters<typeof registerMigrateCommand>[1];
 * registerMigrateCommand(program, ctx, (error) => String(error));
 */
export function registerMigrateCommand(
  program: Command,
  ctx: CliContext,
  describe: (error: unknown) => string,
): void {
  const command = program
    .command('migrate')
    .description('re-encrypt every record not on the current secret version')
    .option('--country <codes...>', 'countries to migrate, e.g. us,de (repeatable)')
    .option('--all-countries', 'every country of the countries list')
    .option('--batch <n>', 'records per batch (1..100)', '100')
    .option('--concurrency <n>', 'countries migrated at the same time', '1')
    .option('--dry-run', 'count what would be migrated; write nothing');
  addClientOptions(command).action(async (flags: MigrateFlags) => {
    if ((flags.country === undefined) === (flags.allCountries !== true))
      throw new CliUsageError('give either --country us[,de…] or --all-countries');
    const batch = wholeNumber('--batch', flags.batch, 1, 100);
    const concurrency = wholeNumber('--concurrency', flags.concurrency, 1, 64);
    const { storage, secrets } = await openStorage(flags);
    if (secrets === undefined)
      throw new CliUsageError('migrate re-encrypts with your secrets: it needs LOCAL encryption');
    const countries =
      flags.country !== undefined
        ? countryCodes(flags.country)
        : (await listCountries(flags)).map((c) => c.id.toLowerCase());

    const { io } = ctx;
    const progress =
      ctx.json === true
        ? jsonProgress(ctx.printJson)
        : io.isTty && io.ttyStream !== undefined
          ? terminalProgress(io.ttyStream)
          : plainProgress(io.stdout, flags.dryRun === true ? 'to migrate' : 'migrated');
    let stopping = false;
    const unsubscribe = io.onSignal('SIGINT', () => {
      if (stopping) {
        progress.stop();
        io.stderr('incountry: interrupted again; exiting without waiting\n');
        io.exit(EXIT_CODES.interrupted);
        return;
      }
      stopping = true;
      progress.note('stopping after the batch in flight (Ctrl-C again to exit at once)…');
    });
    let outcomes: CountryOutcome[];
    try {
      outcomes = await runMigration(
        storage,
        {
          countries,
          batch,
          concurrency,
          dryRun: flags.dryRun === true,
          currentVersion: secrets.secrets.currentVersion,
        },
        progress,
        () => stopping,
      );
    } finally {
      progress.stop();
      unsubscribe();
    }
    const run = { dryRun: flags.dryRun === true, currentVersion: secrets.secrets.currentVersion };
    if (ctx.json === true) ctx.printJson(migrationSummaryJson(outcomes, { ...run, interrupted: stopping }));
    else {
      const summary = migrationSummary(outcomes, run, describe);
      // The heading in bold where the terminal takes colour, so the summary stands out below the bars.
      io.stdout(summary.replace(/^[^\n]*/, paint(io, 'stdout').bold));
      if (stopping) io.stdout('interrupted: run the same command again to continue\n');
    }
    ctx.setExitCode(migrationExitCode(outcomes));
  });
}
