/**
 * How the builders fail at call time: an InputValidationError naming the method, with the same message
 * under the name or option it is about.
 */
import { InputValidationError } from '../errors.js';

/** Throws the InputValidationError of a broken builder rule. */
export function fail(message: string, path: readonly (string | number)[] = []): never {
  // `issues` carries the same message under the name or option it is about, for HTTP handlers to report.
  throw new InputValidationError(message, { issues: [{ path, message }] });
}
