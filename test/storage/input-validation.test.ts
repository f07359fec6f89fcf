/**
 * Bad arguments for every public method: InputValidationError naming the method, the argument and the
 * rule, and no request reaches the PoP (not even the token request).
 */
import { describe, expect, it } from 'vitest';
import { EncryptionType, InputValidationError, type Storage } from '../../src/index.js';
import { storageFor } from './support/storages.js';
import { useLocalPop } from './support/test-pop.js';

const ctx = useLocalPop();

type Call = (storage: Storage) => Promise<unknown> | unknown;
// Cast-through-never: these calls are wrong on purpose, as a JavaScript caller could make them.
const bad = (value: unknown) => value as never;

const cases: Array<[string, Call, RegExp]> = [
  [
    'write: country of three letters',
    (s) => s.write('usa', { record_key: 'k' }),
    /^write\(\) failed: country: must be a two-letter country code/,
  ],
  ['write: country not a string', (s) => s.write(bad(1), { record_key: 'k' }), /^write\(\) failed: country:/],
  [
    'write: empty record_key',
    (s) => s.write('us', { record_key: '' }),
    /^write\(\) failed: record\.record_key: must be a non-empty string/,
  ],
  ['write: missing record_key', (s) => s.write('us', bad({ body: 'x' })), /record\.record_key/],
  [
    'write: range key not an integer',
    (s) => s.write('us', { record_key: 'k', range_key1: 1.5 }),
    /record\.range_key1: expected an integer/,
  ],
  [
    'write: range key as a string',
    (s) => s.write('us', bad({ record_key: 'k', range_key1: '1' })),
    /record\.range_key1/,
  ],
  [
    'write: unknown field',
    (s) => s.write('us', bad({ record_key: 'k', key21: 'x' })),
    /record\.key21: unknown field/,
  ],
  [
    'write: read-only field',
    (s) => s.write('us', bad({ record_key: 'k', created_at: new Date() })),
    /record\.created_at: unknown field .* set by the server/,
  ],
  [
    'write: bad date',
    (s) => s.write('us', { record_key: 'k', expires_at: 'tomorrow' }),
    /record\.expires_at: expected a Date/,
  ],
  [
    'write: invalid Date',
    (s) => s.write('us', { record_key: 'k', expires_at: new Date('x') }),
    /record\.expires_at/,
  ],
  [
    'write: requestOptions unknown key',
    (s) => s.write('us', { record_key: 'k' }, bad({ headers: {} })),
    /^write\(\) failed: requestOptions/,
  ],
  [
    'write: signal not an AbortSignal',
    (s) => s.write('us', { record_key: 'k' }, bad({ signal: {} })),
    /requestOptions\.signal: must be an AbortSignal/,
  ],
  [
    'batchWrite: empty batch',
    (s) => s.batchWrite('us', []),
    /^batchWrite\(\) failed: records: must hold 1 to 100 records/,
  ],
  [
    'batchWrite: 101 records',
    (s) =>
      s.batchWrite(
        'us',
        Array.from({ length: 101 }, (_, i) => ({ record_key: `k${i}` })),
      ),
    /records: must hold 1 to 100/,
  ],
  [
    'batchWrite: not an array',
    (s) => s.batchWrite('us', bad({ record_key: 'k' })),
    /records: must be an array/,
  ],
  [
    'batchWrite: one bad record',
    (s) => s.batchWrite('us', [{ record_key: 'a' }, bad({ record_key: 'b', range_key2: 'x' })]),
    /records\.1\.range_key2/,
  ],
  ['read: empty key', (s) => s.read('us', ''), /^read\(\) failed: recordKey: must be a non-empty string/],
  ['read: key not a string', (s) => s.read('us', bad(42)), /^read\(\) failed: recordKey/],
  ['delete: bad country', (s) => s.delete('u', 'k'), /^delete\(\) failed: country/],
  [
    'find: unknown field',
    (s) => s.find('us', bad({ nope: 1 })),
    /^find\(\) failed: .*filter\.nope: unknown filter field/,
  ],
  [
    'find: wrong value type',
    (s) => s.find('us', bad({ range_key1: 'one' })),
    /^find\(\) failed: .*filter\.range_key1/,
  ],
  [
    'find: $gt with $gte',
    (s) => s.find('us', bad({ range_key1: { $gt: 1, $gte: 2 } })),
    /either \$gt or \$gte/,
  ],
  [
    'find: limit 0',
    (s) => s.find('us', {}, bad({ limit: 0 })),
    /options\.limit: limit must be between 1 and 100/,
  ],
  ['find: limit 101', (s) => s.find('us', {}, bad({ limit: 101 })), /options\.limit/],
  ['find: negative offset', (s) => s.find('us', {}, bad({ offset: -1 })), /options\.offset/],
  [
    'find: bad sort order',
    (s) => s.find('us', {}, bad({ sort: [{ range_key1: 'up' }] })),
    /sort order must be "asc" or "desc"/,
  ],
  [
    'find: sort on body',
    (s) => s.find('us', {}, bad({ sort: [{ body: 'asc' }] })),
    /not allowed for sorting/,
  ],
  [
    'find: $or with one branch',
    (s) => s.find('us', bad({ $or: [{ key1: 'a' }] })),
    /\$or needs at least two branches/,
  ],
  ['find: bad date', (s) => s.find('us', bad({ created_at: { $gt: 'yesterday' } })), /filter\.created_at/],
  [
    'findOne: limit given',
    (s) => s.findOne('us', {}, bad({ limit: 5 })),
    /^findOne\(\) failed: options: .*limit 1/,
  ],
  [
    'batchDelete: empty list',
    (s) => s.batchDelete('us', { record_key: [] }),
    /^batchDelete\(\) failed: filter\.record_key: must hold 1 to 100/,
  ],
  [
    'batchDelete: wrong shape',
    (s) => s.batchDelete('us', bad(['a'])),
    /^batchDelete\(\) failed: filter: must be \{ record_key: string\[\] \}/,
  ],
  [
    'batchDelete: empty key',
    (s) => s.batchDelete('us', { record_key: ['a', ''] }),
    /filter\.record_key\.1: must be a non-empty string/,
  ],
  ['migrate: limit 0', (s) => s.migrate('us', 0), /^migrate\(\) failed: limit/],
  [
    'addAttachment: no file',
    (s) => s.addAttachment('us', 'k', bad({})),
    /^addAttachment\(\) failed: attachment\.file: is required/,
  ],
  [
    'addAttachment: unknown option',
    (s) => s.addAttachment('us', 'k', bad({ file: Buffer.from('x'), name: 'x' })),
    /attachment/,
  ],
  [
    'addAttachment: bad MIME type',
    (s) => s.addAttachment('us', 'k', { file: Buffer.from('x'), mimeType: 'text' }),
    /attachment\.mimeType: must be a MIME type/,
  ],
  [
    'addAttachment: file name with a newline',
    (s) => s.addAttachment('us', 'k', { file: Buffer.from('x'), fileName: 'a\nb' }),
    /attachment\.fileName: must not contain line breaks/,
  ],
  [
    'addAttachment: upsert not a boolean',
    (s) => s.addAttachment('us', 'k', { file: Buffer.from('x') }, bad('yes')),
    /upsert: must be a boolean/,
  ],
  [
    'addAttachment: missing path',
    (s) => s.addAttachment('us', 'k', { file: '/definitely/not/here.txt' }),
    /^addAttachment\(\) failed: file path does not name a readable regular file/,
  ],
  [
    'addAttachment: unsupported file type',
    (s) => s.addAttachment('us', 'k', { file: bad(42) }),
    /file must be a path, a Buffer/,
  ],
  [
    'deleteAttachment: empty file id',
    (s) => s.deleteAttachment('us', 'k', ''),
    /^deleteAttachment\(\) failed: fileId/,
  ],
  [
    'getAttachmentFile: empty record key',
    (s) => s.getAttachmentFile('us', '', 'f'),
    /^getAttachmentFile\(\) failed: recordKey/,
  ],
  [
    'getAttachmentMeta: bad country',
    (s) => s.getAttachmentMeta('1s', 'k', 'f'),
    /^getAttachmentMeta\(\) failed: country/,
  ],
  [
    'updateAttachmentMeta: nothing to change',
    (s) => s.updateAttachmentMeta('us', 'k', 'f', {}),
    /^updateAttachmentMeta\(\) failed: meta: give filename, mimeType or both/,
  ],
  [
    'updateAttachmentMeta: empty file name',
    (s) => s.updateAttachmentMeta('us', 'k', 'f', { filename: '' }),
    /meta\.filename/,
  ],
  ['healthCheck: bad country', (s) => s.healthCheck(''), /^healthCheck\(\) failed: country/],
  ['in: bad country', (s) => s.in('usa'), /^in\(\) failed: country/],
];

