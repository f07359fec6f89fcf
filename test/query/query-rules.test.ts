/**
 * The rules of docs/architecture.md#type-level-rules at run time: every case of rule-cases.ts evaluated against untyped builders, as a
 * JavaScript caller or a dynamic value would reach them. type-errors.test.ts compiles the same cases.
 */
import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../../src/errors.js';
import { hashed, plain, users } from './query-fixtures.js';
import { RULE_CASES } from './rule-cases.js';

/** What a JavaScript caller holds: a builder without types. */
// biome-ignore lint/suspicious/noExplicitAny: simulates untyped callers on purpose.
type Untyped = any;
const h = (): Untyped => hashed();
const p = (): Untyped => plain();
const u = (): Untyped => users();
/** Evaluates a case's source text against untyped builders, as a JavaScript caller would run it. */
function run(code: string): unknown {
  return new Function('h', 'p', 'u', `return ${code};`)(h, p, u);
}

describe('run-time rules (InputValidationError, same text as the type errors)', () => {
  const runnable = RULE_CASES.filter((c) => c.runTime !== false);
  it.each(runnable.map((c) => [`rule ${c.rule}: ${c.name}`, c] as const))('%s', (_, { code, message }) => {
    let thrown: unknown;
    try {
      run(code);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputValidationError);
    expect((thrown as InputValidationError).message).toBe(message);
    expect((thrown as InputValidationError).code).toBe('INPUT_VALIDATION');
    // The same message as an issue, so an HTTP handler can report it with a path.
    expect((thrown as InputValidationError).issues).toEqual([{ path: expect.any(Array), message }]);
  });

  it('puts the field or option a builder error is about in the issue path', () => {
    const pathOf = (code: string) => {
      try {
        run(code);
      } catch (error) {
        return (error as InputValidationError).issues[0]?.path;
      }
      return undefined;
    };
    expect(pathOf("u().where('email').gt(1)")).toEqual(['email']);
    expect(pathOf("h().where('body')")).toEqual(['body']);
    expect(pathOf("h().sortBy('body', 'asc')")).toEqual(['sort', 'body']);
    expect(pathOf('h().limit(0)')).toEqual(['limit']);
    expect(pathOf('h().offset(-1)')).toEqual(['offset']);
    expect(pathOf("h().searchKeys('abc')")).toEqual(['search_keys']);
    expect(pathOf("p().or((b) => b.where('range_key1').eq(1))")).toEqual(['$or', 'range_key1']);
  });

  it('never puts values into messages', () => {
    const secret = 'canary-4f2a-value';
    const attempts = [
      () => h().where('range_key1').eq(secret),
      () => h().where('key1').eq(secret).where('key1').eq(secret),
      () => h().where('key1').like(secret),
      () => p().searchKeys(secret.repeat(20)),
      () => h().where('expires_at').gt(secret),
    ];
    for (const attempt of attempts) {
      try {
        attempt();
        expect.unreachable();
      } catch (error) {
        expect(String((error as Error).message)).not.toContain(secret);
        expect(JSON.stringify(error)).not.toContain(secret);
      }
    }
  });
});
