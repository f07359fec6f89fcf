/**
 * Runs the `incountry` command in a child process (through tsx, from the sources), with a clean
 * environment: no INC_*, INCOUNTRY_* or PORT from the machine running the tests.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { popReady } from '../../../src/cli/pop-command.js';
import type { LocalPop } from '../../../src/server/local-pop.js';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The command line that starts the CLI: `node --import tsx src/cli/main.ts`. */
export const CLI_COMMAND = [process.execPath, '--import', 'tsx', 'src/cli/main.ts'] as const;

function cleanEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(INC_|INCOUNTRY_|PORT$)/.test(name)),
  );
  return { ...base, ...env };
}

export interface CliRun {
  readonly code: number | string;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliProcess {
  readonly child: ChildProcess;
  /** Every complete stdout line so far. */
  readonly lines: string[];
  /** Resolves with the first stdout line matching `pattern` (already seen or still to come). */
  waitForLine(pattern: RegExp): Promise<string>;
  /** Resolves once the process is gone. */
  readonly done: Promise<CliRun>;
}

/** Starts `incountry <args>` and follows its output line by line. */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  return follow(CLI_COMMAND[0], [...CLI_COMMAND.slice(1), ...args], env);
}

/**
 * Runs `incountry <args>` under a pseudo-terminal (util-linux `script`), so its stdout is a TTY; resolves
 * with everything the terminal received. `undefined` when `script` is not installed.
 */
export async function runCliInTerminal(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<CliRun | undefined> {
  const probe = await follow('script', ['--version'], {}).done.catch(() => undefined);
  if (probe === undefined || probe.code !== 0) return undefined;
  const command = [...CLI_COMMAND, ...args].map((part) => `'${part.replace(/'/g, `'\\''`)}'`).join(' ');
  return follow('script', ['-qec', command, '/dev/null'], { COLUMNS: '120', ...env }).done;
}

function follow(file: string, args: readonly string[], env: NodeJS.ProcessEnv): CliProcess {
  const child = spawn(file, [...args], {
    cwd: root,
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    stdout += text;
    partial += text;
    for (let at = partial.indexOf('\n'); at >= 0; at = partial.indexOf('\n')) {
      const line = partial.slice(0, at);
      partial = partial.slice(at + 1);
      lines.push(line);
      for (const waiter of waiters.filter((w) => w.pattern.test(line))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const done = new Promise<CliRun>((resolveDone, rejectDone) => {
    child.once('error', rejectDone);
    child.once('close', (code, signal) => resolveDone({ code: code ?? signal ?? 'unknown', stdout, stderr }));
  });
  return {
    child,
    lines,
    done,
    waitForLine(pattern) {
      const seen = lines.find((line) => pattern.test(line));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolveLine, reject) => {
        waiters.push({ pattern, resolve: resolveLine });
        void done.then((run) =>
          reject(
            new Error(
              `incountry exited (${run.code}) before printing ${pattern}:\n${run.stdout}\n${run.stderr}`,
            ),
          ),
        );
      });
    },
  };
}

/** Runs `incountry <args>` to completion. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return startCli(args, env).done;
}

/** The INC_* variables a client needs to reach `pop`, its client secret included (what `incountry pop` prints). */
export function clientEnvOf(pop: LocalPop): NodeJS.ProcessEnv {
  return { ...popReady(pop, pop.storageOptions.clientSecret).env };
}