describe('input validation', () => {
  it.each(cases)('%s', async (_name, call, message) => {
    const storage = await storageFor(ctx.pop, EncryptionType.LOCAL);
    const error = await Promise.resolve()
      .then(() => call(storage))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as Error).message).toMatch(message);
    expect((error as InputValidationError).issues.length).toBeGreaterThan(0);
    expect(ctx.pop.admin.requests()).toEqual([]);
  });

  it('SSE limits: record_key with a slash or over 128 characters', async () => {
    const storage = await storageFor(ctx.pop, EncryptionType.SSE);
    await expect(storage.write('us', { record_key: 'a/b' })).rejects.toThrow(
      /^write\(\) failed: .*record_key: must not contain/,
    );
    await expect(storage.write('us', { record_key: 'x'.repeat(129) })).rejects.toThrow(
      /at most 128 characters/,
    );
    expect(ctx.pop.admin.requests()).toEqual([]);
  });

  it('messages never contain the offending values', async () => {
    const storage = await storageFor(ctx.pop, EncryptionType.LOCAL);
    const canary = 'CANARY-value-5b9e';
    const errors = await Promise.all([
      storage.write('us', bad({ record_key: canary, range_key1: canary })).catch((e: unknown) => e),
      storage.find('us', bad({ range_key1: canary })).catch((e: unknown) => e),
      storage.batchDelete('us', bad({ record_key: canary })).catch((e: unknown) => e),
    ]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(InputValidationError);
      expect((error as Error).message).not.toContain(canary);
      expect(JSON.stringify(error)).not.toContain(canary);
    }
  });
});
