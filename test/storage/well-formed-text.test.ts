/**
 * Lone UTF-16 surrogates are refused before anything is sent, in every mode: hashed, encrypted or sent
 * plain, such a string becomes U+FFFD, so two record keys would collide and values would be rewritten.
 */
import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../../src/index.js';
import { MODES, storageFor } from './support/storages.js';
import { storageCalls, useLocalPop } from './support/test-pop.js';

const ctx = useLocalPop();

describe.each(MODES)('%s', (mode) => {
  it('every entry point refuses a lone surrogate, naming the argument, and sends nothing', async () => {
    const storage = await storageFor(ctx.pop, mode);
    const calls: [string, () => Promise<unknown>][] = [
      ['record.record_key', () => storage.write('us', { record_key: 'sur\ud800' })],
      ['record.body', () => storage.write('us', { record_key: 'k', body: 'x\ud800y' })],
      ['record.key1', () => storage.write('us', { record_key: 'k', key1: '\udc00' })],
      [
        'records.1.record_key',
        () => storage.batchWrite('us', [{ record_key: 'a' }, { record_key: 'b\ud801' }]),
      ],
      ['recordKey', () => storage.read('us', 'sur\ud801')],
      ['recordKey', () => storage.delete('us', 'sur\ud801')],
      ['filter.record_key.0', () => storage.batchDelete('us', { record_key: ['\ud800'] })],
      ['filter.key2', () => storage.find('us', { key2: 'a\ud800' })],
      ['filter.key2.$not', () => storage.findOne('us', { key2: { $not: '\ud800' } })],
      [
        'attachment.fileName',
        () => storage.addAttachment('us', 'k', { file: Buffer.from('x'), fileName: 'a\ud800' }),
      ],
      ['meta.filename', () => storage.updateAttachmentMeta('us', 'k', 'f', { filename: 'a\ud800' })],
      ['fileId', () => storage.deleteAttachment('us', 'k', 'f\ud800')],
    ];
    for (const [path, call] of calls) {
      const error = await call().catch((e: unknown) => e);
      expect(error, path).toBeInstanceOf(InputValidationError);
      expect((error as InputValidationError).issues[0]).toMatchObject({
        path: path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
      });
      expect((error as Error).message).toMatch(/lone UTF-16 surrogate/);
    }
    expect(storageCalls(ctx.pop)).toEqual([]);
  });

  it('the fluent builder refuses it too', async () => {
    const storage = await storageFor(ctx.pop, mode);
    const error = await (async () => storage.in('us').where('key1').eq('x\ud800').find())().catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputValidationError);
    expect(storageCalls(ctx.pop)).toEqual([]);
  });
});
