/**
 * Encryption keys from AWS KMS, with the real AWS defaults (region and credentials from the environment,
 * the shared config files or the instance/task role). Not run by the tests: it needs an AWS account.
 *
 *   # once, and for every rotation: add a data key version to the key ring file
 *   KMS_KEY_ID=alias/incountry KEY_RING_FILE=./keyring.json npx tsx examples/aws-kms.ts add-version
 *   # in every service: read with all versions, write with the current one
 *   KEY_RING_FILE=./keyring.json INC_ENVIRONMENT_ID=… INC_CLIENT_ID=… INC_CLIENT_SECRET=… npx tsx examples/aws-kms.ts
 *   # after a rotation has reached every service: re-encrypt old records (same variables)
 *   npx tsx examples/aws-kms.ts migrate
 *
 * The key ring file holds only KMS-encrypted data keys; it can live next to the service's configuration.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { KMSClient } from '@aws-sdk/client-kms';
// In an application: from 'incountry-ts/aws-kms' and 'incountry-ts'.
import { generateKmsDataKey, type KmsKeyRing, secretsFromKms } from '../src/aws-kms/index.js';
import { createStorage } from '../src/index.js';

const keyRingFile = process.env.KEY_RING_FILE ?? './keyring.json';
// One encryption context for every version of this service: KMS refuses Decrypt without it, and key
// policies can require it (kms:EncryptionContext:service), so another service's role cannot use the keys.
const encryptionContext = { service: 'crm' };

async function readKeyRing(): Promise<KmsKeyRing | undefined> {
  try {
    return JSON.parse(await readFile(keyRingFile, 'utf8')) as KmsKeyRing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

const client = new KMSClient({});

if (process.argv[2] === 'add-version') {
  const keyId = process.env.KMS_KEY_ID;
  if (keyId === undefined)
    throw new Error('set KMS_KEY_ID to the KMS key (id, ARN or alias) to generate under');
  const ring = await readKeyRing();
  const version = ring === undefined ? 1 : Math.max(...ring.dataKeys.map((k) => k.version)) + 1;
  const added = await generateKmsDataKey({ client, keyId, version, encryptionContext });
  // Roll this file out to every service first, then make the new version current (see docs/key-rotation.md).
  const next: KmsKeyRing = { currentVersion: version, dataKeys: [...(ring?.dataKeys ?? []), added] };
  await writeFile(keyRingFile, `${JSON.stringify(next, null, 2)}\n`);
  console.log(`added data key version ${version} (${added.keyId}) to ${keyRingFile}`);
} else {
  const storage = await createStorage({
    // environmentId, clientId and clientSecret come from INC_ENVIRONMENT_ID / INC_CLIENT_ID / INC_CLIENT_SECRET.
    secretKeyAccessor: secretsFromKms({
      client,
      // Read again on every refresh: a service meeting a record of a newer version picks up the new file.
      keyRing: async () => {
        const ring = await readKeyRing();
        if (ring === undefined) throw new Error(`no key ring at ${keyRingFile}; run with add-version first`);
        return ring;
      },
    }),
  });
  if (process.argv[2] === 'migrate') {
    // Once every service has the new version: re-encrypt old records, then retire old data keys.
    for (let left = Number.POSITIVE_INFINITY; left > 0; ) {
      const { migrated, totalLeft } = await storage.migrate('us');
      console.log(`migrated ${migrated}, ${totalLeft} left`);
      left = totalLeft;
    }
  } else {
    const { record } = await storage.write('us', {
      record_key: 'kms-example',
      body: 'encrypted with a KMS data key',
    });
    console.log(`wrote record_key ${record.record_key} with secret version ${record.version}`);
  }
}
