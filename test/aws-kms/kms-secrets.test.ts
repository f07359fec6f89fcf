/**
 * incountry-ts/aws-kms over real HTTP: the real AWS SDK v3 KMS client, pointed (endpoint override) at a
 * KMS TEST DOUBLE started on 127.0.0.1 (test/aws-kms/support/kms-test-double.ts), which implements
 * Encrypt/Decrypt/GenerateDataKey with real AES and checks the AWS JSON 1.1 request shape and the SigV4
 * signature's presence. Storage is exercised end to end against the local PoP.
 */
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  generateKmsDataKey,
  type KmsDataKey,
  type KmsKeyRing,
  type KmsSecretsOptions,
  secretsFromKms,
} from '../../src/aws-kms/index.js';
import {
  EncryptionType,
  SecretsProviderError,
  SecretsValidationError,
  StorageConfigValidationError,
} from '../../src/index.js';
import { type LocalPop, startLocalPop } from '../../src/server/index.js';
import { storageFor } from '../storage/support/storages.js';
import {
  type KmsTestDouble,
  startKmsTestDouble,
  TEST_DOUBLE_CREDENTIALS,
  TEST_DOUBLE_REGION,
} from './support/kms-test-double.js';

// The SDK warns once per process that its 2027 releases will need Node 22; this suite pins a Node 20 release.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

let kms: KmsTestDouble;
let pop: LocalPop;
let client: KMSClient;

beforeAll(async () => {
  kms = await startKmsTestDouble();
  pop = await startLocalPop();
  // maxAttempts 1: the SDK's own retries off, so the requests the double sees are exactly ours.
  client = new KMSClient({
    endpoint: kms.url,
    region: TEST_DOUBLE_REGION,
    credentials: TEST_DOUBLE_CREDENTIALS,
    maxAttempts: 1,
  });
});
afterEach(async () => {
  expect(kms.violations).toEqual([]);
  kms.requests.length = 0;
  await pop.admin.reset();
});
afterAll(async () => {
  client.destroy();
  await kms.close();
  await pop.close();
});

/** A data key whose plaintext the test knows: wrapped with KMS Encrypt (as when importing an old key). */
async function wrapKnownKey(
  keyId: string,
  version: number,
  encryptionContext?: Record<string, string>,
): Promise<{ dataKey: KmsDataKey; plaintext: string }> {
  const plaintext = randomBytes(32);
  const { CiphertextBlob } = await client.send(
    new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: encryptionContext }),
  );
  return {
    plaintext: plaintext.toString('base64'),
    dataKey: {
      version,
      keyId,
      encryptedKey: Buffer.from(CiphertextBlob!).toString('base64'),
      ...(encryptionContext === undefined ? {} : { encryptionContext }),
    },
  };
}

function kmsAccessor(keyRing: KmsSecretsOptions['keyRing'], extra: Partial<KmsSecretsOptions> = {}) {
  return secretsFromKms({ client, keyRing, ...extra });
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as Error,
  );
}

