import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64, decodeStrictBase64 } from '../../src/crypto/base64.js';

describe('base64 decoding', () => {
  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = Buffer.from(bytes).toString('base64');
        expect(decodeBase64(text)?.equals(Buffer.from(bytes))).toBe(true);
        expect(decodeStrictBase64(text)?.equals(Buffer.from(bytes))).toBe(true);
      }),
    );
  });

  it('rejects text the decoder would silently skip or truncate', () => {
    const valid = randomBytes(30).toString('base64');
    for (const bad of [`${valid.slice(0, -4)} AAA`, `${valid}A`, 'AA==AAAA', '!!!!', 'SW5D\nb3Vu', 'abc']) {
      expect(decodeBase64(bad), bad).toBeUndefined();
      expect(decodeStrictBase64(bad), bad).toBeUndefined();
    }
  });

  it('only the strict variant refuses the URL-safe alphabet', () => {
    expect(decodeStrictBase64('-_-_')).toBeUndefined();
    expect(decodeBase64('-_-_')).toHaveLength(3);
  });
});
