import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  charLength,
  charLengthString,
  isCharLengthBetween,
  isWithinChars,
} from '../../src/wire/char-length.js';

describe('charLength', () => {
  it('counts code points, as [...text].length does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(charLength(text)).toBe([...text].length);
      }),
    );
    expect(charLength('😀z')).toBe(2);
    expect(charLength('\uD83D')).toBe(1);
    expect(charLength('\uDE00\uD83D')).toBe(2);
  });

  it('decides bounds exactly at each limit with astral characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.nat(30), fc.nat(30), (text, a, b) => {
        const [min, max] = a <= b ? [a, b] : [b, a];
        const n = [...text].length;
        expect(isWithinChars(text, max)).toBe(n <= max);
        expect(isCharLengthBetween(text, min, max)).toBe(n >= min && n <= max);
        expect(charLengthString(min, max, 'm').safeParse(text).success).toBe(n >= min && n <= max);
      }),
    );
    expect(isWithinChars('😀'.repeat(256), 256)).toBe(true);
    expect(isWithinChars('😀'.repeat(257), 256)).toBe(false);
  });
});
