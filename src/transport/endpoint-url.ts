/**
 * What an endpoint URL option may be: http(s), and without userinfo. A `user:password@` part used to be
 * accepted; the password then appeared in every error message (and on the CLI's stderr), and got sent it
 * as `Authorization: Basic` instead of the bearer token or the client credentials.
 */

/**
 * Why `value` cannot be an endpoint URL (a phrase that completes "<option> …"), or undefined when it can.
 * The phrase never quotes the value.
 *
 * @example
 * endpointUrlProblem('https://us-mt-01.api.incountry.io'); // undefined
 * endpointUrlProblem('http://user:pw@host'); // 'must not contain a user name or password (user:password@): …'
 */
export function endpointUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an http(s) URL such as https://us-mt-01.api.incountry.io';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return 'must be an http(s) URL such as https://us-mt-01.api.incountry.io';
  if (url.username !== '' || url.password !== '')
    return 'must not contain a user name or password (user:password@): credentials go in clientId/clientSecret or oauthToken, never in a URL';
  return undefined;
}
