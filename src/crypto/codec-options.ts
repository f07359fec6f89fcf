/**
 * Validation of {@link createRecordCodec}'s options: their shapes, and the combinations a mode refuses.
 */
import { z } from 'zod';
import { formatIssues, StorageConfigValidationError, type ValidationIssue, zodIssues } from '../errors.js';
import type { RecordCodecOptions } from './record-codec.js';
import { SecretKeyAccessor } from './secret-key-accessor.js';

const optionsSchema = z.object({
  mode: z.enum(['LOCAL', 'SSE', 'OFF'], { error: 'expected "LOCAL", "SSE" or "OFF"' }),
  environmentId: z.string({ error: 'expected a non-empty string' }).min(1, 'expected a non-empty string'),
  normalizeKeys: z.boolean({ error: 'expected a boolean' }).optional(),
  hashSearchKeys: z.boolean({ error: 'expected a boolean' }).optional(),
  secretKeyAccessor: z
    .instanceof(SecretKeyAccessor, { error: 'expected a SecretKeyAccessor instance' })
    .optional(),
  customEncryptionConfigs: z.array(z.unknown(), { error: 'expected an array' }).optional(),
  keyCacheSize: z.number().int().min(1).optional(),
  saltUsageLimit: z.number().int().min(1).optional(),
});

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
