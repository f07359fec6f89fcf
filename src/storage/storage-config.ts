/**
 * Run-time validation of {@link StorageOptions} (the same rules the types enforce, for JavaScript callers
 * and values the type checker cannot see), with the `INC_*` environment fallbacks. Produces the resolved
 * configuration the rest of the storage layer reads.
 */
import * as z from 'zod/mini';
import type { CustomEncryptionConfig } from '../crypto/custom-cipher.js';
import { SecretKeyAccessor } from '../crypto/secret-key-accessor.js';
import { formatIssues, StorageConfigValidationError, type ValidationIssue, zodIssues } from '../errors.js';
import type { StorageTelemetry } from '../telemetry/storage-telemetry.js';
import { DEFAULT_COUNTRIES_ENDPOINT } from '../transport/countries-cache.js';
import { endpointUrlProblem } from '../transport/endpoint-url.js';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_RETRY_BASE_DELAY,
  DEFAULT_RETRY_MAX_DELAY,
  DEFAULT_TIMEOUT_SECONDS,
} from '../transport/transport-settings.js';
import { strictObject } from '../wire/jit-object.js';
import { lazySchema } from '../wire/lazy-schema.js';
import { EncryptionType } from './encryption-type.js';

/** The validated, defaulted configuration of one Storage. */
export interface StorageConfig {
  readonly environmentId: string;
  readonly auth:
    | { readonly kind: 'clientCredentials'; readonly clientId: string; readonly clientSecret: string }
    | { readonly kind: 'static'; readonly token: string };
  readonly endpoint: string | undefined;
  readonly endpointMask: string | undefined;
  readonly countriesEndpoint: string;
  readonly authEndpoints: Readonly<Record<string, string>> | undefined;
  readonly mode: EncryptionType;
  readonly debug: boolean;
  readonly normalizeKeys: boolean;
  readonly hashSearchKeys: boolean;
  readonly timeoutSeconds: number;
  readonly retryBaseDelay: number;
  readonly retryMaxDelay: number;
  readonly maxResponseBytes: number;
  readonly secretKeyAccessor: SecretKeyAccessor | undefined;
  readonly customEncryptionConfigs: readonly CustomEncryptionConfig[] | undefined;
  readonly telemetry: StorageTelemetry | undefined;
}

const httpUrl = (what: string) =>
  z.string({ error: `${what} must be a string URL` }).check(
    z.superRefine((value, ctx) => {
      const problem = endpointUrlProblem(value);
      // The message never quotes the value: it may hold a password.
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: `${what} ${problem}` });
    }),
  );

const nonEmpty = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .check(z.trim(), z.minLength(1, `${what} must be a non-empty string`));

const seconds = (what: string) =>
  z
    .number({ error: `${what} must be a number of seconds` })
    .check(z.positive(`${what} must be a positive number of seconds`));

/** The `telemetry` option: anything with an `operation` hook (otelTelemetry() from incountry-ts/otel is one). */
export const telemetrySchema = /* @__PURE__ */ lazySchema(() =>
  z.custom<StorageTelemetry>(
    (value) =>
      typeof value === 'object' &&
      value !== null &&
      typeof (value as { operation?: unknown }).operation === 'function',
    'telemetry must be a StorageTelemetry, e.g. otelTelemetry() from incountry-ts/otel',
  ),
);

