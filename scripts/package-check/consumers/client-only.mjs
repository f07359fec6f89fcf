// A client-only install (incountry-ts + zod, no server packages): the SDK works against the PoP.
import { createStorage, SecretKeyAccessor } from 'incountry-ts';

const storage = await createStorage({ secretKeyAccessor: new SecretKeyAccessor(() => 'smoke secret') });
await storage.write('us', { record_key: 'client-only', body: 'hello' });
const { record } = await storage.read('us', 'client-only');
if (record.body !== 'hello') throw new Error('read back the wrong body');
console.log('ok client-only');
