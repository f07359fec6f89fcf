import { describe, expect, it } from 'vitest';
import { calculateRetryDelay } from '../../src/transport/retry-delay.js';

const defaults = { baseDelay: 1, maxDelay: 32 };

describe('calculateRetryDelay', () => {
  it('doubles from the base delay and gives up once the nominal delay would pass the maximum', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((attempt) =>
      calculateRetryDelay(attempt, { ...defaults, random: () => 0.5 }),
    );
    expect(delays).toEqual([1, 2, 4, 8, 16, 32, undefined]);
  });

  it('applies a jitter factor in [0.8, 1.2)', () => {
    expect(calculateRetryDelay(3, { ...defaults, random: () => 0 })).toBeCloseTo(3.2);
    expect(calculateRetryDelay(3, { ...defaults, random: () => 0.999999 })).toBeLessThan(4.8);
    expect(calculateRetryDelay(3, { ...defaults, random: () => 0.999999 })).toBeGreaterThan(4.79);
  });

  it('jitter never lets a retry beyond the nominal schedule happen', () => {
    // The maximum bounds the nominal delay, so max 32 allows exactly six retries whatever the jitter.
    for (const random of [() => 0, () => 0.5, () => 0.9999]) {
      const retries = [1, 2, 3, 4, 5, 6, 7, 8].filter(
        (attempt) => calculateRetryDelay(attempt, { ...defaults, random }) !== undefined,
      );
      expect(retries).toHaveLength(6);
    }
  });

  it('works with fractional delays (tests use 0.01 s)', () => {
    const schedule = [1, 2, 3, 4].map((a) =>
      calculateRetryDelay(a, { baseDelay: 0.01, maxDelay: 0.04, random: () => 0.5 }),
    );
    expect(schedule).toEqual([0.01, 0.02, 0.04, undefined]);
  });

  it('uses Retry-After instead of the jittered delay', () => {
    expect(calculateRetryDelay(1, { ...defaults, retryAfter: 5, random: () => 0 })).toBe(5);
    expect(calculateRetryDelay(4, { ...defaults, retryAfter: 0, random: () => 0 })).toBe(0);
  });

  it('gives up when Retry-After exceeds the maximum, or when the schedule is exhausted', () => {
    expect(calculateRetryDelay(1, { ...defaults, retryAfter: 33, random: () => 0 })).toBeUndefined();
    expect(calculateRetryDelay(7, { ...defaults, retryAfter: 1, random: () => 0 })).toBeUndefined();
  });

  it('rejects nonsense attempts', () => {
    expect(calculateRetryDelay(0, { ...defaults, random: () => 0 })).toBeUndefined();
    expect(calculateRetryDelay(1.5, { ...defaults, random: () => 0 })).toBeUndefined();
  });
});
