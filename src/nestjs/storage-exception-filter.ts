/**
 * `StorageExceptionFilter`: the library's errors as HTTP answers in a Nest application, so an invalid
 * request body is a 400 with its issues instead of Nest's generic 500. The mapping itself is
 * storageErrorResponse (src/error-responses/), which needs no Nest.
 */
import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { storageErrorResponse } from '../error-responses/storage-error-response.js';
import { StorageError } from '../errors.js';

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
