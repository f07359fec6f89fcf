/**
 * The `incountry pop` flags: one {@link POP_FLAGS} entry per `startLocalPop` option, each with its
 * `INCOUNTRY_POP_*` variable, and the step that turns parsed values into {@link LocalPopOptions}.
 */
import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import type { LocalPopOptions } from '../server/local-pop.js';
import { CliUsageError } from './cli-error.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What the flags build before it becomes {@link LocalPopOptions}. */
interface PopDraft extends Mutable<Omit<LocalPopOptions, 'store'>> {
  primary: { environmentId?: string; clientId?: string; clientSecret?: string };
  extraCredentials: { environmentId: string; clientId: string; clientSecret: string }[];
  countryDbs: Record<string, string>;
}

/** One `incountry pop` flag: its commander spec, its environment variable and what it sets. */
export interface PopFlag {
  readonly flags: string;
  readonly env: string;
  readonly description: string;
  /** The flag may be given several times (the variable holds a comma-separated list). */
  readonly repeatable?: boolean;
  readonly apply: (draft: PopDraft, value: string) => void;
}

function wholeNumber(flag: string, value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new CliUsageError(`${flag} expects a whole number`);
  return Number(value);
}

function splitOnce(value: string, separator: string, count: number): string[] | undefined {
  const parts: string[] = [];
  let rest = value;
  for (let i = 0; i < count - 1; i++) {
    const at = rest.indexOf(separator);
    if (at <= 0) return undefined;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  return rest === '' ? undefined : [...parts, rest];
}

function readCountries(path: string): LocalPopOptions['countries'] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'not valid JSON';
    throw new CliUsageError(`--countries: cannot read ${path} (${reason})`);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { countries?: unknown } | null)?.countries;
  if (!Array.isArray(list))
    throw new CliUsageError(
      '--countries expects a JSON file holding [{ id, name, direct, region }] or { countries: [...] }',
    );
  // startLocalPop validates each entry with the wire schema.
  return list as LocalPopOptions['countries'];
}

/**
 * The flags of `incountry pop`, in help order. Adding a `startLocalPop` option to the CLI is one entry.
 */
