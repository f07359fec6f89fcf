/**
 * Every length rule counts Unicode code points, as the Python and Java SDKs do: an emoji is one character
 * though it is two UTF-16 units. Each rule is checked at its boundary with astral characters — at the
 * limit passes, one over fails — in record validation, the builder, the object DSL and the PoP.
 */
import { describe, expect, it } from 'vitest';
import { EncryptionType, InputValidationError } from '../../src/index.js';
import { type PlainKeys, storageFor } from './support/storages.js';
import { useLocalPop } from './support/test-pop.js';

const ctx = useLocalPop();
const E = '😀';
const emoji = (n: number) => E.repeat(n);

async function plainStorage() {
  return storageFor<PlainKeys>(ctx.pop, EncryptionType.OFF, {}, { hashSearchKeys: false });
}

async function rawFind(body: unknown): Promise<Response> {
  const { clientId, clientSecret, environmentId } = ctx.pop.storageOptions;
  const tokenResponse = await fetch(`${ctx.pop.url}/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: `grant_type=client_credentials&scope=${encodeURIComponent(environmentId)}`,
  });
  const { access_token } = (await tokenResponse.json()) as { access_token: string };
  return fetch(`${ctx.pop.url}/v2/storage/records/us/find`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${access_token}`,
      'x-env-id': environmentId,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
}

describe('plain key1..key20: at most 256 characters', () => {
  const atLimit = `${emoji(255)}z`;
  const over = emoji(257);

  it('writes and finds a 256-character astral value with the object DSL and the builder', async () => {
    const storage = await plainStorage();
    await storage.write('us', { record_key: 'astral', key1: atLimit });
    expect((await storage.find('us', { key1: atLimit })).data.map((r) => r.record_key)).toEqual(['astral']);
    expect((await storage.find('us', { key1: { $not: [atLimit] } })).meta.total).toBe(0);
    expect((await storage.in('us').where('key1').eq(atLimit).find()).meta.total).toBe(1);
    expect(
      (
        await storage
          .in('us')
          .or((b) => b.where('key1').eq(atLimit).where('key2').eq('x'))
          .find()
      ).meta.total,
    ).toBe(1);
  });

  it('refuses 257 characters in records, the object DSL and the builder', async () => {
    const storage = await plainStorage();
    await expect(storage.write('us', { record_key: 'r', key1: over })).rejects.toThrow(
      /key1: must have at most 256/,
    );
    await expect(storage.batchWrite('us', [{ record_key: 'r', key20: over }])).rejects.toThrow(
      InputValidationError,
    );
    await expect(storage.find('us', { key1: over })).rejects.toThrow(/at most 256 characters/);
    await expect(storage.find('us', { key1: [atLimit, over] })).rejects.toThrow(/at most 256 characters/);
    // The builder may throw at once or reject; either way nothing is sent.
    await expect((async () => storage.in('us').where('key1').eq(over).find())()).rejects.toThrow(
      /at most 256 characters/,
    );
  });
});

describe('search_keys: 3 to 200 characters', () => {
  it('accepts 3 and 200 astral characters in the builder, the object DSL and the PoP', async () => {
    const storage = await plainStorage();
    await storage.write('us', { record_key: 's', key3: `a${emoji(200)}b` });
    for (const text of [emoji(3), emoji(200), `${emoji(199)}b`]) {
      expect((await storage.in('us').searchKeys(text).find()).meta.total).toBe(1);
      expect((await storage.find('us', { search_keys: text })).meta.total).toBe(1);
      expect((await rawFind({ filter: { search_keys: text } })).status).toBe(200);
    }
  });

  it('refuses 2 and 201 astral characters in the builder, the object DSL and the PoP', async () => {
    const storage = await plainStorage();
    for (const text of [emoji(2), emoji(201)]) {
      expect(() => storage.in('us').searchKeys(text)).toThrow(/3 to 200 characters/);
      await expect(storage.find('us', { search_keys: text })).rejects.toThrow(/3 to 200 characters/);
      const response = await rawFind({ filter: { search_keys: text } });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { errors: { source: string }[] }).errors).toEqual([
        expect.objectContaining({ source: 'body.filter.search_keys' }),
      ]);
    }
  });
});

describe('SSE mode: record_key at most 128, key1..key20 at most 256 characters', () => {
  it('accepts astral values at the limits and refuses one more', async () => {
    const storage = await storageFor(ctx.pop, EncryptionType.SSE);
    await storage.write('us', { record_key: emoji(128), key1: emoji(256), service_key1: emoji(256) });
    expect((await storage.read('us', emoji(128))).record.key1).toBe(emoji(256));
    await expect(storage.write('us', { record_key: emoji(129) })).rejects.toThrow(
      /record_key: must have at most 128/,
    );
    await expect(storage.write('us', { record_key: 'k', key1: emoji(257) })).rejects.toThrow(
      /key1: must have at most 256/,
    );
    await expect(storage.write('us', { record_key: 'k', profile_key: emoji(129) })).rejects.toThrow(
      /profile_key: must have at most 128/,
    );
  });
});
