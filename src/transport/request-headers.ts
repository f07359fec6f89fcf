import { InputValidationError } from '../errors.js';

/**
 * Headers the library or the HTTP layer owns. A caller's `requestOptions.httpHeaders` may not set them:
 * the token, the environment, the body type and the SSE switch must stay consistent with what the library
 * sends, and the framing and connection headers with the body actually sent (a `content-length: 5`
 * truncated the body, a `host` would redirect the request).
 */
export const PROTECTED_HEADERS = [
  'authorization',
  'x-env-id',
  'user-agent',
  'content-type',
  'x-encrypted-storage',
  'content-length',
  'transfer-encoding',
  'content-encoding',
  'host',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'proxy-authorization',
  'proxy-connection',
] as const;

// RFC 9110 token characters for a field name.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Visible ASCII and spaces/tabs inside; no CR, LF or NUL (header injection).
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Checks a caller's extra headers and returns them with lower-cased names. Throws InputValidationError
 * naming the header (never its value) when a name is invalid, a protected header is overridden, or a
 * value has leading/trailing whitespace or control characters.
 *
 * @example
 * checkHttpHeaders('read', { 'request-id': 'abc' }); // { 'request-id': 'abc' }
 */
export function checkHttpHeaders(
  operation: string,
  headers: Readonly<Record<string, string>>,
): Record<string, string> {
  const result: Record<string, string> = {};
  const issues: { path: string[]; message: string }[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const path = ['requestOptions', 'httpHeaders', name];
    const lower = name.toLowerCase();
    if (!HEADER_NAME.test(name)) issues.push({ path, message: 'not a valid HTTP header name' });
    else if ((PROTECTED_HEADERS as readonly string[]).includes(lower))
      issues.push({ path, message: `this header is set by the library and cannot be overridden` });
    else if (typeof value !== 'string') issues.push({ path, message: 'header values must be strings' });
    else if (!HEADER_VALUE.test(value))
      issues.push({ path, message: 'header value contains control characters' });
    else if (value !== value.trim())
      issues.push({ path, message: 'header value has leading or trailing whitespace' });
    else result[lower] = value;
  }
  if (issues.length > 0) {
    throw new InputValidationError(
      `${operation}() failed: invalid requestOptions.httpHeaders: ${issues.map((i) => `${i.path[2]}: ${i.message}`).join('; ')}`,
      { issues },
    );
  }
  return result;
}
