/**
 * `createStorage`: validates the options (including the secrets and custom ciphers, once), wires the codec
 * and the transport, and returns a {@link Storage}.
 */
import type { CustomEncryptionConfig } from '../crypto/custom-cipher.js';
import { createRecordCodec, type RecordCodec } from '../crypto/record-codec.js';
import type { QueryConfig, QueryConfigFromOptions } from '../query/query-config.js';
import { abortableSleep } from '../transport/abortable-sleep.js';
import { createCountriesCache } from '../transport/countries-cache.js';
import { createEndpointResolver } from '../transport/endpoint-resolver.js';
import { createHttpClient } from '../transport/http-client.js';
import { createClientCredentialsTokenSource, createStaticTokenSource } from '../transport/token-source.js';
import type { TransportSettings } from '../transport/transport-settings.js';
import { withOperation } from '../with-operation.js';
import { bindTelemetry } from './operation-scope.js';
import type { Storage } from './storage.js';
import { StorageClient } from './storage-client.js';
import { resolveStorageConfig, type StorageConfig } from './storage-config.js';
import type { CheckedStorageOptions, StorageOptions } from './storage-options.js';
import { traceStorageMethods } from './traced-storage.js';

async function createCodec(config: StorageConfig): Promise<RecordCodec> {
  try {
    return await createRecordCodec({
      mode: config.mode,
      environmentId: config.environmentId,
      ...(config.mode === 'SSE'
        ? {}
        : { normalizeKeys: config.normalizeKeys, hashSearchKeys: config.hashSearchKeys }),
      secretKeyAccessor: config.secretKeyAccessor,
      customEncryptionConfigs: config.customEncryptionConfigs as CustomEncryptionConfig[] | undefined,
    });
  } catch (error) {
    withOperation('createStorage', error);
  }
}

/**
 * Creates a storage client. Everything is validated here, once: the options (StorageConfigValidationError
 * listing every problem), the secrets (SecretsProviderError, SecretsValidationError) and the custom ciphers.
 * The options keep their literal type, so the type checker knows the encryption mode and whether search
 * keys are plain; invalid combinations (docs/architecture.md#type-level-rules rule 10) are compile errors starting with
 * `createStorage() call failed:`.
 *
 * @example
 * const pop = await startLocalPop();
 * const storage = await createStorage({
 *   ...pop.storageOptions,
 *   secretKeyAccessor: new SecretKeyAccessor(() => 'my secret'),
 *   options: { ...pop.storageOptions.options, hashSearchKeys: false },
 * });
 * await storage.in('us').where('key1').like('eng').find(); // compiles: hashSearchKeys is false
 * @category Storage
 * @featured
 */
export async function createStorage<const O extends StorageOptions>(
  options: CheckedStorageOptions<O>,
): Promise<Storage<QueryConfigFromOptions<O>>> {
  return (await createStorageWith(options, {})) as unknown as Storage<QueryConfigFromOptions<O>>;
}

/**
 * @internal `createStorage` with replaceable transport seams (clock, sleep, jitter) for tests.
 */
export async function createStorageWith(
  options: unknown,
  overrides: Partial<TransportSettings>,
): Promise<Storage<QueryConfig>> {
  const config = resolveStorageConfig(options);
  const codec = await createCodec(config);
  const settings: TransportSettings = {
    timeoutMs: config.timeoutSeconds * 1000,
    retryBaseDelay: config.retryBaseDelay,
    retryMaxDelay: config.retryMaxDelay,
    maxResponseBytes: config.maxResponseBytes,
    random: Math.random,
    sleep: abortableSleep,
    now: Date.now,
    ...overrides,
  };
  const countries = createCountriesCache(config.countriesEndpoint, settings);
  const resolver = createEndpointResolver({
    endpoint: config.endpoint,
    endpointMask: config.endpointMask,
    countries,
  });
  const tokens =
    config.auth.kind === 'static'
      ? createStaticTokenSource(config.auth.token)
      : createClientCredentialsTokenSource(
          {
            clientId: config.auth.clientId,
            clientSecret: config.auth.clientSecret,
            environmentId: config.environmentId,
            authEndpoints: config.authEndpoints,
          },
          settings,
        );
  const http = createHttpClient({
    environmentId: config.environmentId,
    sse: config.mode === 'SSE',
    resolver,
    tokens,
    settings,
  });
  const queryConfig: QueryConfig = { plainSearchKeys: config.mode === 'SSE' || !config.hashSearchKeys };
  traceStorageMethods();
  const client = new StorageClient({ config, codec, http, queryConfig });
  bindTelemetry(client, config.environmentId, config.telemetry);
  return client;
}
