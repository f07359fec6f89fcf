import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { countriesResponseSchema, oauthErrorSchema, tokenResponseSchema } from '../../src/wire/index.js';
import { readResponse, startTestPop, type TestPop } from './support/test-pop.js';

let t: TestPop;
const other = { environmentId: 'env-b', clientId: 'client-b', clientSecret: 'secret+with/odd=chars' };

beforeAll(async () => {
  t = await startTestPop({
    credentials: [{ environmentId: 'env-a', clientId: 'client-a', clientSecret: 'secret-a' }, other],
    apiTokens: [{ token: 'static-token-for-env-b', environmentId: 'env-b' }],
  });
});
afterAll(() => t.close());
afterEach(() => {
  vi.useRealTimers();
});

function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

async function token(
  form: string,
  authorization = basic('client-a', 'secret-a'),
  contentType = 'application/x-www-form-urlencoded',
) {
  return readResponse(
    await fetch(`${t.url}/oauth2/token`, {
      method: 'POST',
      headers: { authorization, 'content-type': contentType },
      body: form,
    }),
  );
}

describe('POST /oauth2/token', () => {
  it('issues a bearer token bound to the requested environment', async () => {
    const response = await token('grant_type=client_credentials&scope=env-a');
    expect(response.status).toBe(200);
    const body = tokenResponseSchema.parse(response.json);
    expect(body).toMatchObject({ expires_in: 3600, token_type: 'bearer', scope: 'env-a' });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it.each([
    ['%20 (Node)', 'https%3A%2F%2Fus.example%20https%3A%2F%2Fde.example'],
    ['+ (Python)', 'https%3A%2F%2Fus.example+https%3A%2F%2Fde.example'],
    ['a literal space (Java)', 'https://us.example https://de.example'],
  ])('accepts an audience of two URLs separated by %s', async (_name, audience) => {
    const response = await token(`grant_type=client_credentials&scope=env-a&audience=${audience}`);
    expect(response.status).toBe(200);
  });

  it('accepts a secret with +, / and = sent as-is in the Basic header', async () => {
    const response = await token(
      'grant_type=client_credentials&scope=env-b',
      basic(other.clientId, other.clientSecret),
    );
    expect(response.status).toBe(200);
    expect(response.json.scope).toBe('env-b');
  });

  it.each([
    ['a wrong secret', basic('client-a', 'wrong')],
    ['an unknown client', basic('nobody', 'secret-a')],
    ['no Basic credentials', 'Bearer something'],
    ['a malformed Basic header', 'Basic !!!'],
  ])('answers 401 invalid_client for %s', async (_name, authorization) => {
    const response = await token('grant_type=client_credentials&scope=env-a', authorization);
    expect(response.status).toBe(401);
    expect(oauthErrorSchema.parse(response.json).error).toBe('invalid_client');
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(response.text).not.toContain('secret-a');
  });

  it("answers 401 when the client asks for another client's environment", async () => {
    const response = await token('grant_type=client_credentials&scope=env-b');
    expect(response.status).toBe(401);
    expect(response.json.error).toBe('invalid_client');
  });

  it('answers 400 for a wrong grant type or a missing scope', async () => {
    const grant = await token('grant_type=password&scope=env-a');
    expect(grant.status).toBe(400);
    expect(grant.json.error).toBe('unsupported_grant_type');
    const scope = await token('grant_type=client_credentials');
    expect(scope.status).toBe(400);
    expect(scope.json).toMatchObject({ error: 'invalid_request' });
    expect(scope.json.error_description).toMatch(/^scope/);
  });

  it('answers 415 for a JSON body', async () => {
    const response = await token('{"grant_type":"client_credentials"}', undefined, 'application/json');
    expect(response.status).toBe(415);
  });

  it('reports tokenTtlSeconds as expires_in', async () => {
    const short = await startTestPop({ tokenTtlSeconds: 42 });
    try {
      const { clientId, clientSecret, environmentId } = short.pop.storageOptions;
      const response = await readResponse(
        await fetch(`${short.url}/oauth2/token`, {
          method: 'POST',
          headers: {
            authorization: basic(clientId, clientSecret),
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: `grant_type=client_credentials&scope=${environmentId}`,
        }),
      );
      expect(response.json.expires_in).toBe(42);
    } finally {
      await short.close();
    }
  });
});

describe('bearer tokens on storage routes', () => {
  it('accept a token only with the x-env-id it was issued for', async () => {
    const response = await token('grant_type=client_credentials&scope=env-a');
    const access = response.json.access_token as string;
    expect((await t.call('GET', '/healthcheck', { token: access, env: 'env-a' })).status).toBe(200);
    const mismatch = await t.call('GET', '/healthcheck', { token: access, env: 'env-b' });
    expect(mismatch.status).toBe(401);
    expect(mismatch.json.errors[0].source).toBe('header.x-env-id');
  });

  it('accept static API tokens for their environment only', async () => {
    expect(
      (await t.call('GET', '/healthcheck', { token: 'static-token-for-env-b', env: 'env-b' })).status,
    ).toBe(200);
    expect(
      (await t.call('GET', '/healthcheck', { token: 'static-token-for-env-b', env: 'env-a' })).status,
    ).toBe(401);
  });

  it('refuse a token once it has expired', async () => {
    const access = (await token('grant_type=client_credentials&scope=env-a')).json.access_token as string;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3599_000);
    expect((await t.call('GET', '/healthcheck', { token: access, env: 'env-a' })).status).toBe(200);
    vi.setSystemTime(Date.now() + 2_000);
    const expired = await t.call('GET', '/healthcheck', { token: access, env: 'env-a' });
    expect(expired.status).toBe(401);
    expect(expired.json.errors[0].detail).toMatch(/expired/);
  });
});

describe('GET /countries', () => {
  it('needs no token and lists mid- and mini-PoPs', async () => {
    const response = await readResponse(await fetch(`${t.url}/countries`));
    expect(response.status).toBe(200);
    const { countries } = countriesResponseSchema.parse(response.json);
    expect(countries).toContainEqual({
      id: 'US',
      name: 'United States',
      direct: true,
      region: 'AMER',
      status: 'active',
      type: 'mid',
    });
    expect(countries.find((c) => c.id === 'DE')).toMatchObject({ direct: true, region: 'EMEA' });
    expect(countries.find((c) => c.id === 'SG')).toMatchObject({ direct: true, region: 'APAC' });
    expect(countries.some((c) => c.direct === false)).toBe(true);
  });

  it('serves a configured list', async () => {
    const custom = await startTestPop({
      countries: [{ id: 'NZ', name: 'New Zealand', direct: false, region: 'APAC' }],
    });
    try {
      const response = await readResponse(await fetch(`${custom.url}/countries`));
      expect(response.json).toEqual({
        countries: [{ id: 'NZ', name: 'New Zealand', direct: false, region: 'APAC' }],
      });
    } finally {
      await custom.close();
    }
  });
});
