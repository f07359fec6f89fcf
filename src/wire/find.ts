import * as z from 'zod/mini';
import type * as core from 'zod/v4/core';
import {
  DATE_FIELDS,
  FILTERABLE_FIELDS,
  INTEGER_FIELDS,
  isOneOf,
  MAX_FIND_LIMIT,
  NULLABLE_DATE_FIELDS,
  OR_FIELDS,
  SEARCH_KEYS,
  SEARCH_KEYS_MAX_LENGTH,
  SEARCH_KEYS_MIN_LENGTH,
  SORTABLE_FIELDS,
  STRING_KEYS,
} from '../fields.js';
import { charLengthString } from './char-length.js';
import {
  countFilterValues,
  LIST_TOO_LONG_MESSAGE,
  MAX_FILTER_LIST_VALUES,
  MAX_FILTER_VALUES,
  MAX_OR_BRANCHES,
  oversizedList,
} from './filter-limits.js';
import { strictObject } from './jit-object.js';
import { lazySchema } from './lazy-schema.js';
import { int64, isoDateTime, nonNegativeInt } from './primitives.js';
import type { WireFilter } from './wire-types.js';

function nonEmptyList<T extends z.ZodMiniType>(item: T) {
  return z
    .array(item)
    .check(
      z.minLength(1, 'a list of values must not be empty'),
      z.maxLength(MAX_FILTER_LIST_VALUES, LIST_TOO_LONG_MESSAGE),
    );
}

function comparisons<T extends z.ZodMiniType>(value: T) {
  return strictObject({
    $gt: z.optional(value),
    $gte: z.optional(value),
    $lt: z.optional(value),
    $lte: z.optional(value),
  }).check(
    z.refine((o) => Object.keys(o).length > 0, 'an operator object must not be empty'),
    z.refine((o) => !(o.$gt !== undefined && o.$gte !== undefined), 'use either $gt or $gte, not both'),
    z.refine((o) => !(o.$lt !== undefined && o.$lte !== undefined), 'use either $lt or $lte, not both'),
  );
}

/** The `search_keys` text: 3 to 200 characters, counted in code points as the other SDKs count them. */
const searchKeysText = /* @__PURE__ */ lazySchema(() =>
  charLengthString(
    SEARCH_KEYS_MIN_LENGTH,
    SEARCH_KEYS_MAX_LENGTH,
    `search_keys must have ${SEARCH_KEYS_MIN_LENGTH} to ${SEARCH_KEYS_MAX_LENGTH} characters`,
  ),
);

/** Condition on a string key (docs/protocol.md#filter). */
export const stringConditionSchema = /* @__PURE__ */ lazySchema(() =>
  z.union([
    z.string(),
    nonEmptyList(z.string()),
    z.null(),
    strictObject({ $not: z.union([z.string(), nonEmptyList(z.string()), z.null()]) }),
    strictObject({ $like: z.string().check(z.minLength(1, '$like needs a non-empty text')) }),
  ]),
);

/** Condition on a string key inside an `$or` branch: no `$like` there (docs/protocol.md#find-validation). */
export const orBranchConditionSchema = /* @__PURE__ */ lazySchema(() =>
  z.union([
    z.string(),
    nonEmptyList(z.string()),
    z.null(),
    strictObject({ $not: z.union([z.string(), nonEmptyList(z.string()), z.null()]) }),
  ]),
);

/** Condition on an integer field: range keys and `version`. */
export const integerConditionSchema = /* @__PURE__ */ lazySchema(() =>
  z.union([
    int64(),
    nonEmptyList(int64()),
    z.null(),
    strictObject({ $not: z.union([int64(), nonEmptyList(int64()), z.null()]) }),
    comparisons(int64()),
  ]),
);

/** Condition on a date field. */
export const dateConditionSchema = /* @__PURE__ */ lazySchema(() =>
  z.union([
    isoDateTime(),
    nonEmptyList(isoDateTime()),
    z.null(),
    strictObject({ $not: z.union([isoDateTime(), nonEmptyList(isoDateTime()), z.null()]) }),
    comparisons(isoDateTime()),
  ]),
);

