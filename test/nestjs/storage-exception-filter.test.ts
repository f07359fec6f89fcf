/**
 * StorageExceptionFilter's mapping, and how it writes to an Express response and a Fastify reply (the
 * HTTP path through a real Nest app is examples/nestjs-app/app.e2e.test.ts).
 */
import type { ArgumentsHost } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import {
  InputValidationError,
  ModelValidationError,
  SecretsProviderError,
  StorageAuthenticationError,
  StorageCountryNotSupportedError,
  StorageCryptoError,
  type StorageError,
  StorageNetworkError,
  StorageServerError,
  StorageServerResponseValidationError,
} from '../../src/index.js';
import { StorageExceptionFilter, storageErrorResponse } from '../../src/nestjs/index.js';

const secretUrl = 'http://127.0.0.1:1/v2/storage/records/us?token=s3cret';

describe('storageErrorResponse', () => {
  it('400 with the issues for invalid input', () => {
    const issues = [{ path: ['email'], message: 'invalid email' }];
    expect(
      storageErrorResponse(
        new InputValidationError(
          'save() call failed: the entity does not match the model: email: Invalid email address',
          { issues },
        ),
      ),
    ).toEqual({
      status: 400,
      body: {
        statusCode: 400,
        error: 'INPUT_VALIDATION',
        message: 'save() call failed: the entity does not match the model: email: Invalid email address',
        issues,
      },
    });
  });

  it.each<[string, StorageError, number]>([
    [
      'unknown country',
      new StorageCountryNotSupportedError("read() failed: country 'zz' is not in the list"),
      404,
    ],
    ['platform 404', new StorageServerError('failed', { statusCode: 404, url: secretUrl }), 404],
    ['network failure', new StorageNetworkError(`read() failed: ${secretUrl}`, { url: secretUrl }), 503],
    ['platform 503', new StorageServerError('failed', { statusCode: 503, url: secretUrl }), 503],
    ['platform 429', new StorageServerError('failed', { statusCode: 429, url: secretUrl }), 503],
    ['platform 500', new StorageServerError(`failed at ${secretUrl}`, { statusCode: 500 }), 502],
    ['refused credentials', new StorageAuthenticationError(`token refused at ${secretUrl}`), 502],
    ['malformed response', new StorageServerResponseValidationError('bad body', { statusCode: 200 }), 502],
    ['secrets provider', new SecretsProviderError('vault s3cret down'), 500],
    ['stored record off-model', new ModelValidationError('record u1 does not match'), 500],
    ['decryption', new StorageCryptoError('cannot decrypt'), 500],
  ])('%s -> %i, with no message, URL or secret in 5xx bodies', (_, error, status) => {
    const answer = storageErrorResponse(error);
    expect(answer.status).toBe(status);
    expect(answer.body.statusCode).toBe(status);
    expect(answer.body.error).toBe(error.code);
    expect(JSON.stringify(answer.body)).not.toContain('s3cret');
    if (status >= 500) expect(answer.body.message).not.toBe(error.message);
  });
});

function httpHost(response: unknown): ArgumentsHost {
  return {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => response }),
  } as unknown as ArgumentsHost;
}

describe('StorageExceptionFilter', () => {
  const error = new InputValidationError(
    'save() call failed: the entity does not match the model: age: Too small: expected number to be >=0',
    {
      issues: [{ path: ['age'], message: 'too small' }],
    },
  );

  it('writes to an Express response', () => {
    const sent: unknown[] = [];
    const response = {
      status(code: number) {
        sent.push(code);
        return response;
      },
      json(body: unknown) {
        sent.push(body);
      },
    };
    new StorageExceptionFilter().catch(error, httpHost(response));
    expect(sent).toEqual([400, storageErrorResponse(error).body]);
  });

  it('writes to a Fastify reply', () => {
    const sent: unknown[] = [];
    const reply = {
      code(code: number) {
        sent.push(code);
        return reply;
      },
      send(body: unknown) {
        sent.push(body);
      },
    };
    new StorageExceptionFilter().catch(error, httpHost(reply));
    expect(sent).toEqual([400, storageErrorResponse(error).body]);
  });

  it('leaves non-HTTP contexts to Nest', () => {
    const host = { getType: () => 'rpc' } as unknown as ArgumentsHost;
    expect(() => new StorageExceptionFilter().catch(error, host)).toThrow(error);
  });
});
