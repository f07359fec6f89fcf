import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dateToEpochMicros,
  epochMicrosToIso,
  isoToEpochMicros,
} from '../../../src/server/store/epoch-micros.js';

describe('epoch microseconds', () => {
  it.each([
    ['1970-01-01T00:00:00Z', 0n],
    ['1970-01-01T00:00:00.000001+00:00', 1n],
    ['1970-01-01T00:00:00.123456789Z', 123456n],
    ['1970-01-01T01:00:00+0100', 0n],
    ['1970-01-01T00:00:00+00', 0n],
    ['1970-01-01T00:00', 0n],
    ['1969-12-31T23:59:59.999999Z', -1n],
    ['1969-12-31T23:59:59.9995Z', -500n],
    ['9999-12-31T23:59:59.999999Z', 253402300799999999n],
  ])('parses %s', (iso, micros) => {
    expect(isoToEpochMicros(iso)).toBe(micros);
  });

  it('rejects text that is not an instant', () => {
    expect(isoToEpochMicros('2024-13-01T00:00:00Z')).toBeUndefined();
    expect(isoToEpochMicros('yesterday')).toBeUndefined();
  });

  it('formats as YYYY-MM-DDTHH:mm:ss.ffffff+00:00, before and after 1970', () => {
    expect(epochMicrosToIso(0n)).toBe('1970-01-01T00:00:00.000000+00:00');
    expect(epochMicrosToIso(-1n)).toBe('1969-12-31T23:59:59.999999+00:00');
    expect(epochMicrosToIso(253402300799999999n)).toBe('9999-12-31T23:59:59.999999+00:00');
  });

  it('round-trips every microsecond instant of years 0001..9999', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -62135596800000000n, max: 253402300799999999n }), (micros) => {
        expect(isoToEpochMicros(epochMicrosToIso(micros))).toBe(micros);
      }),
    );
  });

  it('formats the same on both sides of the 2^53 boundary of its number fast path', () => {
    const safe = BigInt(Number.MAX_SAFE_INTEGER);
    for (const micros of [safe - 1n, safe, safe + 1n, -safe - 1n, -safe, -safe + 1n, 9007199254740999n]) {
      const iso = epochMicrosToIso(micros);
      expect(isoToEpochMicros(iso)).toBe(micros);
      expect(iso).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    }
    fc.assert(
      fc.property(fc.bigInt({ min: safe - 10_000_000n, max: safe + 10_000_000n }), (micros) => {
        expect(isoToEpochMicros(epochMicrosToIso(micros))).toBe(micros);
        expect(isoToEpochMicros(epochMicrosToIso(-micros))).toBe(-micros);
      }),
    );
  });

  it('converts a Date and refuses an invalid one', () => {
    expect(dateToEpochMicros(new Date(1))).toBe(1000n);
    expect(() => dateToEpochMicros(new Date(Number.NaN))).toThrow(TypeError);
  });
});