describe('secretsFromKms against the KMS test double', () => {
  it('decrypts one data key per version, with its encryption context, into isKey secrets', async () => {
    const key = kms.createKey('incountry');
    const v1 = await wrapKnownKey(key.arn, 1, { service: 'billing', stage: 'prod' });
    const v2 = await wrapKnownKey('alias/incountry', 2);
    const accessor = kmsAccessor({ currentVersion: 2, dataKeys: [v1.dataKey, v2.dataKey] });

    const secrets = await accessor.getSecrets();
    expect(secrets.currentVersion).toBe(2);
    expect(secrets.get(1)).toEqual({ secret: v1.plaintext, version: 1, isKey: true });
    expect(secrets.get(2)).toEqual({ secret: v2.plaintext, version: 2, isKey: true });

    const decrypts = kms.calls('Decrypt');
    expect(decrypts.map((r) => r.body.KeyId).sort()).toEqual([key.arn, 'alias/incountry'].sort());
    expect(decrypts.find((r) => r.body.KeyId === key.arn)?.body.EncryptionContext).toEqual({
      service: 'billing',
      stage: 'prod',
    });
    expect(decrypts.every((r) => r.authorization.startsWith('AWS4-HMAC-SHA256 Credential='))).toBe(true);
    // Plaintext keys stay out of JSON and util.inspect of the secrets.
    for (const shown of [
      JSON.stringify(secrets),
      inspect(secrets, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    ])
      expect(shown).not.toContain(v1.plaintext);
  });

  it('generates a new version with GenerateDataKey and never hands out its plaintext', async () => {
    const key = kms.createKey('generated');
    const added = await generateKmsDataKey({
      client,
      keyId: 'alias/generated',
      version: 3,
      encryptionContext: { app: 'crm' },
    });
    expect(added).toEqual({
      version: 3,
      keyId: key.arn, // the ARN KMS reported, not the alias
      encryptedKey: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/),
      encryptionContext: { app: 'crm' },
    });
    expect(Object.keys(added)).not.toContain('plaintext');
    const [request] = kms.calls('GenerateDataKey');
    expect(request?.body).toEqual({
      KeyId: 'alias/generated',
      KeySpec: 'AES_256',
      EncryptionContext: { app: 'crm' },
    });

    const secrets = await kmsAccessor({ currentVersion: 3, dataKeys: [added] }).getSecrets();
    expect(Buffer.from(secrets.current().secret, 'base64')).toHaveLength(32);
  });

  it('encrypts records end to end with a KMS key, and a rotation by another process costs one Decrypt', async () => {
    kms.createKey('fleet');
    let ring: KmsKeyRing = {
      currentVersion: 1,
      dataKeys: [await generateKmsDataKey({ client, keyId: 'alias/fleet', version: 1 })],
    };
    const reader = await storageFor(pop, EncryptionType.LOCAL, {
      secretKeyAccessor: kmsAccessor(() => ring, { minRefreshIntervalMs: 0 }),
    });
    await reader.write('us', { record_key: 'before', body: 'v1 body' });

    // Another process rotates: a new data key in the shared ring, and writes with it.
    const v2 = await generateKmsDataKey({ client, keyId: 'alias/fleet', version: 2 });
    ring = { currentVersion: 2, dataKeys: [...ring.dataKeys, v2] };
    const writer = await storageFor(pop, EncryptionType.LOCAL, {
      secretKeyAccessor: kmsAccessor(() => ring),
    });
    await writer.write('us', { record_key: 'after', body: 'v2 body' });
    kms.requests.length = 0;

    const reads = await Promise.all(Array.from({ length: 10 }, () => reader.read('us', 'after')));
    expect(reads.map((r) => r.record.body)).toEqual(Array(10).fill('v2 body'));
    expect((await reader.read('us', 'before')).record).toMatchObject({ body: 'v1 body', version: 1 });
    // The refresh asked KMS only about the new version; version 1 came from memory.
    expect(kms.calls('Decrypt').map((r) => r.body.CiphertextBlob)).toEqual([v2.encryptedKey]);
  });

  describe('failures name the version and key, never key material', () => {
    async function decryptFailure(dataKey: KmsDataKey): Promise<Error> {
      const error = await failureOf(
        kmsAccessor({ currentVersion: dataKey.version, dataKeys: [dataKey] }).getSecrets(),
      );
      expect(error).toBeInstanceOf(SecretsProviderError);
      expect(error.message).not.toContain(dataKey.encryptedKey);
      expect(JSON.stringify(error)).not.toContain(dataKey.encryptedKey);
      // Nor through the cause chain (the SDK's raw error leads to the signed request; it is not kept).
      const inspected = inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true });
      expect(inspected).not.toContain(dataKey.encryptedKey);
      expect(inspected).not.toContain(TEST_DOUBLE_CREDENTIALS.secretAccessKey);
      expect(inspected).not.toContain('Signature=');
      // The cause is reduced to the AWS error's name and code (errors.ts CauseSummary).
      expect((error.cause as Error).message).toMatch(/^\w+Exception\b/);
      return error;
    }

    it('access denied', async () => {
      const key = kms.createKey();
      const { dataKey } = await wrapKnownKey(key.arn, 4);
      key.denied.add('Decrypt');
      expect((await decryptFailure(dataKey)).message).toBe(
        `AWS KMS could not decrypt the data key of secret version 4 (KMS key ${key.arn}): access denied: this AWS identity may not call kms:Decrypt on the key (check the key policy, IAM policy and grants, including any kms:EncryptionContext conditions)`,
      );
    });

    it('disabled key', async () => {
      const key = kms.createKey();
      const { dataKey } = await wrapKnownKey(key.arn, 5);
      key.enabled = false;
      expect((await decryptFailure(dataKey)).message).toMatch(
        new RegExp(`secret version 5 \\(KMS key ${key.arn}\\): the KMS key is disabled`),
      );
    });

    it('wrong encryption context', async () => {
      const key = kms.createKey();
      const { dataKey } = await wrapKnownKey(key.arn, 6, { tenant: 'a' });
      const error = await decryptFailure({ ...dataKey, encryptionContext: { tenant: 'b' } });
      expect(error.message).toMatch(
        /secret version 6 .*: KMS rejected the encrypted data key: the encryption context/,
      );
      expect(error.message).not.toContain('tenant');
    });

    it('a data key of another KMS key, and a key that does not exist', async () => {
      const owner = kms.createKey();
      const other = kms.createKey();
      const { dataKey } = await wrapKnownKey(owner.arn, 7);
      expect((await decryptFailure({ ...dataKey, keyId: other.arn })).message).toMatch(
        /secret version 7 .*: the data key was not encrypted under arn:/,
      );
      expect((await decryptFailure({ ...dataKey, keyId: 'alias/nope' })).message).toMatch(
        /secret version 7 \(KMS key alias\/nope\): the KMS key does not exist/,
      );
    });

    it('createStorage reports it with its own prefix', async () => {
      const key = kms.createKey();
      const { dataKey } = await wrapKnownKey(key.arn, 8);
      key.enabled = false;
      const error = await failureOf(
        storageFor(pop, EncryptionType.LOCAL, {
          secretKeyAccessor: kmsAccessor({ currentVersion: 8, dataKeys: [dataKey] }),
        }),
      );
      expect(error).toBeInstanceOf(SecretsProviderError);
      expect(error.message).toMatch(
        /^createStorage\(\) failed: AWS KMS could not decrypt the data key of secret version 8/,
      );
    });

    it('a data key that is not 32 bytes', async () => {
      const key = kms.createKey();
      const { CiphertextBlob } = await client.send(
        new EncryptCommand({ KeyId: key.arn, Plaintext: randomBytes(16) }),
      );
      const short = {
        version: 1,
        keyId: key.arn,
        encryptedKey: Buffer.from(CiphertextBlob!).toString('base64'),
      };
      const error = await failureOf(kmsAccessor({ currentVersion: 1, dataKeys: [short] }).getSecrets());
      expect(error).toBeInstanceOf(SecretsValidationError);
      expect(error.message).toMatch(/secret version 1 .* is 16 bytes long; it must be 32/);
    });

    it('generateKmsDataKey on a disabled key', async () => {
      const key = kms.createKey();
      key.enabled = false;
      const error = await failureOf(generateKmsDataKey({ client, keyId: key.arn, version: 9 }));
      expect(error).toBeInstanceOf(SecretsProviderError);
      expect(error.message).toMatch(
        /generate a data key for secret version 9 \(KMS key arn:.*\): the KMS key is disabled/,
      );
    });
  });

  describe('throttling', () => {
    it('retries a throttled Decrypt with exponential back-off', async () => {
      const key = kms.createKey();
      const { dataKey, plaintext } = await wrapKnownKey(key.arn, 1);
      kms.requests.length = 0;
      const delays: number[] = [];
      kms.throttleNext(3);
      const accessor = kmsAccessor(
        { currentVersion: 1, dataKeys: [dataKey] },
        { sleep: async (ms) => void delays.push(ms), random: () => 0.5 },
      );
      expect((await accessor.getSecrets()).current().secret).toBe(plaintext);
      expect(kms.calls('Decrypt')).toHaveLength(4);
      expect(delays).toEqual([187.5, 375, 750]); // 250 ms doubling, times a jitter factor of 0.75
    });

    it('gives up after throttleRetries and says so', async () => {
      const key = kms.createKey();
      const { dataKey } = await wrapKnownKey(key.arn, 2);
      kms.requests.length = 0;
      kms.throttleNext(10);
      const accessor = kmsAccessor(
        { currentVersion: 2, dataKeys: [dataKey] },
        { throttleRetries: 2, sleep: async () => {} },
      );
      const error = await failureOf(accessor.getSecrets());
      expect(kms.calls('Decrypt')).toHaveLength(3);
      expect(error).toBeInstanceOf(SecretsProviderError);
      expect(error.message).toMatch(
        /secret version 2 .*: KMS kept throttling the requests after all retries/,
      );
      kms.throttleNext(0);
      // Nothing failed is remembered: the next refresh asks KMS again and succeeds.
      expect((await accessor.refresh()).currentVersion).toBe(2);
    });
  });

  describe('validation', () => {
    it('refuses bad options at once', () => {
      const ring = { currentVersion: 1, dataKeys: [] };
      for (const options of [
        {},
        { client: {}, keyRing: ring },
        { client, keyRing: 5 },
        { client, keyRing: ring, throttleRetries: -1 },
        { client, keyRing: ring, minRefreshIntervalMs: -1 },
      ])
        expect(() => secretsFromKms(options as never), JSON.stringify(Object.keys(options))).toThrow(
          StorageConfigValidationError,
        );
    });

    it('validates the key ring when it is read, naming the field', async () => {
      const key = { version: 1, keyId: 'alias/x', encryptedKey: 'AQID' };
      const cases: Array<[unknown, RegExp]> = [
        [{ currentVersion: 1, dataKeys: [] }, /dataKeys: must contain at least one data key/],
        [
          { currentVersion: 2, dataKeys: [key] },
          /currentVersion 2 does not match the version of any data key/,
        ],
        [{ currentVersion: 1, dataKeys: [key, key] }, /dataKeys\.1\.version: duplicate data key version 1/],
        [
          { currentVersion: 1, dataKeys: [{ ...key, encryptedKey: 'not base64!' }] },
          /dataKeys\.0\.encryptedKey/,
        ],
        [{ currentVersion: 1, dataKeys: [{ ...key, encryptionContext: { a: 1 } }] }, /encryptionContext\.a/],
      ];
      for (const [ring, message] of cases) {
        const error = await failureOf(kmsAccessor(() => ring as KmsKeyRing).getSecrets());
        expect(error, message.source).toBeInstanceOf(SecretsValidationError);
        expect(error.message).toMatch(/^Invalid KMS key ring: /);
        expect(error.message).toMatch(message);
      }
      expect(kms.calls('Decrypt')).toEqual([]);
    });

    it('validates generateKmsDataKey options', async () => {
      await expect(generateKmsDataKey({ client, keyId: '', version: 1 })).rejects.toBeInstanceOf(
        StorageConfigValidationError,
      );
      await expect(generateKmsDataKey({ client, keyId: 'alias/x', version: -1 })).rejects.toThrow(
        /generateKmsDataKey\(\): invalid options: version: expected an integer >= 0/,
      );
    });
  });
});
