/**
 * The rules of docs/architecture.md#type-level-rules at run time, for JavaScript callers and values the type checker cannot see. Each
 * check returns the first broken rule's message (the same text the type checker prints) or undefined. The
 * order of checks matches the type-level rules in query-type-rules.ts, so both report the same message.
 */
import {
  DATE_FIELDS,
  type FilterableField,
  INTEGER_FIELDS,
  isOneOf,
  MAX_FIND_LIMIT,
  NULLABLE_DATE_FIELDS,
  SEARCH_KEYS,
  SORTABLE_FIELDS,
  STRING_KEYS,
} from '../fields.js';
import { fieldLabel } from './field-map.js';
import { type ConditionNode, conditionLabel, type FilterNode, type SortNode } from './filter-node.js';
import type { QueryConfig } from './query-config.js';
import {
  alreadyHasMessage,
  type ConditionLabel,
  likeInOrMessage,
  likeNotSearchKeyMessage,
  limitRangeMessage,
  needsPlainKeysMessage,
  negativeOffsetMessage,
  neverNullMessage,
  notComparableMessage,
  notFilterableMessage,
  notIntegerMessage,
  notSortableMessage,
  onceMessage,
  orNotStringKeyMessage,
  orWithSearchKeysMessage,
  searchKeysWithKeyMessage,
  searchKeysWithLikeMessage,
  searchKeysWithOrMessage,
  sortedTwiceMessage,
  whereWithSearchKeysMessage,
} from './query-messages.js';

/** Field condition methods. */
export type ConditionMethod = 'eq' | 'not' | 'isNull' | 'isNotNull' | 'like' | 'gt' | 'gte' | 'lt' | 'lte';

const EXCLUSIVE = ['eq', '$not', 'isNull', 'isNotNull', '$like'] as const;

/**
 * Which existing labels block a method, in reporting order: anything blocks an exclusive condition; a
 * bound is blocked by an exclusive condition or by a bound on the same side.
 */
export const BLOCKING_LABELS = {
  eq: [...EXCLUSIVE, '$gt', '$gte', '$lt', '$lte'],
  not: [...EXCLUSIVE, '$gt', '$gte', '$lt', '$lte'],
  isNull: [...EXCLUSIVE, '$gt', '$gte', '$lt', '$lte'],
  isNotNull: [...EXCLUSIVE, '$gt', '$gte', '$lt', '$lte'],
  like: [...EXCLUSIVE, '$gt', '$gte', '$lt', '$lte'],
  gt: [...EXCLUSIVE, '$gt', '$gte'],
  gte: [...EXCLUSIVE, '$gt', '$gte'],
  lt: [...EXCLUSIVE, '$lt', '$lte'],
  lte: [...EXCLUSIVE, '$lt', '$lte'],
} as const satisfies Record<ConditionMethod, readonly ConditionLabel[]>;

/** Where a condition is being added: the top level of a query, or an `or()` branch. */
export type ConditionScope = 'query' | 'or';

function isConditionNode(node: FilterNode): node is ConditionNode {
  return node.kind !== 'or' && node.kind !== 'searchKeys';
}

function labelsOn(nodes: readonly FilterNode[], field: FilterableField): Set<ConditionLabel> {
  return new Set(
    nodes
      .filter(isConditionNode)
      .filter((n) => n.field === field)
      .map(conditionLabel),
  );
}

function hasKind(nodes: readonly FilterNode[], kind: FilterNode['kind']): boolean {
  return nodes.some((n) => n.kind === kind);
}

/** `where(name)`: the name must be filterable; in an `or()` it must be a string key. */
export function whereRule(
  name: string,
  field: FilterableField | undefined,
  nodes: readonly FilterNode[],
  scope: ConditionScope,
): string | undefined {
  if (field === undefined) return notFilterableMessage(name);
  const label: string = fieldLabel(name, field);
  if (scope === 'or') return isOneOf(STRING_KEYS, field) ? undefined : orNotStringKeyMessage(label);
  if (isOneOf(SEARCH_KEYS, field) && hasKind(nodes, 'searchKeys')) return whereWithSearchKeysMessage(label);
  return undefined;
}

