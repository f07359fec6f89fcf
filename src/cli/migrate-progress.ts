/**
 * Progress of `incountry migrate`: bars with rate and ETA per country on a terminal (cli-progress), plain
 * lines otherwise, so logs and CI output stay readable.
 */
import { MultiBar, Presets, type SingleBar } from 'cli-progress';

/** Where one country stands. */
export interface CountryProgress {
  readonly country: string;
  /** Records on an older secret version when the country started. */
  readonly total: number;
  /** Re-encrypted so far (or, in a dry run, found decryptable). */
  readonly migrated: number;
  /** Distinct records that could not be decrypted so far. */
  readonly undecryptable: number;
  /** Milliseconds since the country started. */
  readonly elapsedMs: number;
}

/** Receives progress events. */
export interface MigrateProgress {
  start(country: string, total: number): void;
  update(progress: CountryProgress): void;
  finish(progress: CountryProgress, status: string): void;
  /** A message between the bars or lines (e.g. "stopping after the batch in flight"). */
  note(text: string): void;
  /** Stops drawing; called once before the summary. */
  stop(): void;
}

function rate(progress: CountryProgress): number {
  return progress.elapsedMs > 0 ? Math.round((progress.migrated * 1000) / progress.elapsedMs) : 0;
}

function done(progress: CountryProgress): number {
  return progress.migrated + progress.undecryptable;
}

/** Seconds left at the current rate: `0s` when nothing is left (a country with 0 records), `?` before a rate. */
function eta(progress: CountryProgress): string {
  const remaining = Math.max(0, progress.total - done(progress));
  if (remaining === 0) return '0s';
  const perSecond = rate(progress);
  return perSecond > 0 ? `${Math.ceil(remaining / perSecond)}s` : '?';
}

/**
 * Plain lines, one per batch: `us: 200/301 (66%) migrated 199, undecryptable 1, 350 rec/s, eta 1s`.
 *
 * @example
 * const progress = plainProgress((line) => process.stdout.write(line), 'migrated');
 */
export function plainProgress(write: (text: string) => void, verb: string): MigrateProgress {
  return {
    start: (country, total) => write(`${country}: ${total} records on an older secret version\n`),
    update(progress) {
      const finished = done(progress);
      const percent = progress.total > 0 ? Math.min(100, Math.floor((finished * 100) / progress.total)) : 100;
      const perSecond = rate(progress);
      const left = eta(progress);
      const shown = left === '?' ? '' : `, eta ${left}`;
      write(
        `${progress.country}: ${finished}/${progress.total} (${percent}%) ${verb} ${progress.migrated}, undecryptable ${progress.undecryptable}, ${perSecond} rec/s${shown}\n`,
      );
    },
    finish: (progress, status) => write(`${progress.country}: ${status}\n`),
    note: (text) => write(`${text}\n`),
    stop: () => undefined,
  };
}

/**
 * NDJSON events for `--json`, one object per line: `start` (country, total), `progress` after each batch
 * (the {@link CountryProgress} fields), `finish` (with the status) and `note`.
 *
 * @example
 * const progress = jsonProgress((value) => console.log(JSON.stringify(value)));
 */
export function jsonProgress(print: (value: unknown) => void): MigrateProgress {
  return {
    start: (country, total) => print({ type: 'start', country, total }),
    update: (progress) => print({ type: 'progress', ...progress }),
    finish: (progress, status) => print({ type: 'finish', ...progress, status }),
    note: (text) => print({ type: 'note', text }),
    stop: () => undefined,
  };
}

/**
 * One bar per country: `us [█████░░░░░] 45% | 135/301 | 420 rec/s | ETA: 1s | running`.
 *
 * @example
 * const progress = terminalProgress(process.stdout);
 */
export function terminalProgress(stream: NodeJS.WritableStream): MigrateProgress {
  const multibar = new MultiBar(
    {
      stream: stream as NodeJS.WriteStream,
      // Short enough for an 80-column terminal: cli-progress cuts lines at the terminal's width.
      format: '{country} [{bar}] {percentage}% | {value}/{total} | {rate} rec/s | ETA: {eta_left} | {status}',
      barsize: 20,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      autopadding: true,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  const bars = new Map<string, SingleBar>();
  // Our own ETA: cli-progress's own one prints "NULL" (cut to "LL") for a country with nothing to do.
  const payload = (progress: CountryProgress, status: string) => ({
    country: progress.country,
    rate: rate(progress),
    eta_left: eta(progress),
    status,
  });
  return {
    start(country, total) {
      bars.set(
        country,
        multibar.create(total, 0, {
          country,
          rate: 0,
          eta_left: total === 0 ? '0s' : '?',
          status: 'running',
        }),
      );
    },
    update(progress) {
      bars.get(progress.country)?.update(done(progress), payload(progress, 'running'));
    },
    finish(progress, status) {
      const bar = bars.get(progress.country);
      bar?.update(done(progress), payload(progress, status));
      bar?.stop();
    },
    note: (text) => multibar.log(`${text}\n`),
    stop: () => multibar.stop(),
  };
}
