/**
 * `StorageExceptionFilter`: the library's errors as HTTP answers in a Nest application, so an invalid
 * request body is a 400 with its issues instead of Nest's generic 500.
 */
import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { ERROR_CODES, StorageError, type StorageErrorCode, type ValidationIssue } from '../errors.js';

/** The JSON body {@link StorageExceptionFilter} answers with. */
export interface StorageErrorBody {
  /** The HTTP status, repeated as Nest's own error bodies do. */
  readonly statusCode: number;
  /** The error's stable code, e.g. `INPUT_VALIDATION`. */
  readonly error: StorageErrorCode;
  /** What went wrong; for 5xx a fixed text (details belong in the server log, not the response). */
  readonly message: string;
  /** For 400: each invalid field with its message. */
  readonly issues?: readonly ValidationIssue[];
}

/**
 * The HTTP answer for one of the library's errors, recognised by its `code` (so it works whichever copy
 * of the error classes threw it): `INPUT_VALIDATION` -> 400 with its issues; `COUNTRY_NOT_SUPPORTED` or a
 * platform 404 -> 404; a network failure or a platform 429/503 -> 503; authentication, response and other
 * platform errors -> 502; configuration, secrets, model and crypto errors -> 500. Bodies of 5xx answers
 * never carry the error's message, URL or response.
 *
 * @example
 * const { status, body } = storageErrorResponse(new InputValidationError('save() call failed: the entity does not match the model: email: Invalid email address'));
 * // status 400, body.issues lists the invalid fields
 */
export function storageErrorResponse(error: StorageError): { status: number; body: StorageErrorBody } {
  const code = error.code;
  const upstream = (error as { statusCode?: unknown }).statusCode;
  const answer = (status: number, message: string, issues?: readonly ValidationIssue[]) => ({
    status,
    body: { statusCode: status, error: code, message, ...(issues === undefined ? {} : { issues }) },
  });
  switch (code) {
    case ERROR_CODES.InputValidationError:
      return answer(400, error.message, error.issues);
    case ERROR_CODES.StorageCountryNotSupportedError:
      return answer(404, error.message);
    case ERROR_CODES.StorageNetworkError:
      return answer(503, 'The storage service is unavailable; try again later');
    case ERROR_CODES.StorageServerError:
      if (upstream === 404) return answer(404, 'Not found');
      if (upstream === 429 || upstream === 503)
        return answer(503, 'The storage service is unavailable; try again later');
      return answer(502, 'The storage service failed');
    case ERROR_CODES.StorageAuthenticationError:
    case ERROR_CODES.StorageServerResponseValidationError:
      return answer(502, 'The storage service failed');
    default:
      return answer(500, 'Internal server error');
  }
}

/**
 * A Nest exception filter for the library's errors (see {@link storageErrorResponse} for the statuses).
 * Works with the Express and the Fastify platform. Register it globally with
 * `app.useGlobalFilters(new StorageExceptionFilter())` or as an `APP_FILTER` provider.
 *
 * @example
 * const app = await NestFactory.create(AppModule);
 * app.useGlobalFilters(new StorageExceptionFilter());
 */
export class StorageExceptionFilter implements ExceptionFilter<StorageError> {
  /** Writes the answer of {@link storageErrorResponse} to the HTTP response. */
  catch(error: StorageError, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const { status, body } = storageErrorResponse(error);
    const response = host.switchToHttp().getResponse<HttpResponse>();
    if (typeof response.json === 'function') response.status?.(status).json?.(body);
    else response.code?.(status).send?.(body);
  }
}
// Applied as a call, not a decorator, so the build needs no decorator settings.
Catch(StorageError)(StorageExceptionFilter);

/** The parts of an Express response and a Fastify reply the filter uses. */
interface HttpResponse {
  status?(code: number): HttpResponse;
  json?(body: unknown): unknown;
  code?(code: number): HttpResponse;
  send?(body: unknown): unknown;
}
