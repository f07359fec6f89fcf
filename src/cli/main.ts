#!/usr/bin/env node
/**
 * The `incountry` command. Subcommands: `pop` (serve a local PoP).
 */
import { runPopCommand } from './pop-command.js';

const USAGE = `Usage: incountry <command> [options]

Commands:
  pop     serve a local PoP (run 'incountry pop --help')
`;

async function main(argv: readonly string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'pop') {
    const result = await runPopCommand(rest, {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      env: process.env,
      onSignal: (signal, listener) => process.on(signal, listener),
      exit: (code) => process.exit(code),
    });
    if (typeof result === 'number') process.exitCode = result;
    return;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  process.stderr.write(`incountry: unknown command '${command}'\n${USAGE}`);
  process.exitCode = 2;
}

await main(process.argv.slice(2));
