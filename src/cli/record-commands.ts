/**
 * `incountry read|find|delete|health|countries`: JSON out, records decrypted locally with the secrets
 * file, errors as one line with their code.
 */
import type { Command } from 'commander';
import type { StorageRecord } from '../record.js';
import type { FindRecordError } from '../storage/storage-results.js';
import type { CliContext } from './cli-context.js';
import { CliUsageError, EXIT_CODES } from './cli-error.js';
import { addClientOptions, type ClientFlags, listCountries, openStorage } from './client-options.js';
import { findAll } from './find-all.js';
import { terminalText } from './terminal-text.js';

interface FindFlags extends ClientFlags {
  readonly filter?: string;
  readonly sort?: string;
  readonly limit?: string;
  readonly offset?: string;
  readonly jsonl?: boolean;
  readonly all?: boolean;
  readonly pageSize?: string;
}

/**
 * `--sort created_at:desc,range_key1` → `[{ created_at: 'desc' }, { range_key1: 'asc' }]`.
 *
 * @example
 * parseSort('created_at:desc,key1'); // [{ created_at: 'desc' }, { key1: 'asc' }]
 */
export function parseSort(value: string): Record<string, 'asc' | 'desc'>[] {
  return value.split(',').map((item) => {
    const [field, order = 'asc', ...rest] = item.trim().split(':');
    if (field === undefined || field === '' || rest.length > 0 || (order !== 'asc' && order !== 'desc'))
      throw new CliUsageError(`--sort expects field[:asc|desc] items separated by commas (got "${item}")`);
    return { [field]: order };
  });
}

function parseFilter(value: string | undefined): unknown {
  if (value === undefined) return {};
  try {
    return JSON.parse(value);
  } catch {
    throw new CliUsageError('--filter expects a JSON object, e.g. \'{"key1":"a","range_key1":{"$gte":5}}\'');
  }
}

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new CliUsageError(`${name} expects a whole number`);
  return Number(value);
}

/** How a record that could not be decrypted is shown: its stored (hashed) key and the error. */
function undecryptable({ error, rawData }: FindRecordError) {
  return { record_key: rawData.record_key, code: error.code, message: error.message };
}

/**
 * Registers the record and environment subcommands.
 *
 * @example
 * declare const program: import('commander').Command;
 * declare const ctx: Parameters<typeof registerRecordCommands>[1];
 * registerRecordCommands(program, ctx);
 */
export function registerRecordCommands(program: Command, ctx: CliContext): void {
  addClientOptions(
    program
      .command('read')
      .description('read one record and print it as JSON')
      .argument('<country>', 'two-letter country code')
      .argument('<recordKey>', 'the record key (plain; it is hashed like the SDK does)'),
  ).action(async (country: string, recordKey: string, flags: ClientFlags) => {
    const { storage } = await openStorage(flags);
    const { record } = await storage.read(country, recordKey);
    ctx.printJson(record);
  });

  addClientOptions(
    program
      .command('find')
      .description('find records and print them as JSON')
      .argument('<country>', 'two-letter country code')
      .option('--filter <json>', 'filter in the SDK object DSL, e.g. \'{"key1":"a"}\'')
      .option('--sort <fields>', 'e.g. created_at:desc,range_key1:asc')
      .option('--limit <n>', 'records per page (1..100, default 100)')
      .option('--offset <n>', 'records to skip')
      .option('--jsonl', 'one record per line instead of one JSON document')
      .option('--all', 'page through the whole result, one record per line as it arrives')
      .option('--page-size <n>', 'records per request with --all (1..100, default 100)'),
  ).action(async (country: string, flags: FindFlags) => {
    const limit = integer('--limit', flags.limit);
    const offset = integer('--offset', flags.offset);
    const sort = flags.sort !== undefined ? parseSort(flags.sort) : undefined;
    const filter = parseFilter(flags.filter);
    if (flags.all === true) {
      if (limit !== undefined)
        throw new CliUsageError('--all pages through everything: use --page-size, not --limit');
      const pageSize = integer('--page-size', flags.pageSize) ?? 100;
      if (pageSize < 1 || pageSize > 100)
        throw new CliUsageError('--page-size expects a whole number from 1 to 100');
      const { storage } = await openStorage(flags);
      await findAll(ctx, storage, country, filter, { pageSize, offset: offset ?? 0, sort });
      return;
    }
    if (flags.pageSize !== undefined)
      throw new CliUsageError('--page-size goes with --all (use --limit for one page)');
    const options: Record<string, unknown> = {};
    if (limit !== undefined) options.limit = limit;
    if (offset !== undefined) options.offset = offset;
    if (sort !== undefined) options.sort = sort;
    const { storage } = await openStorage(flags);
    const result = await storage.find(country, filter as never, options as never);
    const errors = (result.errors ?? []).map(undecryptable);
    if (flags.jsonl === true) {
      for (const record of result.data) ctx.printJson(record);
      for (const e of errors)
        ctx.io.stderr(
          `incountry: ${e.code}: record ${terminalText(e.record_key)} could not be decrypted: ${terminalText(e.message)}\n`,
        );
    } else {
      ctx.printJson({ data: result.data satisfies StorageRecord[], meta: result.meta, errors });
    }
    if (errors.length > 0) ctx.setExitCode(EXIT_CODES.undecryptable);
  });

  addClientOptions(
    program
      .command('delete')
      .description('delete one record')
      .argument('<country>', 'two-letter country code')
      .argument('<recordKey>', 'the record key'),
  ).action(async (country: string, recordKey: string, flags: ClientFlags) => {
    const { storage } = await openStorage(flags);
    ctx.printJson(await storage.delete(country, recordKey));
  });

  addClientOptions(
    program
      .command('health')
      .description("check the countries' PoPs (default: every country of the list)")
      .argument('[countries...]', 'two-letter country codes'),
  ).action(async (countries: string[], flags: ClientFlags & { json?: boolean }) => {
    const { storage } = await openStorage(flags, { encryption: 'off' });
    const codes =
      countries.length > 0
        ? countries.map((c) => c.toLowerCase())
        : (await listCountries(flags)).map((c) => c.id.toLowerCase());
    const results: Record<string, boolean> = {};
    for (const code of codes) results[code] = (await storage.healthCheck(code)).result;
    if (flags.json === true) ctx.printJson(results);
    else
      for (const [code, ok] of Object.entries(results))
        ctx.io.stdout(`${code}: ${ok ? 'ok' : 'unhealthy'}\n`);
    if (Object.values(results).some((ok) => !ok)) ctx.setExitCode(EXIT_CODES.failed);
  });

  addClientOptions(
    program.command('countries').description('list the countries of the countries endpoint'),
  ).action(async (flags: ClientFlags & { json?: boolean }) => {
    const countries = await listCountries(flags);
    if (flags.json === true) {
      ctx.printJson(countries);
      return;
    }
    for (const c of countries)
      ctx.io.stdout(
        `${terminalText(c.id)}\t${terminalText(c.region)}\t${c.direct === false ? 'mini' : 'mid'}\t${terminalText(c.name)}\n`,
      );
  });
}
