/**
 * The decrypted record body: a JSON envelope `{ meta, payload }` holding the original (unhashed) keys and
 * the body (docs/protocol.md#envelope).
 */
import { StorageCryptoError } from '../errors.js';
import { isPlainObject } from '../wire/plain-object.js';

/** The parts of an envelope the codec reads. */
export interface Envelope {
  meta: Record<string, unknown>;
  payload: string | null;
}

/** Reads a decrypted body as an envelope; StorageCryptoError when it is not one. */
export function parseEnvelope(text: string): Envelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // JSON.parse messages quote the input, so the cause stays hidden and the message generic.
    throw new StorageCryptoError('Invalid record body: the decrypted body is not JSON', { cause: error });
  }
  if (!isPlainObject(parsed) || !('meta' in parsed))
    throw new StorageCryptoError(
      'Invalid record body: the decrypted body is not an envelope with a "meta" member',
    );
  // One old Java build wrote meta as a JSON string (docs/protocol.md#envelope): read it as carrying no originals, so
  // the record keeps its wire values instead of failing.
  const meta = isPlainObject(parsed.meta) ? parsed.meta : {};
  const payload = parsed.payload;
  if (payload !== undefined && payload !== null && typeof payload !== 'string')
    throw new StorageCryptoError('Invalid record body: the envelope "payload" is neither a string nor null');
  return { meta, payload: payload ?? null };
}
