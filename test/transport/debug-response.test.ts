import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { captureDebugResponse } from '../../src/transport/debug-response.js';

const head = { statusCode: 200, headers: { 'x-a': '1', authorization: 'Bearer secret' }, retries: 2 };

describe('debug response view', () => {
  it('reads the JSON body when asked, and shows it in inspect and JSON like a plain object', () => {
    const debug = captureDebugResponse('POST', 'http://pop/find', head, Buffer.from('{"data":[1,2]}'));
    expect(debug).toEqual({
      method: 'POST',
      url: 'http://pop/find',
      statusCode: 200,
      headers: { 'x-a': '1' },
      body: { data: [1, 2] },
      retries: 2,
    });
    expect(debug.body).toBe(debug.body);
    expect(inspect(debug)).toContain('data: [ 1, 2 ]');
    expect(inspect(debug)).not.toContain('Getter');
    expect(inspect(debug)).not.toContain('secret');
    expect(JSON.parse(JSON.stringify(debug))).toMatchObject({ body: { data: [1, 2] } });
    expect(Object.isFrozen(debug)).toBe(true);
  });

  it('gives text for a non-JSON body, an empty string for an empty one, undefined for a stream', () => {
    expect(captureDebugResponse('GET', 'u', head, Buffer.from('OK')).body).toBe('OK');
    expect(captureDebugResponse('GET', 'u', head, Buffer.alloc(0)).body).toBe('');
    expect(captureDebugResponse('GET', 'u', head, undefined).body).toBeUndefined();
  });
});