const optionsSchema = /* @__PURE__ */ lazySchema(() =>
  strictObject({
    environmentId: z.optional(nonEmpty('environmentId')),
    clientId: z.optional(nonEmpty('clientId')),
    clientSecret: z.optional(nonEmpty('clientSecret')),
    oauthToken: z.optional(nonEmpty('oauthToken')),
    secretKeyAccessor: z.optional(
      z.custom<SecretKeyAccessor>(
        (value) => value instanceof SecretKeyAccessor,
        'secretKeyAccessor must be a SecretKeyAccessor, e.g. new SecretKeyAccessor(() => secret)',
      ),
    ),
    endpoint: z.optional(httpUrl('endpoint')),
    encrypt: z.optional(
      z.union([z.enum(['LOCAL', 'SSE', 'OFF']), z.boolean()], {
        error: 'encrypt must be EncryptionType.LOCAL, SSE or OFF (or true/false)',
      }),
    ),
    debug: z.optional(z.boolean({ error: 'debug must be a boolean' })),
    options: z.optional(
      strictObject({
        httpOptions: z.optional(
          strictObject({
            timeout: z.optional(seconds('timeout')),
            retryBaseDelay: z.optional(seconds('retryBaseDelay')),
            retryMaxDelay: z.optional(seconds('retryMaxDelay')),
            maxResponseBytes: z.optional(
              z
                .number({ error: 'maxResponseBytes must be a number of bytes' })
                .check(
                  z.int('maxResponseBytes must be a whole number of bytes'),
                  z.gte(1024, 'maxResponseBytes must be at least 1024'),
                ),
            ),
          }),
        ),
        authEndpoints: z.optional(
          z
            .record(z.string(), httpUrl('each auth endpoint'))
            .check(
              z.refine(
                (map) => Object.keys(map).some((key) => key.toLowerCase() === 'default'),
                'authEndpoints must contain a "default" entry',
              ),
            ),
        ),
        countriesEndpoint: z.optional(httpUrl('countriesEndpoint')),
        endpointMask: z.optional(
          z
            .string({ error: 'endpointMask must be a string' })
            .check(
              z.regex(
                /^[A-Za-z0-9.-]+(?::\d+)?$/,
                'endpointMask must be a host suffix such as -mt-01.api.incountry.io',
              ),
            ),
        ),
        normalizeKeys: z.optional(z.boolean({ error: 'normalizeKeys must be a boolean' })),
        hashSearchKeys: z.optional(z.boolean({ error: 'hashSearchKeys must be a boolean' })),
      }),
    ),
    customEncryptionConfigs: z.optional(
      z.array(z.unknown(), { error: 'customEncryptionConfigs must be an array' }),
    ),
    telemetry: z.optional(telemetrySchema()),
  }),
);

function modeOf(encrypt: EncryptionType | boolean | undefined): EncryptionType {
  if (encrypt === undefined || encrypt === true) return EncryptionType.LOCAL;
  if (encrypt === false) return EncryptionType.OFF;
  return encrypt;
}

function fail(issues: ValidationIssue[]): never {
  throw new StorageConfigValidationError(`createStorage() failed: invalid options: ${formatIssues(issues)}`, {
    issues,
  });
}

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

/**
 * Validates options and applies defaults and environment fallbacks. Throws StorageConfigValidationError
 * listing every problem (never a secret's value).
 *
 * @example
 * const config = resolveStorageConfig({ encrypt: EncryptionType.OFF }, process.env);
 */
