/**
 * incountry-ts/aws-kms: secrets kept as AWS KMS envelope keys. Needs the optional peer dependency
 * `@aws-sdk/client-kms` (v3); the main entry point never loads it.
 *
 * @module incountry-ts/aws-kms
 */
export { type GenerateKmsDataKeyOptions, generateKmsDataKey } from './generate-data-key.js';
export type { KmsDataKey, KmsKeyRing } from './kms-key-ring.js';
export {
  DEFAULT_KMS_THROTTLE_BASE_DELAY_MS,
  DEFAULT_KMS_THROTTLE_RETRIES,
  type KmsSecretsOptions,
  secretsFromKms,
} from './kms-secrets.js';