/** Any field condition. */
export type WireCondition =
  | z.infer<ReturnType<typeof stringConditionSchema>>
  | z.infer<ReturnType<typeof integerConditionSchema>>
  | z.infer<ReturnType<typeof dateConditionSchema>>;

/** One `$or` branch: string keys only. */
export const orBranchSchema = /* @__PURE__ */ lazySchema(() =>
  z.pipe(
    z.record(z.string(), z.unknown()).check(
      z.superRefine((branch, ctx) => {
        const keys = Object.keys(branch);
        if (keys.length === 0) ctx.addIssue({ code: 'custom', message: 'an $or branch must not be empty' });
        for (const key of keys) {
          if (!isOneOf(OR_FIELDS, key)) {
            ctx.addIssue({
              code: 'custom',
              path: [key],
              message: `$or branches may only use string keys (${OR_FIELDS.join(', ')})`,
            });
            continue;
          }
          const long = oversizedList(branch[key]);
          if (long) {
            ctx.addIssue({ code: 'custom', path: [key, ...long], message: LIST_TOO_LONG_MESSAGE });
            continue;
          }
          const parsed = orBranchConditionSchema().safeParse(branch[key]);
          if (!parsed.success) {
            for (const issue of parsed.error.issues)
              ctx.addIssue({
                code: 'custom',
                path: [key, ...(issue.path as (string | number)[])],
                message: issue.message,
              });
          }
        }
      }),
    ),
    z.transform((branch) => branch as Record<string, z.infer<ReturnType<typeof orBranchConditionSchema>>>),
  ),
);

function conditionSchemaFor(field: string): z.ZodMiniType | undefined {
  if (isOneOf(STRING_KEYS, field)) return stringConditionSchema();
  if (isOneOf(INTEGER_FIELDS, field)) return integerConditionSchema();
  if (isOneOf(DATE_FIELDS, field)) return dateConditionSchema();
  return undefined;
}

export type { WireFilter } from './wire-types.js';

/** Reports the issues of a field's own schema on the filter, under that field's path. */
function forwardIssues(ctx: core.$RefinementCtx, field: string, error: core.$ZodError): void {
  for (const issue of error.issues)
    ctx.addIssue({
      code: 'custom',
      path: [field, ...(issue.path as (string | number)[])],
      message: issue.message,
    });
}

/**
 * The find filter: field conditions ANDed, plus `search_keys` and `$or`. Cross-field rules (search_keys
 * excludes key1..key20 and `$or`; `$like` only on key1..key20; null only on nullable fields) are checked
 * here, so the client and the server reject exactly the same filters.
 */
export const findFilterSchema = /* @__PURE__ */ lazySchema(
  () =>
    z.record(z.string(), z.unknown()).check(
      z.superRefine((filter, ctx) => {
        for (const [field, condition] of Object.entries(filter)) {
          if (field === 'search_keys') {
            const parsed = searchKeysText().safeParse(condition);
            if (!parsed.success)
              ctx.addIssue({ code: 'custom', path: [field], message: parsed.error.issues[0]!.message });
            continue;
          }
          if (field === '$or') {
            const parsed = orBranchesSchema().safeParse(condition);
            if (!parsed.success) forwardIssues(ctx, field, parsed.error);
            continue;
          }
          const schema = conditionSchemaFor(field);
          if (!schema) {
            ctx.addIssue({
              code: 'custom',
              path: [field],
              message: `unknown filter field; filterable fields are ${FILTERABLE_FIELDS.join(', ')}, search_keys and $or`,
            });
            continue;
          }
          const long = oversizedList(condition);
          if (long) {
            ctx.addIssue({ code: 'custom', path: [field, ...long], message: LIST_TOO_LONG_MESSAGE });
            continue;
          }
          const parsed = schema.safeParse(condition);
          if (!parsed.success) {
            forwardIssues(ctx, field, parsed.error);
            continue;
          }
          if (isOneOf(DATE_FIELDS, field) && !isOneOf(NULLABLE_DATE_FIELDS, field)) {
            const isNullTest =
              condition === null ||
              (typeof condition === 'object' &&
                !Array.isArray(condition) &&
                '$not' in condition &&
                condition.$not === null);
            if (isNullTest)
              ctx.addIssue({
                code: 'custom',
                path: [field],
                message: `${field} is never null; null tests are not allowed`,
              });
          }
          if (
            typeof condition === 'object' &&
            condition !== null &&
            '$like' in condition &&
            !isOneOf(SEARCH_KEYS, field)
          ) {
            ctx.addIssue({ code: 'custom', path: [field], message: '$like is only allowed on key1..key20' });
          }
        }
        if (countFilterValues(filter) > MAX_FILTER_VALUES)
          ctx.addIssue({
            code: 'custom',
            path: [],
            message: `a filter may hold at most ${MAX_FILTER_VALUES} values in all; split the query`,
          });
        if ('search_keys' in filter) {
          const clash = Object.keys(filter).find((k) => isOneOf(SEARCH_KEYS, k));
          if (clash)
            ctx.addIssue({
              code: 'custom',
              path: ['search_keys'],
              message: `search_keys cannot be combined with a key1..key20 condition (${clash})`,
            });
          if ('$or' in filter)
            ctx.addIssue({
              code: 'custom',
              path: ['search_keys'],
              message: 'search_keys cannot be combined with $or',
            });
        }
      }),
    ) as unknown as z.ZodMiniType<WireFilter>,
);

