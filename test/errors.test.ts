import { describe, expect, it } from 'vitest';
import * as errors from '../src/errors.js';

describe('error names', () => {
  // The names are string literals (minifiers rename classes); this keeps each equal to its class name.
  const classes = Object.entries(errors as Record<string, unknown>).filter(
    (entry): entry is [string, new (message: string) => Error] =>
      typeof entry[1] === 'function' && entry[1].prototype instanceof Error,
  );

  it.each(classes.filter(([name]) => name !== 'CauseSummary'))('%s.name is its class name', (name, Class) => {
    expect(new Class('x').name).toBe(name);
    expect(Object.keys(errors.ERROR_CODES)).toContain(name);
  });
});
