import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../../src/errors.js';
import { checkHttpHeaders, PROTECTED_HEADERS } from '../../src/transport/request-headers.js';

describe('checkHttpHeaders', () => {
  it('lower-cases names and keeps valid headers', () => {
    expect(checkHttpHeaders('read', { 'Request-Id': 'abc-1', 'x-trace': 'a b' })).toEqual({
      'request-id': 'abc-1',
      'x-trace': 'a b',
    });
  });

  it.each(PROTECTED_HEADERS.flatMap((h) => [h, h.toUpperCase()]))('refuses to override %s', (name) => {
    expect(() => checkHttpHeaders('write', { [name]: 'x' })).toThrowError(
      expect.objectContaining({
        constructor: InputValidationError,
        message: expect.stringMatching(/^write\(\) failed: .*cannot be overridden/),
      }),
    );
  });

  it.each([
    ['bad name', { 'bad name': 'v' }, /not a valid HTTP header name/],
    ['CRLF injection', { 'x-a': 'v\r\nx-b: 1' }, /control characters/],
    ['padding', { 'x-a': ' v ' }, /leading or trailing whitespace/],
  ])('rejects %s without echoing the value', (_name, headers, pattern) => {
    let error: unknown;
    try {
      checkHttpHeaders('find', headers as Record<string, string>);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as Error).message).toMatch(pattern);
    expect((error as Error).message).not.toContain('v\r\n');
    expect((error as Error).message).not.toContain(' v ');
  });
});
