/**
 * Debug mode: every result carries the raw HTTP response under Storage.HTTP_DEBUG_KEY (an array for
 * migrate), without credentials, and invisible to JSON and spreads.
 */
import { describe, expect, it } from 'vitest';
import { EncryptionType, HTTP_DEBUG_KEY, Storage } from '../../src/index.js';
import { storageFor } from './support/storages.js';
import { useLocalPop } from './support/test-pop.js';

const ctx = useLocalPop();

describe('debug mode', () => {
  it('attaches status, headers and the raw (encrypted) body of each response', async () => {
    const storage = await storageFor(ctx.pop, EncryptionType.LOCAL);
    const written = await storage.write('us', { record_key: 'k', body: 'plaintext body' });
    const debug = written[Storage.HTTP_DEBUG_KEY];
    expect(Storage.HTTP_DEBUG_KEY).toBe(HTTP_DEBUG_KEY);
    expect(debug).toMatchObject({
      method: 'POST',
      url: `${ctx.pop.url}/v2/storage/records/us`,
      statusCode: 201,
      retries: 0,
      headers: expect.objectContaining({ 'content-type': expect.stringContaining('application/json') }),
    });
    const raw = debug?.body as { body: string };
    expect(raw.body.startsWith('2:')).toBe(true);
    expect(raw.body).not.toContain('plaintext body');
  });

  it('is invisible to JSON.stringify and object spread', async () => {
    const storage = await storageFor(ctx.pop, EncryptionType.OFF);
    const result = await storage.write('us', { record_key: 'k' });
    expect(JSON.parse(JSON.stringify(result))).not.toHaveProperty('http');
    expect(Object.getOwnPropertySymbols({ ...result })).toEqual([]);
    expect(result[Storage.HTTP_DEBUG_KEY]).toBeDefined();
  });

  it('covers every method, with retries counted', async () => {
    const storage = await storageFor(ctx.pop, EncryptionType.OFF);
    ctx.pop.admin.addFault({ route: 'find', status: 429, retryAfter: 0, times: 1 });
    await storage.write('us', { record_key: 'k' });
    const found = await storage.find('us');
    expect(found[Storage.HTTP_DEBUG_KEY]).toMatchObject({ statusCode: 200, retries: 1 });
    const attached = await storage.addAttachment('us', 'k', { file: Buffer.from('abc') });
    const file = await storage.getAttachmentFile('us', 'k', attached.attachmentMeta.file_id);
    expect(file[Storage.HTTP_DEBUG_KEY]).toMatchObject({ statusCode: 200, body: undefined });
    file.attachmentData.file.resume();
    expect((await storage.healthCheck('us'))[Storage.HTTP_DEBUG_KEY]?.statusCode).toBe(200);
    expect((await storage.delete('us', 'k'))[Storage.HTTP_DEBUG_KEY]?.statusCode).toBe(200);
  });

  it('is absent without debug: true', async () => {
    const storage = await storageFor(ctx.pop, EncryptionType.OFF, { debug: false });
    const result = await storage.write('us', { record_key: 'k' });
    expect(result[Storage.HTTP_DEBUG_KEY]).toBeUndefined();
  });
});
