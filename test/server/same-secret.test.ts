import { describe, expect, it } from 'vitest';
import { sameSecret, secretDigest } from '../../src/server/same-secret.js';

describe('sameSecret', () => {
  it('is true only for the identical string, whatever the lengths', () => {
    expect(sameSecret('admin-token-0123456789', 'admin-token-0123456789')).toBe(true);
    for (const given of [
      '',
      'a',
      'admin-token-012345678',
      'admin-token-01234567890',
      'ADMIN-TOKEN-0123456789',
    ])
      expect(sameSecret('admin-token-0123456789', given)).toBe(false);
    expect(sameSecret('x', undefined)).toBe(false);
  });

  it('accepts a precomputed digest of the expected secret', () => {
    const digest = secretDigest('s3cr3t');
    expect(digest).toHaveLength(32);
    expect(sameSecret(digest, 's3cr3t')).toBe(true);
    expect(sameSecret(digest, 's3cr3t ')).toBe(false);
  });
});
