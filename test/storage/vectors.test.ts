/**
 * Cross-check with the official SDKs' data: each wire record of test/fixtures/vectors/records.json is
 * stored in the local PoP as-is (POSTed with a bearer token, bypassing this client), then read back through
 * the public API, which must return the vector's decrypted record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorage, SecretKeyAccessor, type SecretsData } from '../../src/index.js';
import { type LocalPop, startLocalPop } from '../../src/server/index.js';
import { loadVectors } from '../support/vectors.js';

interface RecordVector {
  id: string;
  environment_id: string;
  secrets_data: SecretsData;
  options: { normalize_keys: boolean; hash_search_keys: boolean };
  api_record: Record<string, unknown>;
  decrypted_record: Record<string, unknown>;
}

const vectors = loadVectors<{ vectors: RecordVector[] }>('records').vectors;
const environments = [...new Set(vectors.map((v) => v.environment_id))];

describe('records.json through the public API', () => {
  let pop: LocalPop;
  beforeAll(async () => {
    pop = await startLocalPop({
      credentials: environments.map((environmentId) => ({
        environmentId,
        clientId: `client-${environmentId}`,
        clientSecret: 'vectors-secret',
      })),
    });
  });
  afterAll(async () => {
    await pop.close();
  });

  it.each(vectors.map((v, index) => [v.id, v, index] as const))('%s', async (_id, vector, index) => {
    // One country per vector: several vectors share the same record key.
    const country = `${String.fromCharCode(97 + Math.floor(index / 26))}${String.fromCharCode(97 + (index % 26))}`;
    const response = await fetch(`${pop.url}/v2/storage/records/${country}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${pop.admin.issueToken(vector.environment_id)}`,
        'x-env-id': vector.environment_id,
        'content-type': 'application/json',
      },
      body: JSON.stringify(vector.api_record),
    });
    expect(response.status).toBe(201);

    const storage = await createStorage({
      environmentId: vector.environment_id,
      clientId: `client-${vector.environment_id}`,
      clientSecret: 'vectors-secret',
      endpoint: pop.url,
      secretKeyAccessor: new SecretKeyAccessor(() => vector.secrets_data),
      options: {
        authEndpoints: { default: `${pop.url}/oauth2/token` },
        normalizeKeys: vector.options.normalize_keys,
        hashSearchKeys: vector.options.hash_search_keys,
      },
    });
    const { record } = await storage.read(country, String(vector.decrypted_record.record_key));
    expect(record).toMatchObject(vector.decrypted_record);

    const found = await storage.find(country, {});
    expect(found.errors).toBeUndefined();
    expect(found.data).toHaveLength(1);
    expect(found.data[0]).toMatchObject(vector.decrypted_record);

    // A record written back by this client reads the same (and is stored in the current format).
    const { record: rewritten } = await storage.write(country, {
      ...(Object.fromEntries(Object.entries(vector.decrypted_record).filter(([, v]) => v !== null)) as {
        record_key: string;
      }),
    });
    expect(rewritten).toMatchObject(vector.decrypted_record);
  });
});
