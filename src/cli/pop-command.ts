/**
 * `incountry pop`: serve a local PoP until SIGINT/SIGTERM. Prints exactly one line when ready, which
 * scripts can wait for and parse.
 */
import { parseArgs } from 'node:util';
import { StorageError } from '../errors.js';
import { type LocalPop, type LocalPopOptions, startLocalPop } from '../server/local-pop.js';

/** Usage text of `incountry pop --help`. */
export const POP_USAGE = `Usage: incountry pop [options]

Serve a local InCountry PoP (storage API, /oauth2/token, /countries, /_pop admin) on one port.

Options:
  --port <n>              port to listen on (default 8080; 0 picks a free port)
  --host <addr>           interface to bind (default 127.0.0.1)
  --allowed-hosts <list>  names the PoP answers to besides localhost, 127.0.0.1 and [::1], comma-separated,
                          e.g. pop.test,localhost:18080 (or INCOUNTRY_POP_ALLOWED_HOSTS); any other Host
                          or Origin gets 403
  --db <url>              sqlite::memory: (default), sqlite:./pop.db, or postgres://user:pass@host/db
  --country <cc=url>      keep one country's data in its own database; repeatable (e.g. de=postgres://…)
  --env-id <id>           environment id (default local-dev)
  --client-id <id>        OAuth client id (default local-client)
  --client-secret <s>     OAuth client secret (default local-secret; or INCOUNTRY_POP_CLIENT_SECRET)
  --strict                no well-known credentials: --env-id, --client-id and a secret are required
  --admin-token <t>       bearer token for /_pop/ (or INCOUNTRY_POP_ADMIN_TOKEN); strict mode needs it
  --sse-key <base64>      32-byte key for SSE records at rest (or INCOUNTRY_POP_SSE_KEY); random if absent
  --token-ttl <seconds>   lifetime of issued tokens (default 3600)
  --log                   log every request (fastify logger)
  -h, --help              show this help
`;

/** A command-line mistake: printed with the usage hint, exit code 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

/** Parsed `incountry pop` arguments. */
export type PopCommand =
  | { readonly help: true }
  | { readonly help: false; readonly options: LocalPopOptions };

/**
 * Parses `incountry pop` arguments (after the word `pop`) into {@link LocalPopOptions}.
 *
 * @example
 * parsePopArgs(['--port', '0', '--db', 'sqlite:./pop.db'], process.env);
 */
export function parsePopArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): PopCommand {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  if (values.help === true) return { help: true };

  const strict = values.strict === true;
  const clientSecret = values['client-secret'] ?? env.INCOUNTRY_POP_CLIENT_SECRET;
  const given = [values['env-id'], values['client-id'], clientSecret];
  let credentials: LocalPopOptions['credentials'];
  if (given.some((v) => v !== undefined) || strict) {
    const [environmentId, clientId] = given;
    if (environmentId === undefined || clientId === undefined || clientSecret === undefined)
      throw new CliUsageError(
        strict
          ? 'strict mode needs --env-id, --client-id and --client-secret (or INCOUNTRY_POP_CLIENT_SECRET)'
          : 'give --env-id, --client-id and --client-secret together, or none of them for the dev defaults',
      );
    credentials = [{ environmentId, clientId, clientSecret }];
  }

  const db = values.db ?? 'sqlite::memory:';
  const routes: Record<string, string> = {};
  for (const item of values.country ?? []) {
    const match = /^([A-Za-z]{2})=(.+)$/.exec(item);
    if (!match) throw new CliUsageError('--country expects <cc>=<database url>, e.g. de=sqlite:./de.db');
    routes[match[1]!.toLowerCase()] = match[2]!;
  }

  const options: Record<string, unknown> = {
    port: integerOption('--port', values.port ?? '8080'),
    host: values.host ?? '127.0.0.1',
    db: Object.keys(routes).length > 0 ? { ...routes, '*': db } : db,
    strict,
    logger: values.log === true,
  };
  if (credentials !== undefined) options.credentials = credentials;
  if (values['token-ttl'] !== undefined)
    options.tokenTtlSeconds = integerOption('--token-ttl', values['token-ttl']);
  const adminToken = values['admin-token'] ?? env.INCOUNTRY_POP_ADMIN_TOKEN;
  if (adminToken !== undefined) options.adminToken = adminToken;
  const allowedHosts = (values['allowed-hosts'] ?? [env.INCOUNTRY_POP_ALLOWED_HOSTS ?? ''])
    .flatMap((item) => item.split(','))
    .map((h) => h.trim())
    .filter((h) => h !== '');
  if (allowedHosts.length > 0) options.allowedHosts = allowedHosts;
  const sseKey = values['sse-key'] ?? env.INCOUNTRY_POP_SSE_KEY;
  if (sseKey !== undefined) options.sseKey = sseKey;
  return { help: false, options: options as LocalPopOptions };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'allowed-hosts': { type: 'string', multiple: true },
      db: { type: 'string' },
      country: { type: 'string', multiple: true },
      'env-id': { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      strict: { type: 'boolean' },
      'admin-token': { type: 'string' },
      'sse-key': { type: 'string' },
      'token-ttl': { type: 'string' },
      log: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function integerOption(name: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new CliUsageError(`${name} expects a whole number`);
  return Number(value);
}

/**
 * The one stable line printed when the PoP is ready. The secret is shown only for dev credentials.
 *
 * @example
 * readyLine(pop, false); // 'incountry pop listening on http://127.0.0.1:8080 env=local-dev client_id=local-client client_secret=local-secret'
 */
export function readyLine(pop: LocalPop, strict: boolean): string {
  const { environmentId, clientId, clientSecret } = pop.storageOptions;
  const line = `incountry pop listening on ${pop.url} env=${environmentId} client_id=${clientId}`;
  return strict ? line : `${line} client_secret=${clientSecret}`;
}

/** Where the command writes and which process it listens to for signals. */
export interface PopCommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly onSignal: (signal: NodeJS.Signals, listener: () => void) => void;
  readonly exit: (code: number) => void;
}

/**
 * Runs `incountry pop`: starts the PoP, prints the ready line, and closes it gracefully on SIGINT/SIGTERM.
 * Returns the exit code for failures before start; a running PoP exits through `io.exit`.
 */
export async function runPopCommand(argv: readonly string[], io: PopCommandIo): Promise<number | LocalPop> {
  let command: PopCommand;
  try {
    command = parsePopArgs(argv, io.env);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    io.stderr(`incountry pop: ${error.message}\nRun 'incountry pop --help' for usage.\n`);
    return 2;
  }
  if (command.help) {
    io.stdout(POP_USAGE);
    return 0;
  }
  let pop: LocalPop;
  try {
    pop = await startLocalPop(command.options);
  } catch (error) {
    const known = error instanceof StorageError || (error as { code?: unknown }).code === 'EADDRINUSE';
    io.stderr(`incountry pop: could not start: ${known ? (error as Error).message : String(error)}\n`);
    return 1;
  }
  io.stdout(`${readyLine(pop, command.options.strict === true)}\n`);

  let stopping = false;
  const stop = () => {
    if (stopping) {
      io.exit(1);
      return;
    }
    stopping = true;
    pop.close().then(
      () => io.exit(0),
      (error: unknown) => {
        io.stderr(`incountry pop: error while closing: ${String(error)}\n`);
        io.exit(1);
      },
    );
  };
  io.onSignal('SIGINT', stop);
  io.onSignal('SIGTERM', stop);
  return pop;
}
