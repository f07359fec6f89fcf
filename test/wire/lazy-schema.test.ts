/**
 * Internal schemas are zod/mini schemas built on first use (src/wire/lazy-schema.ts). zod/mini loads no
 * locale, so these tests clear zod's (process-wide) locale first, as a process that never imports classic
 * zod has it, and put English back afterwards.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { de, en } from 'zod/locales';
import * as z from 'zod/mini';
import { object, strictObject } from '../../src/wire/jit-object.js';
import { lazySchema } from '../../src/wire/lazy-schema.js';

afterEach(() => {
  z.config(en());
});

describe('lazySchema', () => {
  it('builds its schema once, at the first use, and parses through it', () => {
    let builds = 0;
    const schema = lazySchema(() => {
      builds += 1;
      return z.string().check(z.minLength(1, 'must be non-empty'));
    });
    expect(builds).toBe(0);
    expect(schema.safeParse('').error?.issues.map((i) => i.message)).toEqual(['must be non-empty']);
    expect(schema.parse('a')).toBe('a');
    expect(z.array(schema()).parse(['b'])).toEqual(['b']);
    expect(builds).toBe(1);
  });

  it("gives zod's default messages in English when no locale is configured", () => {
    z.config({ localeError: undefined });
    const schema = lazySchema(() => strictObject({ id: z.string() }));
    expect(schema.safeParse({ id: 1, extra: true }).error?.issues.map((i) => i.message)).toEqual([
      'Invalid input: expected string, received number',
      'Unrecognized key: "extra"',
    ]);
  });

  it('keeps a locale the application configured', () => {
    z.config(de());
    const schema = lazySchema(() => z.string());
    expect(schema.safeParse(1).error?.issues[0]?.message).toBe(
      de().localeError?.({
        code: 'invalid_type',
        expected: 'string',
        input: 1,
      } as never),
    );
    expect(schema.safeParse(1).error?.issues[0]?.message).not.toContain('Invalid input');
  });
});

describe('jit-object', () => {
  it('parses like zod/mini objects: unknown keys dropped or refused, optional keys absent', () => {
    const loose = object({ id: z.string(), note: z.optional(z.string()) });
    expect(loose.parse({ id: 'a', extra: 1 })).toEqual({ id: 'a' });
    expect(Object.keys(loose.parse({ id: 'a' }))).toEqual(['id']);
    const strict = strictObject({ id: z.string() });
    expect(strict.safeParse({ id: 'a', extra: 1 }).success).toBe(false);
  });

  it('stays a zod/mini object through extend, partial and check', () => {
    const base = object({ id: z.string() });
    const extended = z.extend(base, { n: z.number() });
    expect(extended.parse({ id: 'a', n: 1, x: 2 })).toEqual({ id: 'a', n: 1 });
    expect(z.partial(base).parse({})).toEqual({});
    const checked = base.check(z.refine((v) => v.id !== 'no', 'not no'));
    expect(checked.safeParse({ id: 'no' }).error?.issues[0]?.message).toBe('not no');
    expect(extended.shape.n.def.type).toBe('number');
    // Compiled like classic zod's objects, not interpreted like zod/mini's own.
    for (const schema of [base, extended, z.partial(base), checked])
      expect(schema._zod.traits.has('$ZodObjectJIT')).toBe(true);
  });
});
