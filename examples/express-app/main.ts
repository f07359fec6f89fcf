/**
 * Runs the example service on an embedded local PoP: `npx tsx examples/express-app/main.ts`, then e.g.
 *
 *   curl -X POST localhost:3000/us/users -H 'content-type: application/json' \
 *     -d '{"id":"u1","email":"ada@example.com","name":"Ada","age":36}'
 *   curl 'localhost:3000/us/users?minAge=18'
 */
// In an application: from 'incountry-ts' and 'incountry-ts/server'.
import { createStorage, defineRepository, SecretKeyAccessor } from '../../src/index.js';
import { startLocalPop } from '../../src/server/index.js';
import { createApp } from './app.js';
import { userEntity } from './user-model.js';

const pop = await startLocalPop();
const storage = await createStorage({
  ...pop.storageOptions,
  secretKeyAccessor: new SecretKeyAccessor(() => process.env.APP_SECRET ?? 'example secret, change me'),
});
const port = Number(process.env.PORT ?? 3000);
const server = createApp(defineRepository(storage, userEntity)).listen(port, () => {
  console.log(`users service on http://127.0.0.1:${port} (local PoP at ${pop.url})`);
});

process.once('SIGINT', () => {
  server.close();
  void pop.close();
});
