/**
 * `storageErrorMiddleware`: {@link storageErrorResponse} as an Express error middleware. Typed by the
 * parts of Express it uses, so neither the code nor the declarations import Express.
 */
import { ERROR_CODES, type StorageError } from '../errors.js';
import { storageErrorResponse } from './storage-error-response.js';

/**
 * The parts of an Express response the middleware uses (an Express `Response` is one).
 *
 * @example
 * const response: ErrorResponseWriter = { headersSent: false, status: () => ({ json: () => undefined }) };
 * @category Errors
 */
export interface ErrorResponseWriter {
  /** True once the answer has started; the middleware then leaves the error to the next handler. */
  readonly headersSent: boolean;
  /** Sets the status; the middleware then writes the body with `json`. */
  status(code: number): {
    /** Sends `body` as JSON. */
    json(body: unknown): unknown;
  };
}

/**
 * An Express error middleware (four parameters, which is how Express tells it from a request handler).
 *
 * @example
 * const handler: StorageErrorMiddleware = storageErrorMiddleware();
 * @category Errors
 */
export type StorageErrorMiddleware = (
  error: unknown,
  request: unknown,
  response: ErrorResponseWriter,
  next: (error?: unknown) => void,
) => void;

const CODES: ReadonlySet<unknown> = new Set(Object.values(ERROR_CODES));

/**
 * Answers the library's errors as {@link storageErrorResponse} does (400 with the issues for invalid
 * input, 404, 502, 503, and 500 with a fixed text) and hands every other error, or an error after the
 * answer has started, to the next error handler. Errors are recognised by their `code`, so one thrown by
 * the other build (ESM or CommonJS) of the library is answered too.
 *
 * @example
 * import express from 'express';
 * const server = express().use(express.json());
 * server.post('/:country/users', async (req, res) => {
 *   res.status(201).json(await users.in(req.params.country).save(req.body)); // invalid body -> 400
 * });
 * server.use(storageErrorMiddleware());
 * @category Errors
 */
export function storageErrorMiddleware(): StorageErrorMiddleware {
  return (error, _request, response, next) => {
    if (!isStorageError(error) || response.headersSent) {
      next(error);
      return;
    }
    const { status, body } = storageErrorResponse(error);
    response.status(status).json(body);
  };
}

function isStorageError(error: unknown): error is StorageError {
  return error instanceof Error && CODES.has((error as { code?: unknown }).code);
}
