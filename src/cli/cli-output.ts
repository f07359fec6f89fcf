/**
 * The output contract of the `incountry` command (docs/cli.md#output-errors-and-exit-codes): every command
 * takes `--json`; with it stdout carries JSON only (one document, or NDJSON for streams) and a failure is
 * one JSON line on stderr; without it, colour appears only where it helps (the error label, summaries),
 * and only when the terminal takes it.
 */
import type { CliIo } from './cli-io.js';

/**
 * Whether the command line asks for JSON output (`--json` before any `--`). Read from argv because an
 * error can happen before commander has parsed the flags of the command that failed.
 *
 * @example
 * wantsJson(['read', 'us', 'k1', '--json']); // true
 */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

/**
 * Whether to colour text written to stderr: `NO_COLOR` (any non-empty value) turns colour off,
 * `FORCE_COLOR` (anything but `0` or `false`) turns it on, otherwise only a terminal gets it.
 *
 * @example
 * useColour({ NO_COLOR: '1' }, true); // false
 */
export function useColour(env: NodeJS.ProcessEnv, isTerminal: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return isTerminal;
}

/** SGR wrappers that are identity functions when colour is off. */
export interface Paint {
  readonly red: (text: string) => string;
  readonly bold: (text: string) => string;
}

/**
 * Colour for one stream of this process.
 *
 * @example
 * declare const io: CliIo;
 * io.stderr(`${paint(io, 'stderr').red('incountry: SERVER_ERROR:')} …\n`);
 */
export function paint(io: CliIo, stream: 'stdout' | 'stderr'): Paint {
  const on = useColour(io.env, stream === 'stdout' ? io.isTty : io.stderrIsTty === true);
  const sgr = (open: number, close: number) => (text: string) =>
    on ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return { red: sgr(31, 39), bold: sgr(1, 22) };
}
