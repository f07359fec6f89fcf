import type * as core from 'zod/v4/core';

/**
 * What validates with zod's `safeParse`: a schema of classic zod or zod/mini, or a lazily built one
 * (see lazy-schema.ts).
 *
 * @example
 * const parser: SchemaParser<string> = z.string();
 */
export interface SchemaParser<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: core.$ZodError };
}
