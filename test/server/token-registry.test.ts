import { afterEach, describe, expect, it, vi } from 'vitest';
import { TokenRegistry } from '../../src/server/token-registry.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('TokenRegistry', () => {
  it('verifies static tokens exactly: no prefix, extension or other case passes', () => {
    const registry = new TokenRegistry(60, [
      { token: 'static-token-for-env-a', environmentId: 'env-a' },
      { token: 'static-token-for-env-b', environmentId: 'env-b' },
    ]);
    expect(registry.verify('static-token-for-env-a')).toBe('env-a');
    expect(registry.verify('static-token-for-env-b')).toBe('env-b');
    for (const guess of ['static-token-for-env-', 'static-token-for-env-ab', 'STATIC-TOKEN-FOR-ENV-A', ''])
      expect(registry.verify(guess)).toBeUndefined();
  });

  it('verifies issued tokens until they expire, then forgets them', () => {
    vi.useFakeTimers();
    const registry = new TokenRegistry(10);
    const { accessToken } = registry.issue('env-a');
    expect(registry.verify(accessToken)).toBe('env-a');
    expect(registry.verify(accessToken.slice(0, -1))).toBeUndefined();
    vi.advanceTimersByTime(10_000);
    expect(registry.verify(accessToken)).toBeUndefined();
  });
});
