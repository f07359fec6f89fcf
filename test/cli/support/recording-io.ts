/**
 * An in-process view of the CLI's process for tests: what it writes to stdout and stderr is collected,
 * and signals and exits do nothing.
 */
import type { CliIo } from '../../../src/cli/cli-io.js';

/** A recording `CliIo`; `options` override its fields (environment, terminals). */
export function recordingIo(options: Partial<CliIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: {},
    isTty: false,
    onSignal: () => () => undefined,
    exit: () => undefined,
    ...options,
  };
  return { io, out, err };
}
