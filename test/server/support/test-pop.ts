/**
 * Starts a local PoP for a test file and gives typed helpers for calling it over real HTTP.
 */
import { type LocalPop, type LocalPopOptions, startLocalPop } from '../../../src/server/local-pop.js';

/** A response as the tests look at it. */
export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON
  readonly json: any;
}

/** Request options of {@link TestPop.call}. */
export interface CallOptions {
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Leave out the Authorization / x-env-id headers. */
  readonly anonymous?: boolean;
  /** Use this token instead of the default one. */
  readonly token?: string;
  readonly env?: string;
}

export interface TestPop {
  readonly pop: LocalPop;
  readonly url: string;
  readonly env: string;
  readonly token: string;
  call(method: string, path: string, options?: CallOptions): Promise<TestResponse>;
  close(): Promise<void>;
}

/** Obtains a token from `/oauth2/token` with Basic auth. */
export async function fetchToken(
  url: string,
  clientId: string,
  clientSecret: string,
  env: string,
): Promise<string> {
  const response = await fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: `grant_type=client_credentials&scope=${encodeURIComponent(env)}&audience=${encodeURIComponent(url)}`,
  });
  if (response.status !== 200) throw new Error(`token request failed: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

export async function readResponse(response: Response): Promise<TestResponse> {
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export async function startTestPop(options: LocalPopOptions = {}): Promise<TestPop> {
  const pop = await startLocalPop(options);
  const { environmentId, clientId, clientSecret } = pop.storageOptions;
  const token = await fetchToken(pop.url, clientId, clientSecret, environmentId);
  return {
    pop,
    url: pop.url,
    env: environmentId,
    token,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = {};
      if (!options.anonymous) {
        headers.authorization = `Bearer ${options.token ?? token}`;
        headers['x-env-id'] = options.env ?? environmentId;
      }
      let body: RequestInit['body'];
      if (options.body !== undefined) {
        if (typeof options.body === 'string' || options.body instanceof FormData) body = options.body;
        else {
          body = JSON.stringify(options.body);
          headers['content-type'] = 'application/json';
        }
      }
      Object.assign(headers, options.headers);
      return readResponse(
        await fetch(`${pop.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) }),
      );
    },
    close: () => pop.close(),
  };
}
