/**
 * What the caller passes cannot change where a request goes or how its body is framed: `.` and `..` as
 * path segments (URL parsing resolves them away, percent-encoded or not) and framing or connection
 * headers in `requestOptions.httpHeaders` are refused before anything is sent.
 */
import { describe, expect, it } from 'vitest';
import { EncryptionType, InputValidationError } from '../../src/index.js';
import { storageFor } from './support/storages.js';
import { storageCalls, useLocalPop } from './support/test-pop.js';

const ctx = useLocalPop();

async function refused(call: () => Promise<unknown>, path: string): Promise<void> {
  const error = await call().catch((e: unknown) => e);
  expect(error, path).toBeInstanceOf(InputValidationError);
  expect((error as InputValidationError).issues.map((i) => i.path.join('.'))).toContain(path);
}

describe('dot segments', () => {
  it('file ids "." and ".." are refused in every mode', async () => {
    for (const mode of [EncryptionType.LOCAL, EncryptionType.SSE]) {
      const storage = await storageFor(ctx.pop, mode);
      for (const id of ['.', '..']) {
        await refused(() => storage.deleteAttachment('us', 'k', id), 'fileId');
        await refused(() => storage.getAttachmentMeta('us', 'k', id), 'fileId');
        await refused(() => storage.getAttachmentFile('us', 'k', id), 'fileId');
        await refused(() => storage.updateAttachmentMeta('us', 'k', id, { filename: 'x' }), 'fileId');
      }
    }
    expect(storageCalls(ctx.pop)).toEqual([]);
  });

  it('SSE record keys "." and ".." are refused; hashed keys are not paths and stay usable', async () => {
    const sse = await storageFor(ctx.pop, EncryptionType.SSE);
    for (const key of ['.', '..']) {
      await refused(() => sse.delete('us', key), 'recordKey');
      await refused(() => sse.read('us', key), 'recordKey');
      await refused(() => sse.addAttachment('us', key, { file: Buffer.from('x') }), 'recordKey');
      await refused(() => sse.write('us', { record_key: key }), 'record_key');
    }
    expect(storageCalls(ctx.pop)).toEqual([]);
    const local = await storageFor(ctx.pop, EncryptionType.LOCAL);
    await local.write('us', { record_key: '..' });
    expect((await local.read('us', '..')).record.record_key).toBe('..');
    await local.delete('us', '..');
    expect(storageCalls(ctx.pop)).toEqual(['POST write 201', 'GET read 200', 'DELETE delete 200']);
  });
});

describe('httpHeaders', () => {
  it.each(['content-length', 'Transfer-Encoding', 'host', 'connection', 'expect'])(
    '%s cannot be set',
    async (name) => {
      const storage = await storageFor(ctx.pop, EncryptionType.SSE);
      await refused(
        () => storage.write('us', { record_key: 'k', body: 'a body' }, { httpHeaders: { [name]: '5' } }),
        `requestOptions.httpHeaders.${name}`,
      );
      expect(storageCalls(ctx.pop)).toEqual([]);
    },
  );
});
