/**
 * `incountry pop reset|requests|faults|health`: the `/_pop/` admin API of a running PoP, over HTTP, so
 * they work against a PoP in another process, container or machine.
 */
import { type Command, Option } from 'commander';
import got, { RequestError } from 'got';
import { endpointUrlProblem } from '../transport/endpoint-url.js';
import type { CliContext } from './cli-context.js';
import { CliCommandError, CliUsageError } from './cli-error.js';

interface AdminFlags {
  readonly url?: string;
  readonly adminToken?: string;
}

function addAdminOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--url <url>', 'the running PoP (default http://127.0.0.1:$PORT, else :8080)').env(
        'INCOUNTRY_POP_URL',
      ),
    )
    .addOption(
      new Option('--admin-token <token>', 'its admin token, if it has one').env('INCOUNTRY_POP_ADMIN_TOKEN'),
    )
    .option('--json', 'JSON output (what these commands print anyway)');
}

function baseUrl(flags: AdminFlags, env: NodeJS.ProcessEnv): string {
  const url = flags.url ?? `http://127.0.0.1:${env.PORT || '8080'}`;
  // The value is not echoed: it may hold a password.
  const problem = endpointUrlProblem(url);
  if (problem !== undefined)
    throw new CliUsageError(
      problem.includes('password')
        ? '--url must not contain a user name or password (user:password@); give the admin token with --admin-token'
        : `--url ${problem}; it expects the PoP's base URL, e.g. http://127.0.0.1:8080`,
    );
  return new URL(url).toString().replace(/\/$/, '');
}

/** Calls one admin endpoint; PoP errors and connection failures become one-line CliCommandErrors. */
async function admin(
  ctx: CliContext,
  flags: AdminFlags,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<unknown> {
  const url = `${baseUrl(flags, ctx.io.env)}${path}`;
  // The PoP takes state-changing admin calls only as JSON (a cross-site page cannot send that without a preflight).
  const payload = body ?? (method === 'GET' ? undefined : {});
  let response: { statusCode: number; body: string };
  try {
    response = await got(url, {
      method,
      ...(payload !== undefined ? { json: payload } : {}),
      headers: flags.adminToken !== undefined ? { authorization: `Bearer ${flags.adminToken}` } : {},
      throwHttpErrors: false,
      retry: { limit: 0 },
      timeout: { request: 30_000 },
    });
  } catch (error) {
    const code = error instanceof RequestError ? (error.code ?? 'request failed') : 'request failed';
    throw new CliCommandError('NETWORK_ERROR', `cannot reach the PoP at ${method} ${url} (${code})`);
  }
  let parsed: unknown;
  try {
    parsed = response.body === '' ? {} : JSON.parse(response.body);
  } catch {
    parsed = undefined;
  }
  if (response.statusCode >= 400) {
    const first = (parsed as { errors?: { title?: string; detail?: string }[] } | undefined)?.errors?.[0];
    const detail = first !== undefined ? `${first.title ?? ''}: ${first.detail ?? ''}` : 'no details';
    throw new CliCommandError('ADMIN_ERROR', `${method} ${url} answered ${response.statusCode} (${detail})`);
  }
  if (parsed === undefined)
    throw new CliCommandError('ADMIN_ERROR', `${method} ${url} answered ${response.statusCode} without JSON`);
  return parsed;
}

function number(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new CliUsageError(`${flag} expects a number`);
  return n;
}

/** Fault rule flags: each sets one field of the rule `POST /_pop/faults` validates. */
const FAULT_FLAGS: readonly {
  flags: string;
  description: string;
  field: string;
  parse?: (v: string) => unknown;
}[] = [
  { flags: '--route <name>', description: "route to match (write, find, read, …, or '*')", field: 'route' },
  { flags: '--method <method>', description: 'HTTP method to match', field: 'method' },
  { flags: '--country <cc>', description: 'country to match', field: 'country' },
  { flags: '--status <code>', description: 'answer with this status', field: 'status' },
  { flags: '--retry-after <seconds>', description: 'Retry-After sent with --status', field: 'retryAfter' },
  { flags: '--latency-ms <ms>', description: 'delay before answering', field: 'latencyMs' },
  { flags: '--unauthorized-once', description: 'answer 401 once', field: 'unauthorizedOnce' },
  { flags: '--reset', description: 'reset the connection', field: 'reset' },
  { flags: '--malformed', description: 'answer 200 with a malformed body', field: 'malformed' },
  { flags: '--times <n>', description: 'fire this many times (default: forever)', field: 'times' },
  { flags: '--probability <p>', description: 'chance 0..1 that a match is affected', field: 'probability' },
];
const NUMERIC_FAULT_FIELDS = new Set(['status', 'retryAfter', 'latencyMs', 'times', 'probability']);

/**
 * Registers the admin subcommands under `pop`.
 *
 * @example
 * declare const program: import('commander').Command;
 * declare const ctx: Parameters<typeof registerPopAdmin>[1];
 * registerPopAdmin(program.command('pop'), ctx);
 */
export function registerPopAdmin(pop: Command, ctx: CliContext): void {
  addAdminOptions(pop.command('reset').description('wipe every record of a running PoP')).action(
    async (flags: AdminFlags) => {
      ctx.printJson(await admin(ctx, flags, 'POST', '/_pop/reset', {}));
    },
  );

  addAdminOptions(
    pop
      .command('requests')
      .description("print a running PoP's request log (oldest first)")
      .option('--limit <n>', 'only the last n requests')
      .option('--clear', 'empty the log instead')
      .option('--jsonl', 'one request per line'),
  ).action(async (flags: AdminFlags & { limit?: string; clear?: boolean; jsonl?: boolean }) => {
    if (flags.clear === true) {
      ctx.printJson(await admin(ctx, flags, 'DELETE', '/_pop/requests'));
      return;
    }
    const query = flags.limit !== undefined ? `?limit=${encodeURIComponent(flags.limit)}` : '';
    const result = (await admin(ctx, flags, 'GET', `/_pop/requests${query}`)) as { requests?: unknown[] };
    if (flags.jsonl === true) for (const entry of result.requests ?? []) ctx.printJson(entry);
    else ctx.printJson(result);
  });

  addAdminOptions(pop.command('health').description("a running PoP's own health (store reachable)")).action(
    async (flags: AdminFlags) => {
      ctx.printJson(await admin(ctx, flags, 'GET', '/_pop/health'));
    },
  );

  const faults = pop.command('faults').description('fault injection on a running PoP');
  const add = faults.command('add').description('add a fault rule; prints it with its id');
  for (const flag of FAULT_FLAGS) add.option(flag.flags, flag.description);
  addAdminOptions(add).action(async (flags: AdminFlags & Record<string, unknown>) => {
    const rule: Record<string, unknown> = {};
    for (const flag of FAULT_FLAGS) {
      const value = flags[flag.field];
      if (value === undefined) continue;
      rule[flag.field] = NUMERIC_FAULT_FIELDS.has(flag.field)
        ? number(flag.flags.split(' ')[0]!, String(value))
        : value;
    }
    ctx.printJson(await admin(ctx, flags, 'POST', '/_pop/faults', rule));
  });
  addAdminOptions(faults.command('list').description('print the fault rules in force')).action(
    async (flags: AdminFlags) => {
      ctx.printJson(await admin(ctx, flags, 'GET', '/_pop/faults'));
    },
  );
  addAdminOptions(faults.command('clear').description('remove every fault rule')).action(
    async (flags: AdminFlags) => {
      ctx.printJson(await admin(ctx, flags, 'DELETE', '/_pop/faults'));
    },
  );
}
