/**
 * Maps the library's errors to HTTP answers. Their messages are safe to return: they never contain
 * record values, secrets or tokens.
 */
import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { InputValidationError, StorageCountryNotSupportedError, StorageError } from '../../src/index.js';

@Catch(StorageError)
export class StorageErrorFilter implements ExceptionFilter<StorageError> {
  catch(error: StorageError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof InputValidationError) {
      response.status(400).json({ error: error.code, message: error.message, issues: error.issues });
    } else if (error instanceof StorageCountryNotSupportedError) {
      response.status(404).json({ error: error.code, message: error.message });
    } else {
      response.status(502).json({ error: error.code, message: error.message });
    }
  }
}
