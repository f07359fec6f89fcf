/**
 * Validation of {@link createRecordCodec}'s options: their shapes, and the combinations a mode refuses.
 */
import * as z from 'zod/mini';
import { formatIssues, StorageConfigValidationError, type ValidationIssue, zodIssues } from '../errors.js';
import { object } from '../wire/jit-object.js';
import { lazySchema } from '../wire/lazy-schema.js';
import type { RecordCodecOptions } from './record-codec.js';
import { SecretKeyAccessor } from './secret-key-accessor.js';

const optionsSchema = /* @__PURE__ */ lazySchema(() =>
  object({
    mode: z.enum(['LOCAL', 'SSE', 'OFF'], { error: 'expected "LOCAL", "SSE" or "OFF"' }),
    environmentId: z
      .string({ error: 'expected a non-empty string' })
      .check(z.minLength(1, 'expected a non-empty string')),
    normalizeKeys: z.optional(z.boolean({ error: 'expected a boolean' })),
    hashSearchKeys: z.optional(z.boolean({ error: 'expected a boolean' })),
    secretKeyAccessor: z.optional(
      z.instanceof(SecretKeyAccessor, { error: 'expected a SecretKeyAccessor instance' }),
    ),
    customEncryptionConfigs: z.optional(z.array(z.unknown(), { error: 'expected an array' })),
    keyCacheSize: z.optional(z.number().check(z.int(), z.gte(1))),
    saltUsageLimit: z.optional(z.number().check(z.int(), z.gte(1))),
  }),
);

function configError(issues: ValidationIssue[]): StorageConfigValidationError {
  return new StorageConfigValidationError(`Invalid encryption options: ${formatIssues(issues)}`, { issues });
}

/** The options, checked: StorageConfigValidationError listing every problem. */
export function parseCodecOptions(options: RecordCodecOptions) {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) throw configError(zodIssues(parsed.error));
  const { mode, normalizeKeys, hashSearchKeys, secretKeyAccessor } = parsed.data;
  const customConfigs = options.customEncryptionConfigs;

  const issues: ValidationIssue[] = [];
  if (mode === 'LOCAL' && secretKeyAccessor === undefined)
    issues.push({ path: ['secretKeyAccessor'], message: 'LOCAL encryption needs a secretKeyAccessor' });
  if (mode !== 'LOCAL' && secretKeyAccessor !== undefined)
    issues.push({
      path: ['secretKeyAccessor'],
      message: `not allowed with ${mode} mode; only LOCAL encryption uses secrets`,
    });
  if (mode !== 'LOCAL' && customConfigs !== undefined)
    issues.push({
      path: ['customEncryptionConfigs'],
      message: `not allowed with ${mode} mode; only LOCAL encryption uses them`,
    });
  // Only values that would change behaviour are refused, so passing the defaults through is harmless.
  if (mode === 'SSE' && normalizeKeys === true)
    issues.push({ path: ['normalizeKeys'], message: 'not allowed with SSE mode: keys are sent as given' });
  if (mode === 'SSE' && hashSearchKeys === false)
    issues.push({ path: ['hashSearchKeys'], message: 'not allowed with SSE mode: keys are never hashed' });
  if (issues.length > 0) throw configError(issues);
  return parsed.data;
}
