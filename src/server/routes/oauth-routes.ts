/**
 * The client-credentials token endpoint (docs/protocol.md#oauth-token) and the countries list (docs/protocol.md#countries-list).
 */
import type { FastifyInstance } from 'fastify';
import { API_ROUTES } from '../../wire/api-routes.js';
import { tokenRequestSchema } from '../../wire/index.js';
import { parseBasicAuth } from '../client-credentials.js';
import type { PopContext } from '../pop-context.js';

/** An OAuth failure, answered as `{"error","error_description"}` instead of the PoP error format. */
export class OAuthError extends Error {
  override readonly name = 'OAuthError';
  readonly statusCode: number;
  readonly error: string;

  constructor(statusCode: number, error: string, description: string) {
    super(description);
    this.statusCode = statusCode;
    this.error = error;
  }
}

/** Registers `POST /oauth2/token` and `GET /countries`. */
export function registerOAuthRoutes(app: FastifyInstance, ctx: PopContext): void {
  app.post(API_ROUTES.token, { config: { popRoute: 'token', body: 'form' } }, async (request, reply) => {
    const candidates = parseBasicAuth(request.headers.authorization);
    if (candidates.length === 0)
      throw new OAuthError(
        401,
        'invalid_client',
        'send the client id and secret as HTTP Basic authentication',
      );
    const environments = new Set(
      candidates.flatMap((c) => ctx.credentials.environmentsFor(c.clientId, c.clientSecret)),
    );
    if (environments.size === 0)
      throw new OAuthError(401, 'invalid_client', 'unknown client id or wrong secret');

    const form = tokenRequestSchema.safeParse(request.body ?? {});
    if (!form.success) {
      const issue = form.error.issues[0];
      const field = issue?.path.join('.') || 'body';
      const error = field === 'grant_type' ? 'unsupported_grant_type' : 'invalid_request';
      throw new OAuthError(400, error, `${field}: ${issue?.message ?? 'invalid form body'}`);
    }
    // The audience names the PoP hosts a token is meant for; the one local PoP plays all of them.
    const environmentId = form.data.scope;
    if (!environments.has(environmentId))
      throw new OAuthError(
        401,
        'invalid_client',
        'this client may not obtain tokens for the requested scope',
      );

    const issued = ctx.tokens.issue(environmentId);
    return reply.header('cache-control', 'no-store').send({
      access_token: issued.accessToken,
      expires_in: issued.expiresIn,
      token_type: 'bearer',
      scope: environmentId,
    });
  });

  app.get(API_ROUTES.countries, { config: { popRoute: 'countries' } }, async () => ({
    countries: ctx.countries,
  }));
}
