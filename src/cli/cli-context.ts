/**
 * What every subcommand's action gets: the process view and a way to set the exit code.
 */
import type { CliIo } from './cli-io.js';

/** Shared by the subcommands of one run. */
export interface CliContext {
  readonly io: CliIo;
  /** Sets the exit code of this run (the highest-priority failure wins: callers set it once). */
  setExitCode(code: number): void;
  /** Whether the command line asked for `--json`: JSON-only stdout, errors as JSON lines. */
  readonly json?: boolean | undefined;
  /** Prints one JSON value on one line. */
  printJson(value: unknown): void;
}
