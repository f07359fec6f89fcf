/**
 * Errors raised below a public method (codec, secrets, custom ciphers) get the method's name in front of
 * their message, as every error the method raises itself has.
 */
import { StorageError } from './errors.js';
import { defineHidden, responseBodies } from './hidden-error-state.js';

/**
 * Re-throws a codec error with the public method in front, keeping its class (StorageCryptoError,
 * SecretsValidationError, SecretsProviderError, InputValidationError).
 *
 * Re-throws `error` with `operation() failed: ` in front of its message. The copy keeps the class, every
 * own field (a subclass's too), the issues, the response body and the original stack (only its first line,
 * the message, changes); its `cause` is the original error. Anything not a StorageError, or already
 * prefixed with this operation, is re-thrown as it is.
 *
 * @example
 * declare const codecError: unknown;
 * withOperation('write', codecError); // throws it again as "write() failed: …"
 */
export function withOperation(operation: string, error: unknown): never {
  const prefix = `${operation}() failed`;
  if (!(error instanceof StorageError) || error.message.startsWith(prefix)) throw error;
  const wrapped = Object.create(Object.getPrototypeOf(error)) as StorageError;
  Object.defineProperties(wrapped, Object.getOwnPropertyDescriptors(error));
  const message = `${prefix}: ${error.message}`;
  defineHidden(wrapped, 'message', message);
  defineHidden(wrapped, 'cause', error);
  const head = `${error.name}: ${error.message}`;
  if (error.stack?.startsWith(head))
    defineHidden(wrapped, 'stack', `${error.name}: ${message}${error.stack.slice(head.length)}`);
  if (responseBodies.has(error)) responseBodies.set(wrapped, responseBodies.get(error));
  throw wrapped;
}
