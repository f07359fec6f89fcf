/**
 * `incountry keygen` and `incountry secrets check`.
 */
import { randomBytes } from 'node:crypto';
import { type Command, Option } from 'commander';
import { KEY_LENGTH } from '../crypto/secrets-data.js';
import type { CliContext } from './cli-context.js';
import { CliUsageError } from './cli-error.js';
import { loadSecretsFile } from './secrets-option.js';

/**
 * Registers `keygen` and `secrets check`.
 *
 * @example
 * declare const program: import('commander').Command;
 * declare const ctx: Parameters<typeof registerKeyCommands>[1];
 * registerKeyCommands(program, ctx);
 */
export function registerKeyCommands(program: Command, ctx: CliContext): void {
  program
    .command('keygen')
    .description(`print a random ${KEY_LENGTH}-byte key in base64 (isKey secrets, the PoP's --sse-key)`)
    .option('--json', 'print { "key": "…" }')
    .action(() => {
      const key = randomBytes(KEY_LENGTH).toString('base64');
      if (ctx.json === true) ctx.printJson({ key });
      else ctx.io.stdout(`${key}\n`);
    });

  const secrets = program.command('secrets').description('work with secrets files');
  secrets
    .command('check')
    .description('validate a secrets file (JSON SecretsData or a plain secret) without printing it')
    .addOption(new Option('--secrets-file <path>', 'the file to check').env('INC_SECRETS_FILE'))
    .option('--json', 'print { "ok": true, "currentVersion": …, "versions": [{ "version", "kind" }] }')
    .action(async (flags: { secretsFile?: string }) => {
      if (flags.secretsFile === undefined || flags.secretsFile.trim() === '')
        throw new CliUsageError('give --secrets-file <path> (or set INC_SECRETS_FILE)');
      const { secrets: loaded } = await loadSecretsFile(flags.secretsFile);
      const versions = loaded.secrets.map((s) => ({
        version: s.version,
        kind: s.isKey === true ? 'key' : s.isForCustomEncryption === true ? 'custom' : 'password',
      }));
      if (ctx.json === true) {
        ctx.printJson({ ok: true, currentVersion: loaded.currentVersion, versions });
        return;
      }
      const listed = versions.map((v) => `${v.version} (${v.kind})`).join(', ');
      ctx.io.stdout(`ok: current version ${loaded.currentVersion}; versions ${listed}\n`);
    });
}
