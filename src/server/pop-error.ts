/**
 * The PoP's error format (docs/protocol.md#error-body): every non-2xx storage response is
 * `{"errors":[{"title","source","detail"}]}`. Details name the field and the rule, never a value.
 */
import { STATUS_CODES } from 'node:http';
import type { ErrorBody } from '../wire/index.js';
import type { SchemaParser } from '../wire/schema-parser.js';

/** One item of the error body, without its title (derived from the status). */
export interface PopErrorItem {
  readonly source: string;
  readonly detail: string;
}

/** An HTTP error the routes throw on purpose; the error handler renders it in the PoP format. */
export class PopHttpError extends Error {
  override readonly name = 'PopHttpError';
  readonly statusCode: number;
  readonly items: readonly PopErrorItem[];
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    statusCode: number,
    items: readonly PopErrorItem[] | PopErrorItem,
    headers: Readonly<Record<string, string>> = {},
  ) {
    const list = Array.isArray(items) ? items : [items as PopErrorItem];
    super(list.map((i) => i.detail).join('; '));
    this.statusCode = statusCode;
    this.items = list;
    this.headers = headers;
  }
}

/** The reason phrase used as `title`. */
export function statusTitle(statusCode: number): string {
  return STATUS_CODES[statusCode] ?? 'Error';
}

/** Builds the error body for a status and its items. */
export function errorBody(statusCode: number, items: readonly PopErrorItem[]): ErrorBody {
  const title = statusTitle(statusCode);
  return { errors: items.map((i) => ({ title, source: i.source, detail: i.detail })) };
}

/**
 * Validates request input with a wire schema; failures become a 400 naming each field and rule.
 * Zod messages describe the rule, not the input, so no value leaks into the response.
 */
export function parseInput<T>(schema: SchemaParser<T>, input: unknown, source: 'body' | 'query'): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  // One item per field: a value can break several rules of one schema, and the first says enough.
  const items = new Map<string, PopErrorItem>();
  for (const issue of result.error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const where = [source, ...path].join('.');
    if (!items.has(where)) items.set(where, { source: where, detail: issue.message });
  }
  throw new PopHttpError(400, [...items.values()]);
}
