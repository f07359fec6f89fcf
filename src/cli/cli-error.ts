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

/** How an error is reported: its code, its one-line message and the exit code. */
export interface DescribedError {
  /** `incountry: CODE: message`, the human form. */
  readonly line: string;
  readonly code: string;
  readonly message: string;
  readonly exitCode: number;
}

/**
 * The one line printed for an error, and the exit code. Messages are the SDK's, which never carry
 * secrets or record values. `UNEXPECTED` is kept for bugs: a missing server package is `MISSING_PACKAGE`
 * and, like every configuration problem, exits 2.
 *
 * @example
 * describeError(new CliUsageError('--batch expects 1..100')).line; // 'incountry: USAGE: --batch expects 1..100'
 */
export function describeError(error: unknown): DescribedError {
  const [code, message, exitCode] = classify(error);
  const text = oneLine(message);
  return { line: `incountry: ${code}: ${text}`, code, message: text, exitCode };
}

function classify(error: unknown): [code: string, message: string, exitCode: number] {
  if (error instanceof CliUsageError) return ['USAGE', error.message, EXIT_CODES.usage];
  if (error instanceof CliCommandError) return [error.code, error.message, EXIT_CODES.failed];
  if (error instanceof StorageError)
    return [
      error.code,
      error.message,
      error instanceof StorageClientError ? EXIT_CODES.usage : EXIT_CODES.failed,
    ];
  // Thrown by incountry-ts/server's loader (server-dependencies.ts), which the client half cannot import.
  if ((error as { code?: unknown } | null)?.code === 'ERR_INCOUNTRY_SERVER_DEPENDENCY')
    return ['MISSING_PACKAGE', (error as Error).message, EXIT_CODES.usage];
  return ['UNEXPECTED', error instanceof Error ? error.message : String(error), EXIT_CODES.failed];
}

/** One line, with whatever control characters a server put into the message escaped. */
function oneLine(text: string): string {
  return terminalText(text.replace(/\s*\n\s*/g, ' ').trim());
}
