/**
 * Issued tokens are pruned as new ones are issued, oldest first and only as far as the first live one, so
 * the registry stays small and `issue` never walks the live tokens (the bench measures the latency).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_LIVE_TOKENS, TokenRegistry } from '../../src/server/token-registry.js';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('TokenRegistry pruning', () => {
  it('drops expired tokens when issuing, and keeps the live ones valid', () => {
    vi.useFakeTimers({ now: 0 });
    const tokens = new TokenRegistry(60);
    const old = Array.from({ length: 5 }, () => tokens.issue('env').accessToken);
    vi.advanceTimersByTime(30_000);
    const young = tokens.issue('env').accessToken;
    expect(tokens.size).toBe(6);
    vi.advanceTimersByTime(31_000); // the first five are now expired, the sixth is not
    const fresh = tokens.issue('env').accessToken;
    expect(tokens.size).toBe(2);
    expect(old.map((t) => tokens.verify(t))).toEqual(Array(5).fill(undefined));
    expect(tokens.verify(young)).toBe('env');
    expect(tokens.verify(fresh)).toBe('env');
  });

  it('100k issues with a short TTL hold only the live tokens, and RSS grows by less than 128 MB (uncollected garbage included)', () => {
    let clock = 0;
    vi.spyOn(Date, 'now').mockImplementation(() => clock);
    const tokens = new TokenRegistry(1);
    const before = process.memoryUsage().rss;
    let largest = 0;
    for (let i = 0; i < 100_000; i++) {
      tokens.issue('env');
      clock += 1; // one token per millisecond, each living 1000 ms
      largest = Math.max(largest, tokens.size);
    }
    expect(largest).toBeLessThanOrEqual(1000);
    expect((process.memoryUsage().rss - before) / 2 ** 20).toBeLessThan(128);
  });

  it('never holds more than MAX_LIVE_TOKENS: issuing past it drops the oldest', () => {
    const tokens = new TokenRegistry(3600);
    const first = tokens.issue('env').accessToken;
    for (let i = 1; i < MAX_LIVE_TOKENS; i++) tokens.issue('env');
    expect(tokens.size).toBe(MAX_LIVE_TOKENS);
    expect(tokens.verify(first)).toBe('env');
    const last = tokens.issue('env').accessToken;
    expect(tokens.size).toBe(MAX_LIVE_TOKENS);
    expect(tokens.verify(first)).toBeUndefined();
    expect(tokens.verify(last)).toBe('env');
  });
});
