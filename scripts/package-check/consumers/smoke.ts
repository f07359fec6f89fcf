/**
 * The consumer matrix's smoke program: compiled once per module setting by scripts/check-package.sh and
 * run against the local PoP it started. Configured only by the INC_* environment variables, as a
 * deployed service would be.
 */
import {
  createStorage,
  defineRepository,
  InputValidationError,
  SecretKeyAccessor,
  StorageError,
} from 'incountry-ts';
import type { IncountryRootOptions } from 'incountry-ts/nestjs';
import { DEV_CREDENTIALS } from 'incountry-ts/server';
import { z } from 'zod';

async function main(setup: string): Promise<void> {
  const storage = await createStorage({ secretKeyAccessor: new SecretKeyAccessor(() => 'smoke secret') });
  const key = `${setup}-${Date.now()}`;
  await storage.write('us', { record_key: key, key1: setup, range_key1: 7, body: 'hello' });
  const { record } = await storage.read('us', key);
  if (record.body !== 'hello') throw new Error(`read back ${String(record.body)}`);
  const { data } = await storage.in('us').where('key1').eq(setup).where('range_key1').gte(5).find();
  if (!data.some((r) => r.record_key === key)) throw new Error('find() missed the record');

  const users = defineRepository(storage, {
    model: z.object({ id: z.string(), email: z.email() }),
    fields: { id: 'record_key', email: 'key2' },
  });
  try {
    await users.in('us').save({ id: 'x', email: 'not an email' });
    throw new Error('save() accepted an invalid email');
  } catch (error) {
    if (!(error instanceof InputValidationError) || !(error instanceof StorageError)) throw error;
  }

  const nest: Pick<IncountryRootOptions, 'isGlobal'> = { isGlobal: true };
  if (process.env.INC_CLIENT_ID !== DEV_CREDENTIALS.clientId || !nest.isGlobal)
    throw new Error('the PoP does not use the development credentials');
  console.log(`ok ${setup}`);
}

main(process.argv[2] ?? 'unnamed').catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
