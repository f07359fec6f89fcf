/**
 * A redirect is not a success. Behind a proxy that redirects (http→https, a load balancer), write,
 * delete, batchDelete and deleteAttachment used to resolve `{ success: true }` for a 3xx with an empty
 * body, though nothing was stored or deleted. Every method now fails with a StorageServerError naming the
 * status and the Location's host (never its path or query), and still never follows the redirect. The
 * 3xx comes from the real local PoP's fault injection.
 */
import { describe, expect, it } from 'vitest';
import { EncryptionType, type Storage, StorageServerError } from '../../src/index.js';
import { storageFor } from './support/storages.js';
import { storageCalls, useLocalPop } from './support/test-pop.js';

const ctx = useLocalPop();
const REDIRECTS = [301, 302, 303, 307, 308] as const;

type Call = (storage: Storage) => Promise<unknown>;

const CALLS: readonly [string, string, Call][] = [
  ['write', 'write', (s) => s.write('us', { record_key: 'new', body: 'b' })],
  ['batchWrite', 'batchWrite', (s) => s.batchWrite('us', [{ record_key: 'new' }])],
  ['read', 'read', (s) => s.read('us', 'kept')],
  ['find', 'find', (s) => s.find('us', {})],
  ['findOne', 'find', (s) => s.findOne('us', {})],
  ['delete', 'delete', (s) => s.delete('us', 'kept')],
  ['batchDelete', 'batchDelete', (s) => s.batchDelete('us', { record_key: ['kept'] })],
  [
    'addAttachment',
    'attachments',
    (s) => s.addAttachment('us', 'kept', { file: Buffer.from('x'), fileName: 'a.txt' }),
  ],
  ['deleteAttachment', 'attachments', (s) => s.deleteAttachment('us', 'kept', 'f')],
  ['getAttachmentFile', 'attachments', (s) => s.getAttachmentFile('us', 'kept', 'f')],
  ['getAttachmentMeta', 'attachments', (s) => s.getAttachmentMeta('us', 'kept', 'f')],
  [
    'updateAttachmentMeta',
    'attachments',
    (s) => s.updateAttachmentMeta('us', 'kept', 'f', { filename: 'b.txt' }),
  ],
];

describe('3xx answers (fault injected by the local PoP)', () => {
  it.each(CALLS)(
    '%s: every redirect status is a StorageServerError naming status and location host, not followed',
    async (_name, route, call) => {
      const storage = await storageFor(ctx.pop, EncryptionType.LOCAL);
      await storage.write('us', { record_key: 'kept', body: 'still here' });
      for (const status of REDIRECTS) {
        ctx.pop.admin.clearRequests();
        // The location points back at the PoP itself: following it would show up in the request log.
        const location = `${ctx.pop.url}/v2/storage/records/us?signature=secret-query`;
        ctx.pop.admin.addFault({ route: route as never, status, location, times: 1 });
        const error = await call(storage).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, `${status}`).toBeInstanceOf(StorageServerError);
        const failure = error as StorageServerError;
        expect(failure.statusCode).toBe(status);
        expect(failure.message).toContain(`answered ${status} `);
        expect(failure.message).toContain(`location host: ${new URL(ctx.pop.url).host}`);
        expect(failure.message).not.toContain('signature');
        expect(JSON.stringify(failure)).not.toContain('secret-query');
        expect(storageCalls(ctx.pop)).toHaveLength(1);
      }
      // Nothing was written or deleted behind the redirects.
      expect((await storage.read('us', 'kept')).record.body).toBe('still here');
      expect((await storage.find('us', {})).meta.total).toBe(1);
    },
  );

  it('a redirect without a Location, and a 2xx a method does not expect, are errors too', async () => {
    const storage = await storageFor(ctx.pop, EncryptionType.LOCAL);
    ctx.pop.admin.addFault({ route: 'delete', status: 302, times: 1 });
    await expect(storage.delete('us', 'k')).rejects.toThrow(
      /answered 302 Found \(a redirect, not followed; location host: none\)/,
    );
    ctx.pop.admin.addFault({ route: 'write', status: 202, times: 1 });
    await expect(storage.write('us', { record_key: 'k' })).rejects.toThrow(
      /answered 202 Accepted, which is not a success for write\(\) \(it expects 201 or 200\)/,
    );
    ctx.pop.admin.addFault({ route: 'token', status: 307, location: 'https://auth.elsewhere.example/t?x=1' });
    const fresh = await storageFor(ctx.pop, EncryptionType.OFF);
    await expect(fresh.read('us', 'k')).rejects.toThrow(
      /token request was refused with 307 \(a redirect, not followed; location host: auth\.elsewhere\.example\)/,
    );
    ctx.pop.admin.clearFaults();
    ctx.pop.admin.addFault({
      route: 'countries',
      status: 301,
      location: 'https://elsewhere.example/c',
      times: 1,
    });
    const viaCountries = await storageFor(ctx.pop, EncryptionType.OFF, { endpoint: undefined });
    await expect(viaCountries.read('us', 'k')).rejects.toThrow(
      /answered 301 Moved Permanently \(a redirect, not followed; location host: elsewhere\.example\)/,
    );
  });
});
