/**
 * Fault injection for resilience tests: rules match requests by route, method and country and answer with
 * an error status (plus `Retry-After`, and a chosen `detail`), a redirect (3xx with `Location` and an
 * empty body, as a proxy sends), add latency, fail authentication once, reset the socket, or send a 200
 * whose body breaks the response schema.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { POP_ROUTES, type PopRouteName } from './pop-route.js';

/** Schema of a fault rule, shared by `POST /_pop/faults` and `LocalPop.admin.addFault`. */
export const faultRuleSchema: z.ZodType<FaultRule, unknown> = z
  .strictObject({
    route: z.enum([...POP_ROUTES, '*']).optional(),
    method: z
      .string()
      .regex(/^[A-Za-z]+$/, 'method must be an HTTP method such as POST')
      .transform((m) => m.toUpperCase())
      .optional(),
    country: z
      .string()
      .regex(/^[A-Za-z]{2}$/, 'country must be two letters')
      .transform((c) => c.toLowerCase())
      .optional(),
    status: z
      .number()
      .int()
      .min(200, 'status must be 200..599')
      .max(599, 'status must be 200..599')
      .optional(),
    retryAfter: z.number().int().min(0, 'retryAfter is in whole seconds, >= 0').optional(),
    location: z
      .string()
      .max(2048, 'location must be at most 2048 characters')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: a header value cannot hold them
      .regex(/^[^\0-\x1f\x7f]*$/, 'location must not contain control characters')
      .optional(),
    detail: z.string().max(1000, 'detail must be at most 1000 characters').optional(),
    latencyMs: z.number().int().min(0).max(60_000, 'latencyMs must be at most 60000').optional(),
    unauthorizedOnce: z.boolean().optional(),
    reset: z.boolean().optional(),
    malformed: z.boolean().optional(),
    times: z.number().int().min(1, 'times must be >= 1').optional(),
    probability: z.number().min(0).max(1, 'probability must be between 0 and 1').optional(),
  })
  .refine(
    (r) =>
      r.status !== undefined ||
      r.latencyMs !== undefined ||
      r.unauthorizedOnce === true ||
      r.reset === true ||
      r.malformed === true,
    'a fault needs an effect: status, latencyMs, unauthorizedOnce, reset or malformed',
  );

/**
 * A fault rule: which requests it matches (all criteria optional) and what it does to them (at least one
 * effect). Faults never apply to the `/_pop/` endpoints.
 */
export interface FaultRule {
  /** Route to match; `'*'` or absent matches every public route. */
  readonly route?: PopRouteName | '*' | undefined;
  /** HTTP method to match (any case). */
  readonly method?: string | undefined;
  /** Country of the path to match (two letters, any case). */
  readonly country?: string | undefined;
  /** Answer with this status in the PoP error format. */
  readonly status?: number | undefined;
  /** `Retry-After` seconds sent with `status`. */
  readonly retryAfter?: number | undefined;
  /** `Location` header sent with `status`; with a 3xx status the body is empty, as a redirecting proxy answers. */
  readonly location?: string | undefined;
  /** The `detail` of the error body sent with `status` (a hostile server's text, for tests of the client). */
  readonly detail?: string | undefined;
  /** Delay before answering (or before handling normally when there is no other effect). */
  readonly latencyMs?: number | undefined;
  /** Answer 401 once (implies `times: 1` unless given). */
  readonly unauthorizedOnce?: boolean | undefined;
  /** Destroy the socket without answering. */
  readonly reset?: boolean | undefined;
  /** Answer 200 with a body that breaks the route's response schema. */
  readonly malformed?: boolean | undefined;
  /** Fire this many times, then drop out; unlimited when absent. */
  readonly times?: number | undefined;
  /** Chance (0..1) that a matching request is affected; 1 when absent. */
  readonly probability?: number | undefined;
}

/** A fault rule in force, with its id and counters. */
export interface ActiveFault {
  /** Identifies the rule. */
  readonly id: string;
  /** The rule, with `method` upper-cased and `country` lower-cased. */
  readonly rule: FaultRule;
  /** Remaining firings; `null` = unlimited. */
  readonly remaining: number | null;
  /** How often it fired so far. */
  readonly hits: number;
}

