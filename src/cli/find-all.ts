/**
 * `incountry find --all`: pages through a whole result with offset paging and prints each record as its
 * page arrives, so a result of any size streams in constant memory. With `--json` every line is an event
 * (`record`, `undecryptable`, then one `summary`); otherwise records are printed one per line and the
 * undecryptable ones reported on stderr. A terminal on stderr gets a progress line.
 */
import type { Storage } from '../storage/storage.js';
import type { FindRecordError } from '../storage/storage-results.js';
import type { CliContext } from './cli-context.js';
import { EXIT_CODES } from './cli-error.js';

/** How `--all` pages. */
export interface FindAllOptions {
  readonly pageSize: number;
  /** Records to skip before the first page. */
  readonly offset: number;
  readonly sort: readonly Record<string, 'asc' | 'desc'>[] | undefined;
}

/** The last line of `find --all --json`. */
export interface FindAllSummary {
  readonly type: 'summary';
  /** Records printed (decrypted). */
  readonly records: number;
  /** Records that could not be decrypted (reported, not printed). */
  readonly undecryptable: number;
  /** Requests made. */
  readonly pages: number;
}

/**
 * Streams every matching record of `country` to stdout and returns the summary.
 *
 * @example
 * declare const ctx: CliContext;
 * declare const storage: Storage;
 * await findAll(ctx, storage, 'us', { key1: 'a' }, { pageSize: 100, offset: 0, sort: undefined });
 */
export async function findAll(
  ctx: CliContext,
  storage: Storage,
  country: string,
  filter: unknown,
  options: FindAllOptions,
): Promise<FindAllSummary> {
  const { io } = ctx;
  const json = ctx.json === true;
  const progress = io.stderrIsTty === true && !json;
  let offset = options.offset;
  let records = 0;
  let undecryptable = 0;
  let pages = 0;
  let total: number | undefined;
  const report = (error: FindRecordError) => {
    undecryptable += 1;
    const line = {
      record_key: error.rawData.record_key,
      code: error.error.code,
      message: error.error.message,
    };
    if (json) ctx.printJson({ type: 'undecryptable', ...line });
    else
      io.stderr(
        `incountry: ${line.code}: record ${line.record_key} could not be decrypted: ${line.message}\n`,
      );
  };
  for (;;) {
    const page = await storage.find(
      country,
      filter as never,
      {
        limit: options.pageSize,
        offset,
        ...(options.sort !== undefined ? { sort: options.sort } : {}),
      } as never,
    );
    pages += 1;
    total ??= page.meta.total;
    if (progress) io.stderr('\r\u001b[2K');
    for (const record of page.data) {
      records += 1;
      ctx.printJson(json ? { type: 'record', record } : record);
    }
    for (const error of page.errors ?? []) report(error);
    offset += page.meta.count;
    if (progress) io.stderr(`${country}: ${records + undecryptable}/${Math.max(total, offset)} records`);
    // A short page is the last one; so is an empty one (records removed while paging).
    if (page.meta.count < options.pageSize || offset >= page.meta.total) break;
  }
  if (progress) io.stderr('\r\u001b[2K');
  const summary: FindAllSummary = { type: 'summary', records, undecryptable, pages };
  if (json) ctx.printJson(summary);
  if (undecryptable > 0) ctx.setExitCode(EXIT_CODES.undecryptable);
  return summary;
}
