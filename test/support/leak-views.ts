/**
 * Every way an error gets logged, as text: message, stack, JSON, and util.inspect as deep and as revealing
 * as it goes (`showHidden` prints non-enumerable properties, `[cause]` chains and symbols).
 */
import { inspect } from 'node:util';

/** The texts a logger could produce from `error`. */
export function leakViews(error: unknown): string[] {
  const e = error as Error;
  return [
    String(e.message),
    String(e.stack),
    JSON.stringify(error),
    inspect(error),
    inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true, getters: true }),
  ];
}

/** Header names and schemes that must never appear in a logged error. */
export const CREDENTIAL_MARKERS = [/authorization/i, /\bBearer\s/, /\bBasic\s/, /client_secret/i];
