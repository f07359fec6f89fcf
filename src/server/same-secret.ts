/**
 * Constant-time comparison of secrets (admin token, API tokens, client secrets).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** SHA-256 of a secret: a fixed-length stand-in that is safe to compare and to keep in memory. */
export function secretDigest(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/**
 * Whether `given` equals `expected` (a secret, or its {@link secretDigest}), in time that depends on neither. Both are hashed first: the digests
 * have equal lengths, so `timingSafeEqual` never throws and the length of the secret does not leak.
 */
export function sameSecret(expected: string | Buffer, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = typeof expected === 'string' ? secretDigest(expected) : expected;
  return timingSafeEqual(a, secretDigest(given));
}
