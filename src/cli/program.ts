/**
 * The `incountry` command tree (commander) and one run of it: flags parsed, unknown ones rejected with a
 * suggestion, errors printed as one line with their code, and the exit code returned.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { registerCompletion } from './cli-completion.js';
import type { CliContext } from './cli-context.js';
import { CliUsageError, type DescribedError, describeError, EXIT_CODES } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { paint, wantsJson } from './cli-output.js';
import { registerKeyCommands } from './key-commands.js';
import { registerMigrateCommand } from './migrate-command.js';
import { registerPopAdmin } from './pop-admin-command.js';
import { registerPopServe } from './pop-command.js';
import { registerRecordCommands } from './record-commands.js';
import { terminalJson } from './terminal-text.js';

function packageVersion(): string {
  // src/cli/ and dist/cli/ are both two levels below package.json.
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** A failure under `--json`: one JSON line `{"error":{"code","message","exitCode"}}`. */
function jsonErrorLine({ code, message, exitCode }: DescribedError): string {
  return `${terminalJson({ error: { code, message, exitCode } })}\n`;
}

/** The guide ships in the package (docs/cli.md, two levels above src/cli/ and dist/cli/). */
function guidePath(): string {
  return fileURLToPath(new URL('../../docs/cli.md', import.meta.url));
}

/**
 * Builds the command tree for one run.
 *
 * @example
 * const program = createProgram({ io: processIo(), setExitCode: () => {}, printJson: console.log });
 */
export function createProgram(ctx: CliContext): Command {
  const program = new Command('incountry')
    .description('Operate InCountry storage: migrate keys, read and find records, run a local PoP.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .enablePositionalOptions()
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: ctx.io.stdout,
      writeErr: ctx.io.stderr,
      // commander's own errors (unknown option, missing argument) keep the JSON contract too.
      outputError: (text, write) =>
        write(
          ctx.json === true
            ? jsonErrorLine(describeError(new CliUsageError(text.replace(/^error: /, ''))))
            : text,
        ),
    });
  program.addHelpText(
    'after',
    '\nEvery command takes --json (JSON on stdout, errors as one JSON line on stderr).\n' +
      'Exit codes: 0 ok, 1 failed, 2 usage or configuration, 3 undecryptable records, 130 interrupted.\n' +
      `Shell completion: incountry completion bash|zsh|fish. Guide: ${guidePath()}`,
  );

  registerMigrateCommand(program, ctx, (error) => describeError(error).line.replace(/^incountry: /, ''));
  registerRecordCommands(program, ctx);
  registerKeyCommands(program, ctx);
  const pop = program
    .command('pop')
    .description('serve a local PoP, or administer a running one (reset, requests, faults, health)');
  registerPopServe(pop, ctx);
  registerPopAdmin(pop, ctx);
  registerCompletion(program, ctx);
  return program;
}

/**
 * Runs `incountry` with `argv` (without node and the script) and resolves with the exit code. Long-running
 * commands (`pop`) resolve once started and end the process through `io.exit`.
 *
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), processIo());
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT_CODES.ok;
  const ctx: CliContext = {
    io,
    json: wantsJson(argv),
    setExitCode: (code) => {
      exitCode = code;
    },
    printJson: (value) => io.stdout(`${terminalJson(value)}\n`),
  };
  const program = createProgram(ctx);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version "fail" with code 0; anything else commander rejects is a usage error.
      if (error.exitCode === 0) return EXIT_CODES.ok;
      return EXIT_CODES.usage;
    }
    const described = describeError(error);
    if (ctx.json === true) io.stderr(jsonErrorLine(described));
    else {
      const label = `incountry: ${described.code}:`;
      io.stderr(`${paint(io, 'stderr').red(label)}${described.line.slice(label.length)}\n`);
    }
    return described.exitCode;
  }
}
