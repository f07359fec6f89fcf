/**
 * The key ring of the KMS secrets: which encrypted data key serves which secret version, and its shape
 * check (unique versions, a current version that exists, strict base64).
 */
import type { KMSClient } from '@aws-sdk/client-kms';
import * as z from 'zod';
import { decodeStrictBase64 } from '../crypto/base64.js';
import { formatIssues, SecretsValidationError, type ValidationIssue, zodIssues } from '../errors.js';

/**
 * One secret version as stored in configuration: a data key encrypted by KMS.
 *
 * @example
 * const dataKey: KmsDataKey = {
 *   version: 1,
 *   keyId: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
 *   encryptedKey: 'AQIDAHh…', // base64 of the CiphertextBlob
 *   encryptionContext: { service: 'billing' },
 * };
 */
export interface KmsDataKey {
  /** The secret version this key serves (integer >= 0), written into each record it encrypts. */
  version: number;
  /**
   * The KMS key that encrypted the data key: key id, key ARN, alias name or alias ARN. It is passed to
   * Decrypt, so KMS refuses a data key encrypted under any other key.
   */
  keyId: string;
  /** Standard base64 of the `CiphertextBlob` that GenerateDataKey (or Encrypt) returned. */
  encryptedKey: string;
  /** The encryption context the data key was encrypted with; Decrypt must be given the same one. */
  encryptionContext?: Record<string, string> | undefined;
}

/**
 * Every data key still needed to read stored records, and the version that encrypts new ones.
 *
 * @example
 * const ring: KmsKeyRing = { currentVersion: 2, dataKeys: [oldKey, newKey] };
 * declare const oldKey: KmsDataKey, newKey: KmsDataKey;
 */
export interface KmsKeyRing {
  /** Version of the data key that encrypts new data; one of `dataKeys`. */
  currentVersion: number;
  /** The encrypted data keys, one per version. */
  dataKeys: KmsDataKey[];
}

/** An integer >= 0: secret versions and retry counts. */
export const nonNegativeIntSchema = z
  .number({ error: 'expected an integer >= 0' })
  .int('expected an integer >= 0')
  .min(0, 'expected an integer >= 0');

/** Anything with a `send` method: a `KMSClient`, or a stand-in with the same shape. */
export const kmsClientSchema = z.custom<KMSClient>(
  (v) => typeof (v as { send?: unknown } | null)?.send === 'function',
  'expected a KMSClient from @aws-sdk/client-kms',
);

/** An encryption context: string keys, string values. */
export const contextSchema = z.record(z.string(), z.string({ error: 'expected string values' }), {
  error: 'expected an object of string values',
});

const keyRingSchema = z.object(
  {
    currentVersion: nonNegativeIntSchema,
    dataKeys: z
      .array(
        z.object(
          {
            version: nonNegativeIntSchema,
            keyId: z.string({ error: 'expected a non-empty string' }).min(1, 'expected a non-empty string'),
            encryptedKey: z
              .string({ error: 'expected base64 text' })
              .refine((v) => (decodeStrictBase64(v)?.length ?? 0) > 0, 'expected non-empty standard base64'),
            encryptionContext: contextSchema.optional(),
          },
          { error: 'expected a data key { version, keyId, encryptedKey, encryptionContext? }' },
        ),
        { error: 'expected an array of data keys' },
      )
      .min(1, 'must contain at least one data key'),
  },
  { error: 'expected a key ring { currentVersion, dataKeys }' },
);

/** The key ring, checked; a {@link SecretsValidationError} lists every problem. */
export function parseKeyRing(raw: unknown): KmsKeyRing {
  const parsed = keyRingSchema.safeParse(raw);
  const issues: ValidationIssue[] = parsed.success ? [] : zodIssues(parsed.error);
  if (parsed.success) {
    const seen = new Set<number>();
    parsed.data.dataKeys.forEach((key, index) => {
      if (seen.has(key.version))
        issues.push({
          path: ['dataKeys', index, 'version'],
          message: `duplicate data key version ${key.version}; versions must be unique`,
        });
      seen.add(key.version);
    });
    if (!seen.has(parsed.data.currentVersion))
      issues.push({
        path: ['currentVersion'],
        message: `currentVersion ${parsed.data.currentVersion} does not match the version of any data key`,
      });
  }
  if (issues.length > 0 || !parsed.success)
    throw new SecretsValidationError(`Invalid KMS key ring: ${formatIssues(issues)}`, { issues });
  return parsed.data as KmsKeyRing;
}
