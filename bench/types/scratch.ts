import { z } from 'zod';
import { type AnyQuery, createStorage, defineRepository, SecretKeyAccessor, type Storage } from '../../src/index.js';
const storage = await createStorage({
  environmentId: 'env', clientId: 'id', clientSecret: 'secret', endpoint: 'http://127.0.0.1:1',
  secretKeyAccessor: new SecretKeyAccessor(() => 'x'), options: { hashSearchKeys: false },
});
declare const flag: boolean;
function count(s: Storage) { return s.in('us').where('key1').like('x'); }
count(storage);
let q = storage.in('us').$dynamic();
if (flag) q = q.where('key1').eq('a');
q = q.limit(10).limit(20);
q = q.where('body').eq('x');
q = q.limit(0);
q = q.where('key1').gt(1);
const r1 = storage.in('us').$if(flag, (b) => (flag ? b.where('range_key1').gt(1) : b.where('range_key2').gt(1))).limit(5);
const adults = <Q extends AnyQuery>(b: Q) => b.where('range_key1').gte(18);
const r2 = storage.in('us').$call(adults).where('body').eq('x');
const r3 = storage.in('us').$call(adults).limit(0);
const r4 = storage.in('us').where('bodyx').eq('x');
const User = z.object({ id: z.string(), email: z.string(), age: z.number().int() });
const users = defineRepository(storage, { model: User, fields: { id: 'record_key', email: 'key1', age: 'range_key1' } });
const r5 = users.in('us').where('name').eq('x');
const r6 = users.in('us').sortBy('id', 'asc');
let rq = users.in('us').$dynamic();
rq = rq.where('age').gte(3);
const hashed = await createStorage({ environmentId: 'env', clientId: 'id', clientSecret: 'secret', endpoint: 'http://127.0.0.1:1', secretKeyAccessor: new SecretKeyAccessor(() => 'x'), options: { hashSearchKeys: flag } });
hashed.in('us').where('key1').like('x');
export { r1, r2, r3, r4, r5, r6 };
