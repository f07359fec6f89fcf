/**
 * Deeply nested arguments are input errors, not stack overflows: a find filter nested 5,000 levels
 * (`$not`, `$or`, lists) or a write whose body is a deeply nested value threw a raw `RangeError: Maximum
 * call stack size exceeded`. The depth is bounded before any recursive walk, and nothing is sent.
 */
import { describe, expect, it } from 'vitest';
import { EncryptionType, InputValidationError } from '../../src/index.js';
import { storageFor } from './support/storages.js';
import { storageCalls, useLocalPop } from './support/test-pop.js';

const ctx = useLocalPop();

function nested(depth: number, wrap: (inner: unknown) => unknown, leaf: unknown = 'x'): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = wrap(value);
  return value;
}

describe.each([EncryptionType.LOCAL, EncryptionType.SSE])('%s', (mode) => {
  it.each([33, 5000, 100_000])(
    'depth %i: filters, bodies and options are InputValidationErrors; nothing is sent',
    async (depth) => {
      const storage = await storageFor(ctx.pop, mode);
      const cycle: Record<string, unknown> = {};
      cycle.self = cycle;
      const calls: [string, () => Promise<unknown>][] = [
        ['find $not', () => storage.find('us', { key1: nested(depth, (v) => ({ $not: v })) } as never)],
        ['find lists', () => storage.find('us', { key1: nested(depth, (v) => [v]) } as never)],
        [
          'find $or',
          () => storage.find('us', { $or: [nested(depth, (v) => ({ a: v })), { key2: 'b' }] } as never),
        ],
        ['find options', () => storage.find('us', {}, { sort: nested(depth, (v) => [v]) } as never)],
        ['findOne', () => storage.findOne('us', { key1: nested(depth, (v) => ({ $not: v })) } as never)],
        [
          'write body',
          () => storage.write('us', { record_key: 'k', body: nested(depth, (v) => [v]) } as never),
        ],
        [
          'batchWrite',
          () => storage.batchWrite('us', [{ record_key: 'k', key1: nested(depth, (v) => ({ v })) }] as never),
        ],
        ['a cycle', () => storage.find('us', { key1: cycle } as never)],
      ];
      for (const [name, call] of calls) {
        const error = await call().catch((e: unknown) => e);
        expect(error, name).toBeInstanceOf(InputValidationError);
        expect((error as Error).message, name).toMatch(/more than 32 levels/);
      }
      expect(storageCalls(ctx.pop)).toEqual([]);
    },
  );
});