/** A condition method on a field (kinds, nulls, plain keys, then conflicts with conditions already there). */
export function conditionRule(
  method: ConditionMethod,
  name: string,
  field: FilterableField,
  nodes: readonly FilterNode[],
  config: QueryConfig,
  scope: ConditionScope,
): string | undefined {
  const label: string = fieldLabel(name, field);
  if (method === 'gt' || method === 'gte' || method === 'lt' || method === 'lte') {
    if (!isOneOf(INTEGER_FIELDS, field) && !isOneOf(DATE_FIELDS, field))
      return notComparableMessage(method, label);
  }
  if (method === 'isNull' || method === 'isNotNull') {
    if (isOneOf(DATE_FIELDS, field) && !isOneOf(NULLABLE_DATE_FIELDS, field))
      return neverNullMessage(method, label);
  }
  if (method === 'like') {
    if (scope === 'or') return likeInOrMessage(label);
    if (!isOneOf(SEARCH_KEYS, field)) return likeNotSearchKeyMessage(label);
    if (!config.plainSearchKeys) return needsPlainKeysMessage(method, label);
  }
  // Each where() inside an or() is its own branch, so branch conditions never conflict.
  if (scope === 'or') return undefined;
  const existing = labelsOn(nodes, field);
  const blocking = BLOCKING_LABELS[method].find((l) => existing.has(l));
  return blocking === undefined ? undefined : alreadyHasMessage(method, label, blocking);
}

/** `searchKeys(text)`: once, plain keys, and no `or()`, `$like` or other key1..key20 condition. */
export function searchKeysRule(nodes: readonly FilterNode[], config: QueryConfig): string | undefined {
  if (hasKind(nodes, 'searchKeys')) return onceMessage('searchKeys');
  if (!config.plainSearchKeys) return needsPlainKeysMessage('searchKeys', 'search_keys');
  if (hasKind(nodes, 'or')) return searchKeysWithOrMessage();
  const conditions = nodes.filter(isConditionNode);
  const liked = SEARCH_KEYS.find((k) => conditions.some((n) => n.field === k && n.kind === 'like'));
  if (liked !== undefined) return searchKeysWithLikeMessage(liked);
  const keyed = SEARCH_KEYS.find((k) => conditions.some((n) => n.field === k));
  if (keyed !== undefined) return searchKeysWithKeyMessage(keyed);
  return undefined;
}

/** `or(build)`: once, and not with `searchKeys()`. */
export function orRule(nodes: readonly FilterNode[]): string | undefined {
  if (hasKind(nodes, 'or')) return onceMessage('or');
  if (hasKind(nodes, 'searchKeys')) return orWithSearchKeysMessage();
  return undefined;
}

/** `sortBy(name)`: a sortable field, key1..key20 only with plain keys, each field once. */
export function sortByRule(
  name: string,
  field: FilterableField | undefined,
  sort: readonly SortNode[],
  config: QueryConfig,
): string | undefined {
  if (field === undefined) return notSortableMessage(name);
  if (!isOneOf(SORTABLE_FIELDS, field)) return notSortableMessage(fieldLabel(name, field));
  const label: string = fieldLabel(name, field);
  if (isOneOf(SEARCH_KEYS, field) && !config.plainSearchKeys) return needsPlainKeysMessage('sortBy', label);
  if (sort.some((s) => s.field === field)) return sortedTwiceMessage(label);
  return undefined;
}

/** `limit(n)`: once, an integer in 1..100. */
export function limitRule(limit: unknown, alreadySet: boolean): string | undefined {
  if (alreadySet) return onceMessage('limit');
  if (typeof limit !== 'number') return notIntegerMessage('limit', `a ${typeof limit}`);
  if (!Number.isInteger(limit)) return notIntegerMessage('limit', limit);
  if (limit < 1 || limit > MAX_FIND_LIMIT) return limitRangeMessage(limit);
  return undefined;
}

/** `offset(n)`: once, a non-negative integer. */
export function offsetRule(offset: unknown, alreadySet: boolean): string | undefined {
  if (alreadySet) return onceMessage('offset');
  if (typeof offset !== 'number') return notIntegerMessage('offset', `a ${typeof offset}`);
  if (!Number.isInteger(offset)) return notIntegerMessage('offset', offset);
  if (offset < 0) return negativeOffsetMessage(offset);
  return undefined;
}
