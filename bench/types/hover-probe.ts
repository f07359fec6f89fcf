/**
 * The five expressions whose hovers the type-cost bench measures (bench/type-cost.bench.ts). Type-checked
 * with the rest of the project; never run.
 */
import { z } from 'zod';
import { createStorage, defineRepository, SecretKeyAccessor } from '../../src/index.js';

export async function probe() {
  const storage = await createStorage({
    environmentId: 'env',
    clientId: 'id',
    clientSecret: 'secret',
    endpoint: 'http://127.0.0.1:1',
    secretKeyAccessor: new SecretKeyAccessor(() => 'x'),
    options: { hashSearchKeys: false },
  });
  const User = z.object({ id: z.string(), email: z.string(), age: z.number().int() });
  const users = defineRepository(storage, {
    model: User,
    fields: { id: 'record_key', email: 'key1', age: 'range_key1' },
  });

  const hover1 = storage.in('us');
  const hover2 = storage.in('us').where('key1').eq('a').sortBy('created_at', 'desc').limit(10);
  const hover3 = storage.in('us').where('range_key1');
  const hover4 = users.in('us').where('age').gte(18).sortBy('age', 'desc');
  const hover5 = await users.in('us').where('email').eq('a').find();
  return [hover1, hover2, hover3, hover4, hover5];
}