export function resolveStorageConfig(input: unknown, env: NodeJS.ProcessEnv = process.env): StorageConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    fail([{ path: [], message: 'options must be an object' }]);
  const parsed = optionsSchema.safeParse(input);
  if (!parsed.success) {
    fail(
      zodIssues(parsed.error).map((issue) =>
        issue.message.startsWith('Unrecognized key')
          ? { ...issue, message: `${issue.message}; see StorageOptions for the accepted names` }
          : issue,
      ),
    );
  }
  const options = parsed.data;
  const extra = options.options ?? {};
  const issues: ValidationIssue[] = [];
  const mode = modeOf(options.encrypt);

  const environmentId = options.environmentId ?? envValue(env, 'INC_ENVIRONMENT_ID');
  if (environmentId === undefined)
    issues.push({ path: ['environmentId'], message: 'required (or set INC_ENVIRONMENT_ID)' });

  let auth: StorageConfig['auth'] | undefined;
  if (options.oauthToken !== undefined) {
    if (options.clientId !== undefined || options.clientSecret !== undefined)
      issues.push({
        path: ['oauthToken'],
        message: 'give either oauthToken or clientId/clientSecret, not both',
      });
    auth = { kind: 'static', token: options.oauthToken };
  } else {
    const clientId = options.clientId ?? envValue(env, 'INC_CLIENT_ID');
    const clientSecret = options.clientSecret ?? envValue(env, 'INC_CLIENT_SECRET');
    if (clientId === undefined)
      issues.push({
        path: ['clientId'],
        message: 'required unless oauthToken is given (or set INC_CLIENT_ID)',
      });
    if (clientSecret === undefined)
      issues.push({
        path: ['clientSecret'],
        message: 'required unless oauthToken is given (or set INC_CLIENT_SECRET)',
      });
    if (clientId !== undefined && clientSecret !== undefined)
      auth = { kind: 'clientCredentials', clientId, clientSecret };
  }

  const urlFromEnv = (name: string, path: ValidationIssue['path']): string | undefined => {
    const fromEnv = envValue(env, name);
    if (fromEnv === undefined) return undefined;
    const checked = httpUrl(name).safeParse(fromEnv);
    if (checked.success) return fromEnv;
    issues.push({ path, message: checked.error.issues[0]!.message });
    return undefined;
  };
  const endpoint = options.endpoint ?? urlFromEnv('INC_ENDPOINT', ['endpoint']);
  const authEndpoint =
    extra.authEndpoints === undefined
      ? urlFromEnv('INC_AUTH_ENDPOINT', ['options', 'authEndpoints'])
      : undefined;
  const countriesEndpoint =
    extra.countriesEndpoint ?? urlFromEnv('INC_COUNTRIES_ENDPOINT', ['options', 'countriesEndpoint']);

  const http = extra.httpOptions ?? {};
  const retryBaseDelay = http.retryBaseDelay ?? DEFAULT_RETRY_BASE_DELAY;
  const retryMaxDelay = http.retryMaxDelay ?? DEFAULT_RETRY_MAX_DELAY;
  if (retryMaxDelay < retryBaseDelay)
    issues.push({
      path: ['options', 'httpOptions', 'retryMaxDelay'],
      message: 'must be greater than or equal to retryBaseDelay',
    });

  // docs/architecture.md#type-level-rules rule 10, the run-time half.
  if (mode !== EncryptionType.LOCAL) {
    if (options.customEncryptionConfigs !== undefined)
      issues.push({
        path: ['customEncryptionConfigs'],
        message: `require EncryptionType.LOCAL; remove them for ${mode}`,
      });
    if (options.secretKeyAccessor !== undefined)
      issues.push({
        path: ['secretKeyAccessor'],
        message: `is only used with EncryptionType.LOCAL; remove it for ${mode}`,
      });
  } else if (options.secretKeyAccessor === undefined) {
    issues.push({
      path: ['secretKeyAccessor'],
      message:
        'EncryptionType.LOCAL (the default) needs a secretKeyAccessor; pass one, or set encrypt to EncryptionType.OFF or SSE',
    });
  }
  if (mode === EncryptionType.SSE) {
    for (const name of ['normalizeKeys', 'hashSearchKeys'] as const) {
      if (extra[name] !== undefined)
        issues.push({
          path: ['options', name],
          message: 'cannot be used with EncryptionType.SSE (nothing is hashed in SSE mode)',
        });
    }
  }
  if (issues.length > 0 || environmentId === undefined || auth === undefined) fail(issues);

  return {
    environmentId,
    auth,
    endpoint,
    endpointMask: extra.endpointMask,
    countriesEndpoint: countriesEndpoint ?? DEFAULT_COUNTRIES_ENDPOINT,
    authEndpoints:
      extra.authEndpoints ?? (authEndpoint === undefined ? undefined : { default: authEndpoint }),
    mode,
    debug: options.debug ?? false,
    normalizeKeys: extra.normalizeKeys ?? false,
    hashSearchKeys: extra.hashSearchKeys ?? true,
    timeoutSeconds: http.timeout ?? DEFAULT_TIMEOUT_SECONDS,
    retryBaseDelay,
    retryMaxDelay,
    maxResponseBytes: http.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    secretKeyAccessor: options.secretKeyAccessor,
    customEncryptionConfigs: options.customEncryptionConfigs as CustomEncryptionConfig[] | undefined,
    telemetry: options.telemetry,
  };
}