export const POP_FLAGS: readonly PopFlag[] = [
  {
    flags: '--port <n>',
    env: 'INCOUNTRY_POP_PORT',
    description: 'port to listen on; 0 picks a free one (default: $PORT, else 8080)',
    apply: (d, v) => {
      d.port = wholeNumber('--port', v);
    },
  },
  {
    flags: '--host <addr>',
    env: 'INCOUNTRY_POP_HOST',
    description: 'interface to bind (default 127.0.0.1)',
    apply: (d, v) => {
      d.host = v;
    },
  },
  {
    flags: '--allowed-hosts <list>',
    env: 'INCOUNTRY_POP_ALLOWED_HOSTS',
    description:
      'host names the PoP answers to besides localhost, 127.0.0.1 and [::1], e.g. pop.test,localhost:18080; any other Host or Origin gets 403',
    repeatable: true,
    apply: (d, v) => {
      d.allowedHosts = [...(d.allowedHosts ?? []), v];
    },
  },
  {
    flags: '--db <url>',
    env: 'INCOUNTRY_POP_DB',
    description: 'sqlite::memory: (default), sqlite:./pop.db or postgres://user:pass@host/db',
    apply: (d, v) => {
      d.db = v;
    },
  },
  {
    flags: '--country <cc=url>',
    env: 'INCOUNTRY_POP_COUNTRY_DBS',
    description: "keep one country's data in its own database, e.g. de=postgres://…",
    repeatable: true,
    apply: (d, v) => {
      const match = /^([A-Za-z]{2})=(.+)$/.exec(v);
      if (!match) throw new CliUsageError('--country expects <cc>=<database url>, e.g. de=sqlite:./de.db');
      d.countryDbs[match[1]!.toLowerCase()] = match[2]!;
    },
  },
  {
    flags: '--env-id <id>',
    env: 'INCOUNTRY_POP_ENV_ID',
    description: 'environment id of the first client (default local-dev)',
    apply: (d, v) => {
      d.primary.environmentId = v;
    },
  },
  {
    flags: '--client-id <id>',
    env: 'INCOUNTRY_POP_CLIENT_ID',
    description: 'its OAuth client id (default local-client)',
    apply: (d, v) => {
      d.primary.clientId = v;
    },
  },
  {
    flags: '--client-secret <secret>',
    env: 'INCOUNTRY_POP_CLIENT_SECRET',
    description: 'its OAuth client secret (default local-secret)',
    apply: (d, v) => {
      d.primary.clientSecret = v;
    },
  },
  {
    flags: '--credential <env:client:secret>',
    env: 'INCOUNTRY_POP_CREDENTIALS',
    description: 'one more OAuth client, e.g. for a second environment',
    repeatable: true,
    apply: (d, v) => {
      const parts = splitOnce(v, ':', 3);
      if (parts === undefined)
        throw new CliUsageError('--credential expects <environment id>:<client id>:<client secret>');
      const [environmentId, clientId, clientSecret] = parts as [string, string, string];
      d.extraCredentials.push({ environmentId, clientId, clientSecret });
    },
  },
  {
    flags: '--api-token <env:token>',
    env: 'INCOUNTRY_POP_API_TOKENS',
    description: 'a fixed bearer token (16+ characters) for an environment',
    repeatable: true,
    apply: (d, v) => {
      const parts = splitOnce(v, ':', 2);
      if (parts === undefined) throw new CliUsageError('--api-token expects <environment id>:<token>');
      const [environmentId, token] = parts as [string, string];
      d.apiTokens = [...(d.apiTokens ?? []), { environmentId, token }];
    },
  },
  {
    flags: '--strict',
    env: 'INCOUNTRY_POP_STRICT',
    description: 'refuse the dev credentials; the admin API needs --admin-token',
    apply: (d) => {
      d.strict = true;
    },
  },
  {
    flags: '--admin-token <token>',
    env: 'INCOUNTRY_POP_ADMIN_TOKEN',
    description: 'bearer token (16+ characters) guarding /_pop/',
    apply: (d, v) => {
      d.adminToken = v;
    },
  },
  {
    flags: '--sse-key <base64>',
    env: 'INCOUNTRY_POP_SSE_KEY',
    description:
      "32-byte key for SSE records at rest ('incountry keygen'); if absent, each database draws one and keeps it",
    apply: (d, v) => {
      d.sseKey = v;
    },
  },
  {
    flags: '--token-ttl <seconds>',
    env: 'INCOUNTRY_POP_TOKEN_TTL',
    description: 'lifetime of issued tokens (default 3600)',
    apply: (d, v) => {
      d.tokenTtlSeconds = wholeNumber('--token-ttl', v);
    },
  },
  {
    flags: '--countries <file>',
    env: 'INCOUNTRY_POP_COUNTRIES',
    description: 'JSON file with the /countries list (default: a built-in list)',
    apply: (d, v) => {
      const countries = readCountries(v);
      if (countries !== undefined) d.countries = countries;
    },
  },
  {
    flags: '--sweep-interval <ms>',
    env: 'INCOUNTRY_POP_SWEEP_INTERVAL_MS',
    description: 'how often expired records are deleted (default 60000)',
    apply: (d, v) => {
      d.sweepIntervalMs = wholeNumber('--sweep-interval', v);
    },
  },
  {
    flags: '--request-log-size <n>',
    env: 'INCOUNTRY_POP_REQUEST_LOG_SIZE',
    description: 'requests /_pop/requests remembers (default 1000)',
    apply: (d, v) => {
      d.requestLogSize = wholeNumber('--request-log-size', v);
    },
  },
  {
    flags: '--max-attachment-bytes <n>',
    env: 'INCOUNTRY_POP_MAX_ATTACHMENT_BYTES',
    description: 'largest attachment accepted (default 104857600)',
    apply: (d, v) => {
      d.maxAttachmentBytes = wholeNumber('--max-attachment-bytes', v);
    },
  },
  {
    flags: '--max-json-bytes <n>',
    env: 'INCOUNTRY_POP_MAX_JSON_BYTES',
    description: 'largest JSON body accepted (default 10485760)',
    apply: (d, v) => {
      d.maxJsonBytes = wholeNumber('--max-json-bytes', v);
    },
  },
  {
    flags: '--no-inspector',
    env: 'INCOUNTRY_POP_NO_INSPECTOR',
    description: 'do not serve the inspector web page at /_pop/ui',
    apply: (d) => {
      d.inspector = false;
    },
  },
  {
    flags: '--log',
    env: 'INCOUNTRY_POP_LOG',
    description: 'log every request (fastify logger)',
    apply: (d) => {
      d.logger = true;
    },
  },
];

