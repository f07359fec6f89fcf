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
    .action(() => {
      ctx.io.stdout(`${randomBytes(KEY_LENGTH).toString('base64')}\n`);
    });

  const secrets = program.command('secrets').description('work with secrets files');
  secrets
    .command('check')
    .description('validate a secrets file (JSON SecretsData or a plain secret) without printing it')
    .addOption(new Option('--secrets-file <path>', 'the file to check').env('INC_SECRETS_FILE'))
    .action(async (flags: { secretsFile?: string }) => {
      if (flags.secretsFile === undefined || flags.secretsFile.trim() === '')
        throw new CliUsageError('give --secrets-file <path> (or set INC_SECRETS_FILE)');
      const { secrets: loaded } = await loadSecretsFile(flags.secretsFile);
      const versions = loaded.secrets.map((s) => {
        const kind = s.isKey === true ? 'key' : s.isForCustomEncryption === true ? 'custom' : 'password';
        return `${s.version} (${kind})`;
      });
      ctx.io.stdout(`ok: current version ${loaded.currentVersion}; versions ${versions.join(', ')}\n`);
    });
}
