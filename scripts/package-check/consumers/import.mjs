// Plain JavaScript, ESM: import of every entry point, then the smoke steps against the PoP.
import { createStorage, SecretKeyAccessor, StorageError } from 'incountry-ts';
import { StorageExceptionFilter } from 'incountry-ts/nestjs';
import { DEV_CREDENTIALS } from 'incountry-ts/server';

const storage = await createStorage({ secretKeyAccessor: new SecretKeyAccessor(() => 'smoke secret') });
await storage.write('us', { record_key: 'js-import', body: 'hello' });
const { record } = await storage.read('us', 'js-import');
if (record.body !== 'hello') throw new Error('read back the wrong body');
const missing = await storage.read('us', 'missing-record').catch((error) => error);
if (!(missing instanceof StorageError)) throw new Error(`expected a StorageError, got ${missing}`);
if (typeof StorageExceptionFilter !== 'function' || DEV_CREDENTIALS.clientId !== process.env.INC_CLIENT_ID)
  throw new Error('subpath exports are wrong');
console.log('ok js-import');