/** Commander's attribute name of a flag (`--max-json-bytes <n>` → `maxJsonBytes`). */
function attributeName(flag: PopFlag): string {
  return new Option(flag.flags).attributeName();
}

/**
 * Turns parsed `incountry pop` flag values into {@link LocalPopOptions}. Repeatable values from an
 * environment variable are comma-separated. `env.PORT` is the port when neither `--port` nor
 * `INCOUNTRY_POP_PORT` is given.
 *
 * @example
 * popOptionsFromFlags({ port: '0', db: 'sqlite:./pop.db' }, process.env);
 */
export function popOptionsFromFlags(
  values: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): LocalPopOptions {
  const draft: PopDraft = { primary: {}, extraCredentials: [], countryDbs: {} };
  for (const flag of POP_FLAGS) {
    const value = values[attributeName(flag)];
    // A `--no-x` flag is given when its value is false (commander defaults it to true).
    const negated = flag.flags.startsWith('--no-');
    if (value === undefined || value === negated) continue;
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (typeof item === 'boolean') flag.apply(draft, '');
      else
        for (const part of flag.repeatable === true ? String(item).split(',') : [String(item)])
          if (part.trim() !== '') flag.apply(draft, part.trim());
    }
  }
  if (draft.port === undefined && env.PORT !== undefined && env.PORT !== '')
    draft.port = wholeNumber('PORT', env.PORT);

  const { primary, extraCredentials, countryDbs, ...rest } = draft;
  const options: Mutable<LocalPopOptions> = { port: 8080, host: '127.0.0.1', ...rest };
  const given = [primary.environmentId, primary.clientId, primary.clientSecret];
  if (given.some((v) => v !== undefined)) {
    const [environmentId, clientId, clientSecret] = given;
    if (environmentId === undefined || clientId === undefined || clientSecret === undefined)
      throw new CliUsageError(
        'give --env-id, --client-id and --client-secret (or INCOUNTRY_POP_CLIENT_SECRET) together, or none of them for the dev defaults',
      );
    options.credentials = [{ environmentId, clientId, clientSecret }, ...extraCredentials];
  } else if (extraCredentials.length > 0) {
    options.credentials = extraCredentials;
  } else if (options.strict === true) {
    throw new CliUsageError(
      'strict mode needs --env-id, --client-id and --client-secret (or INCOUNTRY_POP_CLIENT_SECRET), or --credential',
    );
  }
  const db = options.db ?? 'sqlite::memory:';
  options.db = Object.keys(countryDbs).length > 0 ? { ...countryDbs, '*': db as string } : db;
  return options;
}

/**
 * Adds {@link POP_FLAGS} to a command, each with its environment variable.
 *
 * @example
 * declare const command: import('commander').Command;
 * const values = addPopFlags(command).parse(['--port', '0'], { from: 'user' }).opts();
 */
export function addPopFlags(command: Command): Command {
  for (const flag of POP_FLAGS) {
    const option = new Option(flag.flags, flag.description).env(flag.env);
    if (flag.repeatable === true)
      option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
    command.addOption(option);
  }
  return command;
}
