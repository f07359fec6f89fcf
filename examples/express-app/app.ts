/**
 * A small REST service over the user repository, as a plain Express app:
 *
 * - `POST   /:country/users`                       create or replace a user (201)
 * - `GET    /:country/users/:id`                   one user (404 when missing)
 * - `GET    /:country/users?email=…&minAge=…`      matching users, oldest first, one page
 * - `DELETE /:country/users/:id`                   delete (204, or 404 when missing)
 *
 * The repository validates bodies with the model, so the app has no validation code of its own besides
 * the query string.
 */
import express, { type ErrorRequestHandler, type Express } from 'express';
import { z } from 'zod';
// In an application: from 'incountry-ts' (no NestJS needed).
import { formatIssues, InputValidationError, storageErrorMiddleware, zodIssues } from '../../src/index.js';
import type { UserRepository } from './user-model.js';

const listQuery = z.object({
  email: z.string().min(1).optional(),
  minAge: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

function badQuery(error: z.ZodError): InputValidationError {
  const issues = zodIssues(error);
  return new InputValidationError(`invalid query string: ${formatIssues(issues)}`, { issues });
}

/** What storageErrorMiddleware leaves over: a body that is not JSON, and the app's own failures. */
const otherErrors: ErrorRequestHandler = (error, _req, res, _next) => {
  if (error instanceof SyntaxError) {
    res.status(400).json({ error: 'BAD_JSON', message: 'the request body is not valid JSON' });
  } else {
    res.status(500).json({ error: 'INTERNAL', message: 'internal error' });
  }
};

/**
 * Creates the Express app over a user repository.
 *
 * @example
 * const app = createApp(defineRepository(storage, userEntity));
 * app.listen(3000);
 */
export function createApp(users: UserRepository): Express {
  const app = express();
  app.use(express.json({ limit: '100kb' }));

  app.post('/:country/users', async (req, res) => {
    const user = await users.in(req.params.country).save(req.body);
    res.status(201).json(user);
  });

  app.get('/:country/users/:id', async (req, res) => {
    const user = await users.in(req.params.country).get(req.params.id);
    if (user === null) res.status(404).json({ error: 'NOT_FOUND', message: 'no such user' });
    else res.json(user);
  });

  app.get('/:country/users', async (req, res) => {
    const query = listQuery.safeParse(req.query);
    if (!query.success) throw badQuery(query.error);
    const { email, minAge, limit, offset } = query.data;
    const page = await users
      .in(req.params.country)
      .$if(email !== undefined, (q) => q.where('email').eq(email ?? ''))
      .$if(minAge !== undefined, (q) => q.where('age').gte(minAge ?? 0))
      .sortBy('age', 'desc')
      .limit(limit)
      .offset(offset)
      .find();
    // Records that no longer match the model are counted, not hidden and not fatal.
    res.json({ data: page.data, meta: page.meta, unreadable: page.errors?.length ?? 0 });
  });

  app.delete('/:country/users/:id', async (req, res) => {
    const deleted = await users.in(req.params.country).delete(req.params.id);
    if (deleted) res.status(204).end();
    else res.status(404).json({ error: 'NOT_FOUND', message: 'no such user' });
  });

  // The library's errors: 400 with the issues for invalid input, 404, 502/503 for the platform, else 500.
  app.use(storageErrorMiddleware());
  app.use(otherErrors);
  return app;
}
