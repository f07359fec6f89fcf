/**
 * How the internal schemas (wire bodies, options, inputs) are made: with zod/mini, built on first use.
 * Importing the package builds none, and a bundler drops every schema a program never reaches: a call at
 * a module's top level is kept unless it is known to be pure, so each `lazySchema(…)` call there carries a
 * `@__PURE__` annotation (esbuild honours `@__NO_SIDE_EFFECTS__` on a function only within its own file).
 * scripts/package-check/client-bundle.mjs fails when a PoP-only schema stays in a client bundle.
 */

import { en } from 'zod/locales';
import * as z from 'zod/mini';

/**
 * A schema built on first use: call it for the schema (to compose it into another), or parse with it
 * directly (`.parse`, `.safeParse`, as on the schema).
 */
export interface LazySchema<T extends z.ZodMiniType> {
  (): T;
  parse: T['parse'];
  safeParse: T['safeParse'];
}

/**
 * A schema built by the first use and kept for every later one.
 *
 * @example
 * const keySchema = lazySchema(() => z.string().check(z.minLength(1, 'must be non-empty')));
 * keySchema.safeParse('').success; // false
 * z.array(keySchema()).parse(['a']); // ['a']
 */
export /* @__NO_SIDE_EFFECTS__ */ function lazySchema<T extends z.ZodMiniType>(
  build: () => T,
): LazySchema<T> {
  let schema: T | undefined;
  const get = (): T => {
    if (schema === undefined) {
      englishMessages();
      schema = build();
    }
    return schema;
  };
  return Object.assign(get, {
    parse: ((value, params) => get().parse(value, params)) as T['parse'],
    safeParse: ((value, params) => get().safeParse(value, params)) as T['safeParse'],
  });
}

/**
 * zod/mini loads no locale, so its default messages read "Invalid input"; classic zod installs English
 * when it is imported. Every internal schema is built through {@link lazySchema}, which calls this first,
 * so our messages read as before, and a locale the application configured stays.
 *
 * @example
 * englishMessages();
 * z.string().safeParse(1).error?.issues[0]?.message; // 'Invalid input: expected string, received number'
 */
export function englishMessages(): void {
  if (z.config().localeError === undefined) z.config(en());
}