/** What to do with one request, after latency. */
export type FaultAction =
  | { readonly kind: 'reset' }
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly retryAfter: number | undefined;
      readonly location?: string | undefined;
      readonly detail?: string | undefined;
    }
  | { readonly kind: 'malformed' };

/** The combined effect of every rule that fired for one request. */
export interface FaultDecision {
  readonly latencyMs: number;
  readonly action: FaultAction | undefined;
}

interface MutableFault {
  id: string;
  rule: FaultRule;
  remaining: number | null;
  hits: number;
}

/** Holds the rules and decides, per request, which fire. */
export class FaultInjector {
  #faults: MutableFault[] = [];
  readonly #random: () => number;

  constructor(random: () => number = Math.random) {
    this.#random = random;
  }

  /** Adds a validated rule (throws the zod error when invalid; callers turn it into 400/config errors). */
  add(input: unknown): ActiveFault {
    const rule = faultRuleSchema.parse(input);
    const times = rule.times ?? (rule.unauthorizedOnce === true ? 1 : undefined);
    const fault: MutableFault = { id: randomUUID(), rule, remaining: times ?? null, hits: 0 };
    this.#faults.push(fault);
    return snapshot(fault);
  }

  list(): ActiveFault[] {
    return this.#faults.map(snapshot);
  }

  clear(): void {
    this.#faults = [];
  }

  /**
   * Rules are tried in the order they were added: every matching one adds its latency, and the first with a
   * terminal effect decides the answer. Exhausted rules drop out.
   */
  decide(route: PopRouteName, method: string, country: string | undefined): FaultDecision {
    let latencyMs = 0;
    let action: FaultAction | undefined;
    for (const fault of this.#faults) {
      const { rule } = fault;
      if (rule.route !== undefined && rule.route !== '*' && rule.route !== route) continue;
      if (rule.method !== undefined && rule.method !== method) continue;
      if (rule.country !== undefined && rule.country !== country) continue;
      const terminal = terminalAction(rule);
      if (action !== undefined && terminal !== undefined) continue;
      if (rule.probability !== undefined && this.#random() >= rule.probability) continue;
      fault.hits += 1;
      if (fault.remaining !== null) fault.remaining -= 1;
      latencyMs += rule.latencyMs ?? 0;
      action ??= terminal;
    }
    this.#faults = this.#faults.filter((f) => f.remaining === null || f.remaining > 0);
    return { latencyMs, action };
  }
}

function terminalAction(rule: FaultRule): FaultAction | undefined {
  if (rule.reset === true) return { kind: 'reset' };
  if (rule.unauthorizedOnce === true) return { kind: 'status', status: 401, retryAfter: undefined };
  if (rule.status !== undefined)
    return {
      kind: 'status',
      status: rule.status,
      retryAfter: rule.retryAfter,
      location: rule.location,
      detail: rule.detail,
    };
  if (rule.malformed === true) return { kind: 'malformed' };
  return undefined;
}

function snapshot(fault: MutableFault): ActiveFault {
  return { id: fault.id, rule: fault.rule, remaining: fault.remaining, hits: fault.hits };
}

/**
 * A 200 body that breaks the route's response schema (docs/protocol.md#routes): a record without a string key, a find
 * without a data array, a token without access_token…
 */
export function malformedBody(route: PopRouteName): string {
  switch (route) {
    case 'write':
    case 'read':
      return JSON.stringify({ record_key: 42, body: ['malformed'] });
    case 'batchWrite':
      return JSON.stringify({ records: 'malformed' });
    case 'find':
      return JSON.stringify({ data: 'malformed', meta: { count: -1 } });
    case 'attachments':
      return JSON.stringify({ file_id: 42, size: 'malformed' });
    case 'token':
      return JSON.stringify({ token_type: 'bearer', expires_in: 'malformed' });
    case 'countries':
      return JSON.stringify({ countries: [{ id: 'malformed', direct: 'yes' }] });
    case 'delete':
    case 'batchDelete':
    case 'healthcheck':
      return '{"malformed": ';
  }
}
