/**
 * `incountry pop`: serves a local PoP until SIGINT/SIGTERM. The flags are in pop-flags.ts; `PORT` is
 * honoured, and the ready output says what a client exports to reach it. The server module is imported
 * only here, on demand, so the other subcommands run without the server packages installed.
 */
import type { Command } from 'commander';
import type { LocalPop } from '../server/local-pop.js';
import type { CliContext } from './cli-context.js';
import { CliCommandError } from './cli-error.js';
import { addPopFlags, popOptionsFromFlags } from './pop-flags.js';

/** What `incountry pop --json` prints when ready. */
export interface PopReady {
  readonly url: string;
  readonly authEndpoint: string;
  readonly countriesEndpoint: string;
  readonly environmentId: string;
  readonly clientId: string;
  /** Only the well-known development secret; a real one is never printed. */
  readonly clientSecret?: string;
  /** The variables a client exports to reach this PoP. */
  readonly env: Readonly<Record<string, string>>;
  /**
   * The inspector page (`<url>/_pop/ui`; absent with `--no-inspector`). With an admin token, open it with
   * `#token=<admin token>` appended: the token itself is never printed.
   */
  readonly inspectorUrl?: string;
}

/**
 * What the ready output shows. The client secret appears only when it is `devClientSecret`, the
 * well-known development one; a configured secret is never printed.
 *
 * @example
 * declare const pop: import('incountry-ts/server').LocalPop;
 * popReady(pop, 'local-secret').env.INC_ENDPOINT === pop.url; // true
 */
export function popReady(pop: LocalPop, devClientSecret: string): PopReady {
  const { environmentId, clientId, clientSecret, options } = pop.storageOptions;
  const shown = clientSecret === devClientSecret ? { clientSecret } : {};
  const env: Record<string, string> = {
    INC_ENDPOINT: pop.url,
    INC_AUTH_ENDPOINT: options.authEndpoints.default,
    INC_COUNTRIES_ENDPOINT: options.countriesEndpoint,
    INC_ENVIRONMENT_ID: environmentId,
    INC_CLIENT_ID: clientId,
  };
  if (shown.clientSecret !== undefined) env.INC_CLIENT_SECRET = shown.clientSecret;
  return {
    url: pop.url,
    authEndpoint: options.authEndpoints.default,
    countriesEndpoint: options.countriesEndpoint,
    environmentId,
    clientId,
    ...shown,
    env,
    ...(pop.inspectorUrl === undefined ? {} : { inspectorUrl: pop.inspectorUrl }),
  };
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The human ready output: the stable `incountry pop listening on …` line scripts wait for, the inspector's
 * URL as a shell comment, then one `export` line per variable a client needs.
 *
 * @example
 * declare const pop: import('incountry-ts/server').LocalPop;
 * readyText(popReady(pop, 'local-secret')); // 'incountry pop listening on http://127.0.0.1:8080 env=local-dev client_id=local-client client_secret=local-secret\nexport INC_ENDPOINT=…'
 */
export function readyText(ready: PopReady): string {
  const secret = ready.clientSecret !== undefined ? ` client_secret=${ready.clientSecret}` : '';
  const first = `incountry pop listening on ${ready.url} env=${ready.environmentId} client_id=${ready.clientId}${secret}`;
  const exports = Object.entries(ready.env).map(([name, value]) => `export ${name}=${shellQuote(value)}`);
  // A shell comment, so the lines after the first can still be pasted into a shell as they are.
  const inspector = ready.inspectorUrl === undefined ? [] : [`# inspector: ${ready.inspectorUrl}`];
  return `${[first, ...inspector, ...exports].join('\n')}\n`;
}

/**
 * Adds the serve flags and action to the `pop` command.
 *
 * @example
 * declare const program: import('commander').Command;
 * declare const ctx: Parameters<typeof registerPopServe>[1];
 * registerPopServe(program.command('pop'), ctx);
 */
export function registerPopServe(pop: Command, ctx: CliContext): void {
  addPopFlags(pop);
  pop.option('--json', 'print the ready output as one JSON line');
  pop.allowExcessArguments(true);
  pop.action(async (values: Record<string, unknown>, command: Command) => {
    // HACK: commander reports unknown subcommands (with a suggestion) only for commands without an action;
    // this command serves by default, so it asks for that report itself.
    if (command.args.length > 0) (command as unknown as { unknownCommand(): never }).unknownCommand();
    const options = popOptionsFromFlags(values, ctx.io.env);
    const { startLocalPop, DEV_CREDENTIALS } = await import('../server/index.js');
    let pop: LocalPop;
    try {
      pop = await startLocalPop(options);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'EADDRINUSE')
        throw new CliCommandError(
          'ADDRESS_IN_USE',
          `port ${options.port} is in use; pick another with --port or PORT`,
        );
      throw error;
    }
    let stopping = false;
    const stop = () => {
      if (stopping) {
        ctx.io.exit(1);
        return;
      }
      stopping = true;
      pop.close().then(
        () => ctx.io.exit(0),
        (error: unknown) => {
          ctx.io.stderr(`incountry pop: error while closing: ${String(error)}\n`);
          ctx.io.exit(1);
        },
      );
    };
    ctx.io.onSignal('SIGINT', stop);
    ctx.io.onSignal('SIGTERM', stop);
    // Printed last: whoever waits for the ready output may signal the process right after it.
    const ready = popReady(pop, DEV_CREDENTIALS.clientSecret);
    ctx.io.stdout(values.json === true ? `${JSON.stringify(ready)}\n` : readyText(ready));
  });
}
