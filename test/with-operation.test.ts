import { describe, expect, it } from 'vitest';
import { InputValidationError, StorageCryptoError, StorageError, StorageServerError } from '../src/errors.js';
import { withOperation } from '../src/with-operation.js';

class TaggedCryptoError extends StorageCryptoError {
  readonly tag = 'kept';
}

function caught(run: () => unknown): StorageError {
  try {
    run();
  } catch (error) {
    if (error instanceof StorageError) return error;
    throw error;
  }
  throw new Error('expected a throw');
}

describe('withOperation', () => {
  it('prefixes the message and keeps the class, a subclass field, the issues and the original stack', () => {
    const original = new TaggedCryptoError('bad key', {
      issues: [{ path: ['secrets'], message: 'bad key' }],
    });
    const wrapped = caught(() => withOperation('read', original));
    expect(wrapped).toBeInstanceOf(TaggedCryptoError);
    expect(wrapped.message).toBe('read() failed: bad key');
    expect((wrapped as TaggedCryptoError).tag).toBe('kept');
    expect(wrapped.code).toBe('CRYPTO_ERROR');
    expect(wrapped.name).toBe(original.name);
    expect(wrapped.issues).toStrictEqual(original.issues);
    expect(wrapped.cause).toBe(original);
    const frames = (stack: string | undefined) => stack?.split('\n').slice(1).join('\n');
    expect(frames(wrapped.stack)).toBe(frames(original.stack));
    expect(wrapped.stack?.split('\n')[0]).toBe(`${original.name}: read() failed: bad key`);
    expect(JSON.stringify(wrapped)).toBe(
      JSON.stringify({
        name: original.name,
        code: 'CRYPTO_ERROR',
        message: 'read() failed: bad key',
        issues: original.issues,
      }),
    );
  });

  it('keeps a server error status and its response body', () => {
    const original = new StorageServerError('boom', { statusCode: 502, responseBody: { raw: 1 } });
    const wrapped = caught(() => withOperation('find', original)) as StorageServerError;
    expect(wrapped.statusCode).toBe(502);
    expect(wrapped.readResponseBody()).toStrictEqual({ raw: 1 });
  });

  it('re-throws an error already prefixed, or not ours, as it is', () => {
    const prefixed = new InputValidationError('write() failed: no');
    expect(caught(() => withOperation('write', prefixed))).toBe(prefixed);
    const foreign = new TypeError('x');
    expect(() => withOperation('write', foreign)).toThrow(foreign);
  });
});
