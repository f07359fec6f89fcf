// A serverless-style client program: bundled with esbuild (platform node, CommonJS and ESM, no banner
// or shims) and run from a folder without node_modules against `incountry pop`.
import { createStorage, SecretKeyAccessor } from 'incountry-ts';

async function main(): Promise<void> {
  const storage = await createStorage({ secretKeyAccessor: new SecretKeyAccessor(() => 'bundle secret') });
  const key = `bundle-${process.argv[2] ?? 'run'}`;
  await storage.write('us', { record_key: key, body: 'bundled' });
  const { record } = await storage.read('us', key);
  if (record.body !== 'bundled') throw new Error('read back the wrong body');
  const { data } = await storage.find('us', { record_key: key });
  if (data.length !== 1) throw new Error(`find returned ${data.length} records`);
  console.log(`ok bundle ${process.argv[2] ?? ''}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
