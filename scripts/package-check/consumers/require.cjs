// Plain JavaScript, CommonJS: require() of every entry point, then the smoke steps against the PoP.
const { createStorage, SecretKeyAccessor, StorageError } = require('incountry-ts');
const { DEV_CREDENTIALS } = require('incountry-ts/server');
const { StorageExceptionFilter } = require('incountry-ts/nestjs');

async function main() {
  const storage = await createStorage({ secretKeyAccessor: new SecretKeyAccessor(() => 'smoke secret') });
  await storage.write('us', { record_key: 'js-require', body: 'hello' });
  const { record } = await storage.read('us', 'js-require');
  if (record.body !== 'hello') throw new Error('read back the wrong body');
  await storage.read('us', 'missing-record').then(
    () => Promise.reject(new Error('read() of a missing record succeeded')),
    (error) => {
      if (!(error instanceof StorageError)) throw error;
    },
  );
  if (typeof StorageExceptionFilter !== 'function' || DEV_CREDENTIALS.clientId !== process.env.INC_CLIENT_ID)
    throw new Error('subpath exports are wrong');
  console.log('ok js-require');
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
