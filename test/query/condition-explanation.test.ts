/**
 * The object DSL and the builder fail with one text: a condition the wire schema refuses is explained
 * with the message the builder gives for the same call (without its `<method>() call failed: ` head, as
 * the issue path names the operator).
 */
import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../../src/errors.js';
import { createQueryBuilder } from '../../src/query/query-builder.js';
import { validateQuery } from '../../src/query/validate-query.js';
import { fakeExecutor } from './query-fixtures.js';

const config = { plainSearchKeys: true } as const;

function dslFailure(filter: unknown): { path: unknown; message: string } {
  try {
    validateQuery(filter, {}, config);
  } catch (error) {
    expect(error).toBeInstanceOf(InputValidationError);
    const [issue] = (error as InputValidationError).issues;
    return { path: issue?.path, message: issue?.message ?? '' };
  }
  throw new Error('the filter was accepted');
}

function builderMessage(build: (q: any) => unknown): string {
  const q = createQueryBuilder(fakeExecutor(), { config });
  try {
    build(q);
  } catch (error) {
    return (error as Error).message.replace(/^\w+\(\) call failed: /, '');
  }
  throw new Error('the builder accepted the call');
}

describe('object DSL errors in the builder’s words', () => {
  it.each([
    [{ key1: 5 }, ['filter', 'key1'], (q: any) => q.where('key1').eq(5)],
    [{ key1: { $gt: 1 } }, ['filter', 'key1', '$gt'], (q: any) => q.where('key1').gt(1)],
    [{ key1: { $not: 5 } }, ['filter', 'key1', '$not'], (q: any) => q.where('key1').not(5)],
    [{ key1: [] }, ['filter', 'key1'], (q: any) => q.where('key1').eq([])],
    [{ range_key1: 'a' }, ['filter', 'range_key1'], (q: any) => q.where('range_key1').eq('a')],
    [
      { range_key1: { $like: 'x' } },
      ['filter', 'range_key1', '$like'],
      (q: any) => q.where('range_key1').like('x'),
    ],
    [{ version: 1.5 }, ['filter', 'version'], (q: any) => q.where('version').eq(1.5)],
    [{ created_at: null }, ['filter', 'created_at'], (q: any) => q.where('created_at').isNull()],
    [{ $or: [{ key1: 5 }, { key2: 'a' }] }, ['filter', '$or', 0, 'key1'], (q: any) => q.where('key1').eq(5)],
  ])('%j', (filter, path, build) => {
    const failure = dslFailure(filter);
    expect(failure.message).toBe(builderMessage(build));
    expect(failure.message).not.toBe('Invalid input');
    expect(failure.path).toEqual(path);
  });

  it('keeps the schema’s own message where the builder has no call for the condition', () => {
    expect(dslFailure({ key1: { $foo: 1 } })).toEqual({ path: ['filter', 'key1'], message: 'Invalid input' });
  });
});
