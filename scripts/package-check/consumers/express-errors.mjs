// An Express app without @nestjs/common maps the library's errors to HTTP statuses with
// storageErrorResponse from the client entry. Run from the client-only install (plus express).
import { once } from 'node:events';
import express from 'express';
import {
  createStorage,
  defineRepository,
  SecretKeyAccessor,
  StorageError,
  storageErrorResponse,
} from 'incountry-ts';
import { z } from 'zod';

const storage = await createStorage({ secretKeyAccessor: new SecretKeyAccessor(() => 'express secret') });
const users = defineRepository(storage, {
  model: z.object({ id: z.string(), email: z.email() }).describe('User'),
  fields: { id: 'record_key', email: 'key1' },
});

const app = express();
app.use(express.json());
app.post('/users', async (req, res) => {
  res.status(201).json(await users.in('us').save(req.body));
});
app.get('/records/:id', async (req, res) => {
  res.json((await storage.read('us', req.params.id)).record);
});
app.use((error, _req, res, next) => {
  if (!(error instanceof StorageError)) return next(error);
  const { status, body } = storageErrorResponse(error);
  res.status(status).json(body);
});

const server = app.listen(0, '127.0.0.1');
await once(server, 'listening');
const base = `http://127.0.0.1:${server.address().port}`;
try {
  const post = (body) =>
    fetch(`${base}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const created = await post({ id: 'express-1', email: 'ex@example.com' });
  if (created.status !== 201) throw new Error(`valid POST: ${created.status} ${await created.text()}`);
  const invalid = await post({ id: 'express-2', email: 'nope' });
  const invalidBody = await invalid.json();
  if (invalid.status !== 400 || invalidBody.issues?.[0]?.path?.[0] !== 'email')
    throw new Error(`invalid POST: ${invalid.status} ${JSON.stringify(invalidBody)}`);
  const missing = await fetch(`${base}/records/express-missing`);
  if (missing.status !== 404) throw new Error(`missing record: ${missing.status} ${await missing.text()}`);
  console.log('ok express: 201, 400 with issues, 404 via storageErrorResponse, without @nestjs/common');
} finally {
  server.close();
}
