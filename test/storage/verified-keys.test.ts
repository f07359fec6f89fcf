/**
 * The client verifies what it decrypts (docs/protocol.md#verified-keys), against a real PoP on SQLite and
 * PostgreSQL whose stored rows are tampered with directly: with the environment's token, bob's wire
 * record is written into alice's row (the PoP stores what it receives), or a key column is rewritten. A
 * read used to return bob's record for alice; every such record is now a StorageCryptoError for read and
 * an entry in `errors` for find, findOne and migrate, never data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashValue } from '../../src/crypto/key-hasher.js';
import { createStorage, SecretKeyAccessor, type Storage, StorageCryptoError } from '../../src/index.js';
import { popDatabases, startPopOn } from '../server/support/pop-databases.js';
import type { TestPop } from '../server/support/test-pop.js';

const US = '/v2/storage/records/us';

describe.each(popDatabases())('%s', (_name, database) => {
  let t: TestPop;
  beforeAll(async () => {
    t = await startPopOn(database);
  });
  afterAll(() => t.close());

  const h = (value: string) => hashValue(value, t.env);

  async function storageWith(
    options: Record<string, unknown> = {},
    secret: unknown = 'verified keys',
  ): Promise<Storage> {
    const { environmentId, clientId, clientSecret, endpoint, options: popOptions } = t.pop.storageOptions;
    return createStorage({
      environmentId,
      clientId,
      clientSecret,
      endpoint,
      secretKeyAccessor: new SecretKeyAccessor(() => secret as string),
      options: { ...popOptions, ...options },
    } as never);
  }

  /** Overwrites the stored row of `hashedKey` with `wire` (another record's wire form, or an edited one). */
  async function tamper(hashedKey: string, wire: Record<string, unknown>): Promise<void> {
    const response = await t.call('POST', US, { body: { ...wire, record_key: hashedKey } });
    expect(response.status).toBe(201);
  }

  async function rawRecord(hashedKey: string): Promise<Record<string, unknown>> {
    const response = await t.call('GET', `${US}/${hashedKey}`);
    expect(response.status).toBe(200);
    const { created_at: _c, updated_at: _u, attachments: _a, ...wire } = response.json;
    return wire;
  }

  it("read('alice') answered with bob's record is a StorageCryptoError, never bob's data", async () => {
    const storage = await storageWith();
    await storage.write('us', { record_key: 'alice', body: 'alice body' });
    await storage.write('us', { record_key: 'bob', key1: 'bob-key1', body: 'bob body' });
    await tamper(h('alice'), await rawRecord(h('bob')));

    const error = (await storage.read('us', 'alice').catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(StorageCryptoError);
    expect(error.message).toMatch(
      /^read\(\) failed: Record keys do not match: record_key does not match the encrypted envelope/,
    );
    expect(JSON.stringify(error)).not.toMatch(/bob/);
    // bob's own row is untouched and still reads.
    expect((await storage.read('us', 'bob')).record.body).toBe('bob body');
  });

  it('find, findOne and findOne by key report the swapped record in errors, not in data', async () => {
    const storage = await storageWith();
    const byKey = await storage.find('us', { record_key: 'alice' });
    expect(byKey.data).toEqual([]);
    expect(byKey.errors?.[0]?.error).toBeInstanceOf(StorageCryptoError);
    expect(byKey.errors?.[0]?.rawData.record_key).toBe(h('alice'));
    const all = await storage.find('us', {});
    expect(all.data.map((r) => r.record_key)).toEqual(['bob']);
    expect(all.errors).toHaveLength(1);
    await expect(storage.findOne('us', { record_key: ['alice', 'nobody'] })).rejects.toThrow(
      /Record keys do not match/,
    );
  });

  it('a key column edited to match a filter, or a hashed key the envelope does not hold, is an error', async () => {
    const storage = await storageWith();
    await storage.write('us', { record_key: 'carol', key1: 'user', body: 'carol body' });
    await storage.write('us', { record_key: 'dave', body: 'dave body' });
    await tamper(h('carol'), { ...(await rawRecord(h('carol'))), key1: h('admin') });
    await tamper(h('dave'), { ...(await rawRecord(h('dave'))), key2: h('admin') });

    const admins = await storage.find('us', { key1: 'admin' });
    expect(admins.data).toEqual([]);
    expect(admins.errors?.[0]?.error.message).toMatch(/key1 does not match the encrypted envelope/);
    const injected = await storage.find('us', { key2: 'admin' });
    expect(injected.data).toEqual([]);
    expect(injected.errors?.[0]?.error.message).toMatch(/key2 is not in the encrypted envelope/);
    await expect(storage.read('us', 'dave')).rejects.toThrow(/key2 is not in the encrypted envelope/);
  });

  it('a record that fails verification is reported by migrate and never rewritten', async () => {
    const old = await storageWith({}, 'version zero');
    await old.write('us', { record_key: 'mig-a', body: 'a' });
    await old.write('us', { record_key: 'mig-b', body: 'b' });
    await tamper(h('mig-a'), await rawRecord(h('mig-b')));
    const rotated = await storageWith(
      {},
      {
        currentVersion: 1,
        secrets: [
          { secret: 'version zero', version: 0 },
          { secret: 'version one', version: 1 },
        ],
      },
    );
    const result = await rotated.migrate('us', 100);
    expect(result.errors?.map((e) => e.rawData.record_key)).toContain(h('mig-a'));
    expect((await rawRecord(h('mig-a'))).version).toBe(0);
    expect((await rotated.read('us', 'mig-b')).record.version).toBe(1);
  });

  it('legitimate records verify: other normalisation, plain search keys, another case spelling asked', async () => {
    const normalizing = await storageWith({ normalizeKeys: true });
    await normalizing.write('us', { record_key: 'Erin', key1: 'MiXeD', profile_key: 'P', body: 'erin' });
    // Case-insensitive reads with normalizeKeys, and a reader without it asking for the stored lower case.
    expect((await normalizing.read('us', 'ERIN')).record.record_key).toBe('Erin');
    const plain = await storageWith();
    expect((await plain.read('us', 'erin')).record.body).toBe('erin');
    expect((await plain.find('us', { profile_key: 'p' })).data.map((r) => r.key1)).toEqual(['MiXeD']);

    const plainKeys = await storageWith({ hashSearchKeys: false });
    await plainKeys.write('us', { record_key: 'frank', key1: 'Plain Text', key2: 'two', body: 'f' });
    expect((await plainKeys.find('us', { key1: 'Plain Text' })).data.map((r) => r.key2)).toEqual(['two']);
    expect((await plainKeys.read('us', 'frank')).record.key1).toBe('Plain Text');
  });
});