/** The `$or` list of a filter. */
const orBranchesSchema = /* @__PURE__ */ lazySchema(() =>
  z
    .array(orBranchSchema())
    .check(
      z.minLength(2, '$or needs at least two branches'),
      z.maxLength(MAX_OR_BRANCHES, `$or may have at most ${MAX_OR_BRANCHES} branches`),
    ),
);

/** Sort direction. */
export const sortOrderSchema = /* @__PURE__ */ lazySchema(() => z.enum(['asc', 'desc']));

/** One sort item: exactly one sortable field. */
export const sortItemSchema = /* @__PURE__ */ lazySchema(() =>
  z.pipe(
    z.record(z.string(), z.unknown()).check(
      z.superRefine((item, ctx) => {
        const keys = Object.keys(item);
        if (keys.length !== 1) {
          ctx.addIssue({
            code: 'custom',
            message: 'each sort item must name exactly one field, e.g. {"key1": "asc"}',
          });
          return;
        }
        const field = keys[0]!;
        if (!isOneOf(SORTABLE_FIELDS, field))
          ctx.addIssue({
            code: 'custom',
            path: [field],
            message: `field is not allowed for sorting; sortable fields are ${SORTABLE_FIELDS.join(', ')}`,
          });
        if (!sortOrderSchema().safeParse(item[field]).success)
          ctx.addIssue({ code: 'custom', path: [field], message: 'sort order must be "asc" or "desc"' });
      }),
    ),
    z.transform((item) => item as Record<string, 'asc' | 'desc'>),
  ),
);

/** Find options (docs/protocol.md#find-options). */
export const findOptionsSchema = /* @__PURE__ */ lazySchema(() =>
  strictObject({
    limit: z._default(
      z
        .number()
        .check(
          z.int('limit must be an integer'),
          z.gte(1, `limit must be between 1 and ${MAX_FIND_LIMIT}`),
          z.lte(MAX_FIND_LIMIT, `limit must be between 1 and ${MAX_FIND_LIMIT}; use offset to page further`),
        ),
      MAX_FIND_LIMIT,
    ),
    offset: z._default(nonNegativeInt(), 0),
    sort: z.optional(
      z
        .array(sortItemSchema())
        .check(
          z.refine(
            (items) => new Set(items.flatMap((i) => Object.keys(i))).size === items.length,
            'a field may appear only once in sort',
          ),
        ),
    ),
  }),
);

/** The body of `POST …/find`. */
export const findRequestSchema = /* @__PURE__ */ lazySchema(() =>
  strictObject({
    filter: z._default(findFilterSchema(), {}),
    options: z._default(findOptionsSchema(), { limit: MAX_FIND_LIMIT, offset: 0 }),
  }),
);
/** A validated find request. */
export type FindRequest = z.infer<ReturnType<typeof findRequestSchema>>;
/** A find request as sent (defaults not yet applied). */
export type FindRequestInput = z.input<ReturnType<typeof findRequestSchema>>;
