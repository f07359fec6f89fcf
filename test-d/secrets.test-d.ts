/**
 * Secret sources at the type level, against the built package: the file/env helpers and the aws-kms
 * accessor are SecretKeyAccessors that createStorage accepts as they are, and generateKmsDataKey's result
 * fits a key ring.
 */
import type { KMSClient } from '@aws-sdk/client-kms';
import { expectError, expectType } from 'tsd';
import {
  generateKmsDataKey,
  type KmsDataKey,
  type KmsKeyRing,
  secretsFromKms,
} from '../dist/aws-kms/index.js';
import { createStorage, SecretKeyAccessor, secretsFromEnv, secretsFromFile } from '../dist/index.js';

declare const client: KMSClient;

expectType<SecretKeyAccessor>(secretsFromFile('/run/secrets/incountry.json'));
expectType<SecretKeyAccessor>(secretsFromEnv('INCOUNTRY_SECRETS', { minRefreshIntervalMs: 0 }));
expectType<SecretKeyAccessor>(new SecretKeyAccessor(() => 'pw', { refreshOnUnknownVersion: false }));
expectError(new SecretKeyAccessor(() => 'pw', { minRefreshInterval: 5 }));

void createStorage({ environmentId: 'env', oauthToken: 't', secretKeyAccessor: secretsFromFile('/s.json') });

const ring: KmsKeyRing = { currentVersion: 1, dataKeys: [] };
expectType<SecretKeyAccessor>(secretsFromKms({ client, keyRing: ring }));
expectType<SecretKeyAccessor>(secretsFromKms({ client, keyRing: async () => ring, throttleRetries: 2 }));
expectError(secretsFromKms({ keyRing: ring }));
expectType<Promise<KmsDataKey>>(generateKmsDataKey({ client, keyId: 'alias/k', version: 2 }));
expectError(generateKmsDataKey({ client, keyId: 'alias/k' }));
