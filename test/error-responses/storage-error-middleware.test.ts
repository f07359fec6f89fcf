/**
 * storageErrorMiddleware on its own: what it answers, and what it hands on to the next error handler
 * (the HTTP path through a real Express app is examples/express-app/app.test.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  type ErrorResponseWriter,
  InputValidationError,
  StorageServerError,
  storageErrorMiddleware,
} from '../../src/index.js';

function run(error: unknown, headersSent = false) {
  const answers: unknown[] = [];
  const handed: unknown[] = [];
  const response: ErrorResponseWriter = {
    headersSent,
    status: (code) => ({ json: (body) => answers.push({ code, body }) }),
  };
  storageErrorMiddleware()(error, {}, response, (next) => handed.push(next));
  return { answers, handed };
}

describe('storageErrorMiddleware', () => {
  it('answers a library error with the mapped status and body', () => {
    const issues = [{ path: ['email'], message: 'invalid email' }];
    expect(
      run(
        new InputValidationError(
          'save() call failed: the entity does not match the model: email: Invalid email address',
          { issues },
        ),
      ),
    ).toEqual({
      answers: [
        {
          code: 400,
          body: {
            statusCode: 400,
            error: 'INPUT_VALIDATION',
            message: 'save() call failed: the entity does not match the model: email: Invalid email address',
            issues,
          },
        },
      ],
      handed: [],
    });
  });

  it('recognises an error of the other build (ESM or CommonJS) by its code', () => {
    const foreign = Object.assign(new Error('failed at http://host/?token=s3cret'), {
      code: 'SERVER_ERROR',
      statusCode: 500,
    });
    const { answers } = run(foreign);
    expect(answers).toEqual([
      { code: 502, body: { statusCode: 502, error: 'SERVER_ERROR', message: 'The storage service failed' } },
    ]);
  });

  it('hands on other errors, and library errors once the answer has started', () => {
    const other = new SyntaxError('bad JSON');
    expect(run(other)).toEqual({ answers: [], handed: [other] });
    expect(run(Object.assign(new Error('x'), { code: 'ENOENT' }))).toMatchObject({ answers: [] });
    const late = new StorageServerError('failed', { statusCode: 500 });
    expect(run(late, true)).toEqual({ answers: [], handed: [late] });
  });

  it('has the four parameters Express needs to call it as an error handler', () => {
    expect(storageErrorMiddleware().length).toBe(4);
  });
});
