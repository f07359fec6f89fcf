/**
 * The flags every client subcommand shares (read, find, delete, migrate, health, countries), each with the
 * `INC_*` variable the SDK documents as its fallback, and the storage they build.
 */
import { type Command, Option } from 'commander';
import { formatIssues, StorageConfigValidationError } from '../errors.js';
import { createStorageWith } from '../storage/create-storage.js';
import type { Storage } from '../storage/storage.js';
import { abortableSleep } from '../transport/abortable-sleep.js';
import { createCountriesCache, DEFAULT_COUNTRIES_ENDPOINT } from '../transport/countries-cache.js';
import { endpointUrlProblem } from '../transport/endpoint-url.js';
import {
  DEFAULT_RETRY_BASE_DELAY,
  DEFAULT_RETRY_MAX_DELAY,
  DEFAULT_TIMEOUT_SECONDS,
} from '../transport/transport-settings.js';
import type { Country } from '../wire/index.js';
import { CliUsageError } from './cli-error.js';
import { type LoadedSecrets, loadSecretsFile } from './secrets-option.js';

/** Parsed client flags (commander's camelCase names). */
export interface ClientFlags {
  readonly envId?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly endpoint?: string;
  readonly authEndpoint?: string;
  readonly countriesEndpoint?: string;
  readonly secretsFile?: string;
  readonly encryption?: 'local' | 'sse' | 'off';
  readonly plainSearchKeys?: boolean;
  readonly normalizeKeys?: boolean;
}

const CLIENT_FLAGS: readonly { flags: string; env?: string; description: string; choices?: string[] }[] = [
  { flags: '--env-id <id>', env: 'INC_ENVIRONMENT_ID', description: 'environment id' },
  { flags: '--client-id <id>', env: 'INC_CLIENT_ID', description: 'OAuth client id' },
  { flags: '--client-secret <secret>', env: 'INC_CLIENT_SECRET', description: 'OAuth client secret' },
  { flags: '--endpoint <url>', env: 'INC_ENDPOINT', description: 'PoP URL used for every country' },
  { flags: '--auth-endpoint <url>', env: 'INC_AUTH_ENDPOINT', description: 'OAuth token endpoint' },
  { flags: '--countries-endpoint <url>', env: 'INC_COUNTRIES_ENDPOINT', description: 'countries list URL' },
  {
    flags: '--secrets-file <path>',
    env: 'INC_SECRETS_FILE',
    description: 'JSON SecretsData or a plain secret (LOCAL encryption)',
  },
  {
    flags: '--encryption <mode>',
    description: 'how records are encrypted (default: local)',
    choices: ['local', 'sse', 'off'],
  },
  {
    flags: '--plain-search-keys',
    description: 'key1..key20 are stored in plain text (hashSearchKeys: false)',
  },
  { flags: '--normalize-keys', description: 'keys were written with normalizeKeys: true' },
];

/**
 * Adds the client flags to a subcommand.
 *
 * @example
 * declare const program: import('commander').Command;
 * addClientOptions(program.command('read'));
 */
export function addClientOptions(command: Command): Command {
  for (const flag of CLIENT_FLAGS) {
    const option = new Option(flag.flags, flag.description);
    if (flag.env !== undefined) option.env(flag.env);
    if (flag.choices !== undefined) option.choices(flag.choices);
    command.addOption(option.helpGroup('Client options:'));
  }
  return command.option('--json', 'JSON output only (see docs/cli.md for each command)');
}

/** Drops empty values: an exported-but-empty INC_* variable counts as unset, as in the SDK. */
function withoutEmpty(flags: ClientFlags): ClientFlags {
  return Object.fromEntries(
    Object.entries(flags).filter(([, value]) => typeof value !== 'string' || value.trim() !== ''),
  ) as ClientFlags;
}

/** A storage built from the flags, with the secrets it was given (LOCAL mode). */
export interface OpenedStorage {
  readonly storage: Storage;
  readonly secrets: LoadedSecrets | undefined;
}

/**
 * Builds a storage from the flags. `encryption: 'off'` forces OFF mode (health checks need no secrets).
 * Throws CliUsageError when LOCAL mode has no secrets file, and the SDK's errors for anything else.
 *
 * @example
 * const { storage } = await openStorage({ envId: 'e', clientId: 'c', clientSecret: 's', encryption: 'off' });
 */
export async function openStorage(
  given: ClientFlags,
  override: { readonly encryption?: 'off' } = {},
): Promise<OpenedStorage> {
  const flags = withoutEmpty(given);
  const mode = override.encryption ?? flags.encryption ?? 'local';
  let secrets: LoadedSecrets | undefined;
  if (mode === 'local') {
    if (flags.secretsFile === undefined)
      throw new CliUsageError(
        'LOCAL encryption needs --secrets-file <path> (or INC_SECRETS_FILE); use --encryption sse|off for records stored without client-side encryption',
      );
    secrets = await loadSecretsFile(flags.secretsFile);
  }
  const extra: Record<string, unknown> = {};
  if (flags.authEndpoint !== undefined) extra.authEndpoints = { default: flags.authEndpoint };
  if (flags.countriesEndpoint !== undefined) extra.countriesEndpoint = flags.countriesEndpoint;
  if (mode !== 'sse') {
    if (flags.plainSearchKeys === true) extra.hashSearchKeys = false;
    if (flags.normalizeKeys === true) extra.normalizeKeys = true;
  }
  const options: Record<string, unknown> = { encrypt: mode.toUpperCase() };
  if (flags.envId !== undefined) options.environmentId = flags.envId;
  if (flags.clientId !== undefined) options.clientId = flags.clientId;
  if (flags.clientSecret !== undefined) options.clientSecret = flags.clientSecret;
  if (flags.endpoint !== undefined) options.endpoint = flags.endpoint;
  if (secrets !== undefined) options.secretKeyAccessor = secrets.accessor;
  if (Object.keys(extra).length > 0) options.options = extra;
  return { storage: await createStorageWith(options, {}), secrets };
}

/**
 * The countries list the client would use (`--countries-endpoint`, else the platform's).
 *
 * @example
 * const countries = await listCountries({ countriesEndpoint: 'http://127.0.0.1:8080/countries' });
 */
export async function listCountries(flags: ClientFlags): Promise<readonly Country[]> {
  const url = withoutEmpty(flags).countriesEndpoint ?? DEFAULT_COUNTRIES_ENDPOINT;
  // Checked as createStorage checks it: this path builds no storage.
  const problem = endpointUrlProblem(url);
  if (problem !== undefined) {
    const issues = [{ path: ['options', 'countriesEndpoint'], message: `countriesEndpoint ${problem}` }];
    throw new StorageConfigValidationError(`countries failed: invalid options: ${formatIssues(issues)}`, {
      issues,
    });
  }
  const cache = createCountriesCache(url, {
    timeoutMs: DEFAULT_TIMEOUT_SECONDS * 1000,
    retryBaseDelay: DEFAULT_RETRY_BASE_DELAY,
    retryMaxDelay: DEFAULT_RETRY_MAX_DELAY,
    random: Math.random,
    sleep: abortableSleep,
    now: Date.now,
  });
  return cache.get('countries');
}
