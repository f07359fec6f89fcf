#!/usr/bin/env node
/**
 * The `incountry` command (docs/cli.md): migrate, read, find, delete, health, countries, keygen,
 * secrets check, and pop (serve or administer a local PoP).
 */
import { processIo } from './cli-io.js';
import { runCli } from './program.js';

process.exitCode = await runCli(process.argv.slice(2), processIo());
