/**
 * Where the `incountry` command writes and which signals it listens to. The process binds it to stdout,
 * stderr and `process.on`; tests hand in a recording one.
 */

/** The command's view of its process. */
export interface CliIo {
  /** Writes to stdout. */
  readonly stdout: (text: string) => void;
  /** Writes to stderr. */
  readonly stderr: (text: string) => void;
  /** The process environment (PORT, INC_*, INCOUNTRY_POP_*). */
  readonly env: NodeJS.ProcessEnv;
  /** Whether stdout is a terminal: progress bars instead of plain lines. */
  readonly isTty: boolean;
  /** Whether stderr is a terminal: colour for error labels, and the `find --all` progress line. */
  readonly stderrIsTty?: boolean | undefined;
  /** The output stream progress bars draw on (only used when `isTty`). */
  readonly ttyStream?: NodeJS.WritableStream | undefined;
  /** Subscribes to a signal; returns a function that unsubscribes. */
  readonly onSignal: (signal: NodeJS.Signals, listener: () => void) => () => void;
  /** Ends the process (used by long-running commands once they stop). */
  readonly exit: (code: number) => void;
}

/**
 * The real process.
 *
 * @example
 * const io = processIo();
 * io.stdout('hello\n');
 */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    isTty: process.stdout.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
    ttyStream: process.stdout,
    onSignal: (signal, listener) => {
      process.on(signal, listener);
      return () => process.off(signal, listener);
    },
    exit: (code) => process.exit(code),
  };
}
