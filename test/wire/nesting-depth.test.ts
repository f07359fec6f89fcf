import { describe, expect, it } from 'vitest';
import { MAX_NESTING_DEPTH, tooDeepPath } from '../../src/wire/nesting-depth.js';

describe('tooDeepPath', () => {
  it('accepts the deepest legitimate filter and reports the first segments of a deeper path', () => {
    expect(tooDeepPath({ filter: { $or: [{ key1: { $not: ['a'] } }] } })).toBeUndefined();
    expect(tooDeepPath({ a: [[[[1]]]] }, 3)).toEqual(['a', 0, 0]);
    let deep: unknown = 'x';
    for (let i = 0; i < MAX_NESTING_DEPTH; i++) deep = [deep];
    expect(tooDeepPath(deep)).toBeUndefined();
    expect(tooDeepPath([deep])).toEqual([0, 0, 0]);
  });

  it('handles any depth without recursion, reports cycles, and walks a heavily shared object only a few times', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 1_000_000; i++) deep = { $not: deep };
    expect(tooDeepPath({ key1: deep })).toEqual(['key1', '$not', '$not']);
    const cycle: unknown[] = [];
    cycle.push(cycle);
    expect(tooDeepPath({ c: cycle })).toEqual(['c', 0, 0]);
    // 30 levels of two references to the same array: 2^30 paths, but a handful of walks per level.
    let shared: unknown = 'leaf';
    for (let i = 0; i < 30; i++) shared = [shared, shared];
    expect(tooDeepPath(shared)).toBeUndefined();
  });

  it('does not enter class instances (dates, buffers), like the text checks', () => {
    expect(tooDeepPath({ at: new Date(), bytes: Buffer.alloc(4) }, 1)).toBeUndefined();
  });
});
