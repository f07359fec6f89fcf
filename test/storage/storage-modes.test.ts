/**
 * Every Storage method in every encryption mode, end to end against the local PoP over HTTP. The raw
 * responses (debug mode) show what went over the wire: hashes and ciphertext in LOCAL, `pt:` in OFF,
 * plain values in SSE.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  EncryptionType,
  type HttpDebugResponse,
  Storage,
  StorageClientError,
  StorageServerError,
} from '../../src/index.js';
import { MODES, storageFor } from './support/storages.js';
import { useLocalPop } from './support/test-pop.js';

const ctx = useLocalPop();

function hashOf(value: string): string {
  return createHash('sha256').update(`${value}:${ctx.pop.storageOptions.environmentId}`).digest('hex');
}

function rawRecord(debug: HttpDebugResponse | undefined): Record<string, unknown> {
  return debug?.body as Record<string, unknown>;
}

describe.each(MODES)('%s mode', (mode) => {
  it('write returns the stored record; read returns it decrypted; the wire carries the mode’s form', async () => {
    const storage = await storageFor(ctx.pop, mode);
    const expires = new Date(Date.now() + 3_600_000);
    const written = await storage.write('US', {
      record_key: 'user-1',
      key1: 'English',
      profile_key: 'profile',
      range_key1: 6275438399,
      body: '{"name":"Ada"}',
      precommit_body: 'pre',
      expires_at: expires,
    });
    expect(written.record).toMatchObject({
      record_key: 'user-1',
      key1: 'English',
      profile_key: 'profile',
      range_key1: 6275438399,
      body: '{"name":"Ada"}',
      precommit_body: 'pre',
      expires_at: expires,
      attachments: [],
    });
    expect(written.record.created_at).toBeInstanceOf(Date);
    expect(written.record.updated_at).toBeInstanceOf(Date);

    const raw = rawRecord(written[Storage.HTTP_DEBUG_KEY]);
    if (mode === EncryptionType.SSE) {
      expect(raw).toMatchObject({ record_key: 'user-1', key1: 'English', body: '{"name":"Ada"}' });
    } else {
      expect(raw.record_key).toBe(hashOf('user-1'));
      expect(raw.key1).toBe(hashOf('English'));
      expect(String(raw.body).startsWith(mode === EncryptionType.LOCAL ? '2:' : 'pt:')).toBe(true);
      expect(raw.is_encrypted).toBe(mode === EncryptionType.LOCAL);
    }

    const { record } = await storage.read('us', 'user-1');
    expect(record).toEqual(written.record);
  });

  it('batchWrite, find (object DSL and builder), findOne', async () => {
    const storage = await storageFor(ctx.pop, mode);
    const { records } = await storage.batchWrite('us', [
      { record_key: 'a', key2: 'x', range_key2: 1 },
      { record_key: 'b', key2: 'y', range_key2: 2 },
      { record_key: 'c', key2: 'y', range_key2: 3 },
    ]);
    expect(records.map((r) => r.record_key)).toEqual(['a', 'b', 'c']);

    const found = await storage.find(
      'us',
      { key2: 'y', range_key2: { $gte: 2 } },
      { sort: [{ range_key2: 'desc' }] },
    );
    expect(found.data.map((r) => r.record_key)).toEqual(['c', 'b']);
    expect(found.meta).toEqual({ count: 2, limit: 100, offset: 0, total: 2 });
    expect(found.errors).toBeUndefined();

    const page = await storage
      .in('us')
      .where('key2')
      .eq(['x', 'y'])
      .sortBy('range_key2', 'asc')
      .limit(2)
      .offset(1)
      .find();
    expect(page.data.map((r) => r.record_key)).toEqual(['b', 'c']);
    expect(page.meta.total).toBe(3);

    const all: string[] = [];
    for await (const r of storage.in('us').limit(1)) all.push(r.record_key);
    expect(all.sort()).toEqual(['a', 'b', 'c']);

    expect((await storage.findOne('us', { key2: 'x' }))?.record.record_key).toBe('a');
    expect(await storage.findOne('us', { key2: 'none' })).toBeNull();
    expect((await storage.in('us').where('record_key').eq('c').findOne())?.record.range_key2).toBe(3);
  });

  it('delete and batchDelete; a missing record is a 404 StorageServerError', async () => {
    const storage = await storageFor(ctx.pop, mode);
    await storage.batchWrite('us', [{ record_key: 'a' }, { record_key: 'b' }, { record_key: 'c' }]);
    expect(await storage.delete('us', 'a')).toEqual({ success: true });
    expect(await storage.batchDelete('us', { record_key: ['b', 'c'] })).toEqual({ success: true });
    const error = await storage.read('us', 'a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageServerError);
    expect((error as StorageServerError).statusCode).toBe(404);
    expect((error as Error).message).toMatch(/^read\(\) failed: the server answered 404 Not Found/);
    expect((await storage.find('us')).meta.total).toBe(0);
  });

  it('attachments: add, upsert, meta, update, download, delete', async () => {
    const storage = await storageFor(ctx.pop, mode);
    await storage.write('us', { record_key: 'doc-owner' });
    const content = Buffer.from('hello attachment');
    const added = await storage.addAttachment('us', 'doc-owner', {
      file: content,
      fileName: 'naïve "q".txt',
      mimeType: 'text/plain',
    });
    expect(added.attachmentMeta).toMatchObject({
      filename: 'naïve "q".txt',
      mime_type: 'text/plain',
      size: content.length,
      hash: createHash('sha256').update(content).digest('hex'),
    });
    const fileId = added.attachmentMeta.file_id;

    const replaced = await storage.addAttachment(
      'us',
      'doc-owner',
      { file: Readable.from([Buffer.from('v2')]), fileName: 'naïve "q".txt' },
      true,
    );
    expect(replaced.attachmentMeta.file_id).toBe(fileId);
    expect(replaced.attachmentMeta.size).toBe(2);
    expect(replaced.attachmentMeta.mime_type).toBe('application/octet-stream');

    const updated = await storage.updateAttachmentMeta('us', 'doc-owner', fileId, {
      filename: 'v2.txt',
      mimeType: 'text/plain',
    });
    expect(updated.attachmentMeta).toMatchObject({ filename: 'v2.txt', mime_type: 'text/plain' });
    expect((await storage.getAttachmentMeta('us', 'doc-owner', fileId)).attachmentMeta.filename).toBe(
      'v2.txt',
    );
    expect((await storage.read('us', 'doc-owner')).record.attachments.map((a) => a.file_id)).toEqual([
      fileId,
    ]);

    const { attachmentData } = await storage.getAttachmentFile('us', 'doc-owner', fileId);
    expect(attachmentData.filename).toBe('v2.txt');
    const chunks: Buffer[] = [];
    for await (const chunk of attachmentData.file) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('v2');

    expect(await storage.deleteAttachment('us', 'doc-owner', fileId)).toEqual({ success: true });
    await expect(storage.getAttachmentMeta('us', 'doc-owner', fileId)).rejects.toMatchObject({
      statusCode: 404,
    });
    await expect(storage.getAttachmentFile('us', 'doc-owner', fileId)).rejects.toMatchObject({
      statusCode: 404,
      message: expect.stringMatching(/^getAttachmentFile\(\) failed: the server answered 404/),
    });
  });

  it('healthCheck is true while the PoP is healthy', async () => {
    const storage = await storageFor(ctx.pop, mode);
    expect(await storage.healthCheck('us')).toEqual({ result: true });
  });

  it('healthCheck is false (not an exception) for an error status', async () => {
    ctx.pop.admin.addFault({ route: 'healthcheck', status: 503 });
    const storage = await storageFor(ctx.pop, mode);
    expect(await storage.healthCheck('us')).toEqual({ result: false });
  });

  it(mode === EncryptionType.LOCAL ? 'migrate runs' : 'migrate is refused outside LOCAL mode', async () => {
    const storage = await storageFor(ctx.pop, mode);
    if (mode === EncryptionType.LOCAL) {
      expect(await storage.migrate('us')).toEqual({ migrated: 0, totalLeft: 0 });
    } else {
      await expect(storage.migrate('us')).rejects.toSatisfy(
        (e: unknown) =>
          e instanceof StorageClientError &&
          /^migrate\(\) failed: .*needs EncryptionType\.LOCAL/.test((e as Error).message),
      );
      expect(ctx.pop.admin.requests()).toHaveLength(0);
    }
  });
});

describe('modes do not read each other’s keys', () => {
  it('SSE stores plain keys, so a LOCAL storage looking up the same key finds nothing', async () => {
    const sse = await storageFor(ctx.pop, EncryptionType.SSE);
    const local = await storageFor(ctx.pop, EncryptionType.LOCAL);
    await sse.write('us', { record_key: 'shared', body: 'x' });
    await expect(local.read('us', 'shared')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('OFF records (pt:) are readable by a LOCAL storage of the same environment', async () => {
    const off = await storageFor(ctx.pop, EncryptionType.OFF);
    const local = await storageFor(ctx.pop, EncryptionType.LOCAL);
    await off.write('us', { record_key: 'open', body: 'visible' });
    expect((await local.read('us', 'open')).record.body).toBe('visible');
  });
});
