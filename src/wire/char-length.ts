/**
 * Character counting for every length rule of the protocol. The Python and Java SDKs count Unicode code
 * points, JavaScript's `.length` counts UTF-16 units (an emoji is 2), so every limit — record validation,
 * the query builder, the object DSL and the PoP — counts through this one helper to agree with them.
 */
import * as z from 'zod/mini';
import { englishMessages } from './lazy-schema.js';

/**
 * Length of a string in Unicode code points (an astral character such as an emoji counts once; a lone
 * surrogate counts once too).
 *
 * @example
 * charLength('😀z'); // 2, though '😀z'.length is 3
 */
export function charLength(value: string): number {
  let length = value.length;
  // Only a high surrogate followed by a low one forms a pair; each pair is two units but one code point.
  for (let i = 0; i < value.length - 1; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        i++;
      }
    }
  }
  return length;
}

/**
 * Whether a string has at most `max` code points. Cheap for the common case: a string of at most `max`
 * UTF-16 units can never have more code points.
 *
 * @example
 * isWithinChars('😀'.repeat(256), 256); // true (512 UTF-16 units)
 */
export function isWithinChars(value: string, max: number): boolean {
  return value.length <= max || charLength(value) <= max;
}

/**
 * Whether a string has `min` to `max` code points, counting exactly only when UTF-16 length cannot decide.
 *
 * @example
 * isCharLengthBetween('😀😀😀', 3, 200); // true (6 UTF-16 units)
 */
export function isCharLengthBetween(value: string, min: number, max: number): boolean {
  if (value.length < min) return false;
  if (value.length <= max && value.length >= 2 * min) return true;
  const length = charLength(value);
  return length >= min && length <= max;
}

/**
 * A zod string schema whose length, `min` to `max` code points, is checked with {@link charLength}; one
 * issue with `message` when it is outside.
 *
 * @example
 * charLengthString(3, 200, 'must have 3 to 200 characters').safeParse('😀😀😀').success; // true
 */
export function charLengthString(min: number, max: number, message: string) {
  englishMessages();
  return z.string().check(z.refine((value) => isCharLengthBetween(value, min, max), message));
}
