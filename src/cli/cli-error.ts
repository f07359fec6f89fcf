/**
 * Exit codes of the `incountry` command and the one-line error format (`incountry: CODE: message`).
 */
import { StorageClientError, StorageError } from '../errors.js';
import { terminalText } from './terminal-text.js';

/** Exit codes, documented in docs/cli.md. */
export const EXIT_CODES = {
  /** Done. */
  ok: 0,
  /** The operation failed: server, network, authentication or crypto error (the line names the code). */
  failed: 1,
  /** The command line or the client configuration is wrong (usage, options, secrets, input). */
  usage: 2,
  /** Finished, but some records could not be decrypted (migrate, find). */
  undecryptable: 3,
  /** Stopped by Ctrl-C (SIGINT) after finishing the batch in flight. */
  interrupted: 130,
} as const;

/** A command-line mistake the CLI itself detects: printed with code USAGE, exit code 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

/** A failure outside the SDK (e.g. the PoP admin API answered an error): printed with its code, exit 1. */
export class CliCommandError extends Error {
  override readonly name = 'CliCommandError';
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * The one line printed for an error, and the exit code. Messages are the SDK's, which never carry
 * secrets or record values.
 *
 * @example
 * describeError(new CliUsageError('--batch expects 1..100')); // { line: 'incountry: USAGE: --batch expects 1..100', exitCode: 2 }
 */
export function describeError(error: unknown): { line: string; exitCode: number } {
  if (error instanceof CliUsageError)
    return { line: `incountry: USAGE: ${oneLine(error.message)}`, exitCode: 2 };
  if (error instanceof CliCommandError)
    return { line: `incountry: ${error.code}: ${oneLine(error.message)}`, exitCode: 1 };
  if (error instanceof StorageError)
    return {
      line: `incountry: ${error.code}: ${oneLine(error.message)}`,
      exitCode: error instanceof StorageClientError ? EXIT_CODES.usage : EXIT_CODES.failed,
    };
  const message = error instanceof Error ? error.message : String(error);
  return { line: `incountry: UNEXPECTED: ${oneLine(message)}`, exitCode: 1 };
}

/** One line, with whatever control characters a server put into the message escaped. */
function oneLine(text: string): string {
  return terminalText(text.replace(/\s*\n\s*/g, ' ').trim());
}
