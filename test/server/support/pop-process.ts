/**
 * Runs `incountry pop` in a child process (through tsx, from the sources) and waits for its ready line.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The ready line: `incountry pop listening on <url> env=<id> client_id=<id>[ client_secret=<secret>]`. */
export const READY_LINE =
  /^incountry pop listening on (http:\/\/\S+) env=(\S+) client_id=(\S+)(?: client_secret=(\S+))?$/;

export interface PopProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly env: string;
  readonly clientId: string;
  readonly clientSecret: string | undefined;
  /** Every stdout line so far. */
  readonly lines: string[];
  /** Resolves with the exit code (or the signal name) once the process is gone. */
  readonly exited: Promise<number | string>;
}

/** Spawns `node --import tsx src/cli/main.ts <args>` and resolves once the ready line arrived. */
export function spawnPop(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<PopProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | string>((resolveExit) => {
    child.once('exit', (code, signal) => resolveExit(code ?? signal ?? 'unknown'));
  });
  const lines: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return new Promise((resolveReady, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        lines.push(line);
        const match = READY_LINE.exec(line);
        if (match)
          resolveReady({
            child,
            url: match[1]!,
            env: match[2]!,
            clientId: match[3]!,
            clientSecret: match[4],
            lines,
            exited,
          });
        newline = buffered.indexOf('\n');
      }
    });
    void exited.then((code) => reject(new Error(`incountry pop exited (${code}) before ready: ${stderr}`)));
  });
}
