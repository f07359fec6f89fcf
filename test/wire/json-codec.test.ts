import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INT64_MAX, INT64_MIN } from '../../src/wire/int64.js';
import { hasUnsafeNumber, parseJson, parseJsonExact, stringifyJson } from '../../src/wire/json-codec.js';

const int64 = fc.bigInt({ min: INT64_MIN, max: INT64_MAX });
/** JSON values whose integers may be bigints past 2^53 (as parseJson returns them) or safe numbers. */
const value = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.constantFrom('\u0000', '\u0000n5', '\u0000\u0000x', 'a"b\\c'),
    fc.boolean(),
    fc.constant(null),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
    int64.map((v) => (v >= -(2n ** 53n) + 1n && v <= 2n ** 53n - 1n ? Number(v) : v)),
    fc.array(tie('any'), { maxLength: 4 }),
    fc.dictionary(fc.string(), tie('any'), { maxKeys: 4 }),
  ),
})).any;

describe('parseJson / stringifyJson', () => {
  it('round-trips any JSON value with 64-bit integers exactly', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(parseJson(stringifyJson(v))).toEqual(v);
      }),
    );
  });

  it('agrees with JSON.parse on text without big integers', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        const native: unknown = JSON.parse(text);
        if (!hasUnsafeNumber(native)) expect(parseJson(text)).toEqual(native);
      }),
    );
  });

  it('keeps every integer of the signed 64-bit range exact, with any whitespace around it', () => {
    fc.assert(
      fc.property(int64, fc.constantFrom('', ' ', '\n  '), (v, ws) => {
        const parsed = parseJson(`{"a":[${ws}${v}${ws},1],${ws}"b":${ws}${v}}`) as {
          a: unknown[];
          b: unknown;
        };
        const expected = v >= -(2n ** 53n) + 1n && v <= 2n ** 53n - 1n ? Number(v) : v;
        expect(parsed).toEqual({ a: [expected, 1], b: expected });
      }),
    );
  });

  it('leaves digits inside strings, fractions and exponents alone', () => {
    expect(
      parseJson(
        '{"s":"x:12345678901234567890","f":12345678901234567.5,"e":1234567890123456789e2,"n":-9223372036854775808}',
      ),
    ).toEqual({
      s: 'x:12345678901234567890',
      f: Number('12345678901234567.5'),
      e: Number('1234567890123456789e2'),
      n: INT64_MIN,
    });
  });

  it('tells marked strings from real ones that start with U+0000, and never touches keys', () => {
    const text = '{"\\u0000n7":"\\u0000n7","\\u0000":"\\u0000\\u0000","big":9223372036854775807}';
    expect(parseJsonExact(text)).toEqual({
      '\u0000n7': '\u0000n7',
      '\u0000': '\u0000\u0000',
      big: INT64_MAX,
    });
  });

  it('throws SyntaxError on malformed text, with or without big integers', () => {
    expect(() => parseJson('{"a":')).toThrow(SyntaxError);
    expect(() => parseJson('{"a":9223372036854775807,}')).toThrow(SyntaxError);
  });

  it('serialises like JSON.stringify when there is no bigint, and bigints as bare integers', () => {
    const date = new Date(0);
    expect(stringifyJson({ a: 1, d: date, u: undefined })).toBe(JSON.stringify({ a: 1, d: date }));
    expect(stringifyJson({ d: date, u: undefined, l: [undefined, 2n ** 63n - 1n], s: 'q"' })).toBe(
      '{"d":"1970-01-01T00:00:00.000Z","l":[null,9223372036854775807],"s":"q\\""}',
    );
  });
});
