/**
 * Compiles filter nodes into the wire DSL (docs/protocol.md#filter). Plain, schema-agnostic code: one branch per node
 * kind in a table typed over every kind, so a new kind without a branch does not build.
 */
import type { WireFilter } from '../wire/wire-types.js';
import type { FilterNode, FilterNodeKind, SortNode, WireScalar } from './filter-node.js';
import type { FindPageOptions } from './query-executor.js';

type Compilers = {
  readonly [K in FilterNodeKind]: (
    node: Extract<FilterNode, { kind: K }>,
    filter: Record<string, unknown>,
  ) => void;
};

function listOrScalar(value: WireScalar | readonly WireScalar[]): WireScalar | WireScalar[] {
  return typeof value === 'object' ? [...value] : value;
}

const compilers: Compilers = {
  eq: (node, filter) => {
    filter[node.field] = listOrScalar(node.value);
  },
  not: (node, filter) => {
    filter[node.field] = { $not: listOrScalar(node.value) };
  },
  isNull: (node, filter) => {
    filter[node.field] = null;
  },
  isNotNull: (node, filter) => {
    filter[node.field] = { $not: null };
  },
  compare: (node, filter) => {
    // Bounds on one field merge into one operator object: { $gt: 1, $lte: 10 }.
    const previous = filter[node.field];
    const bounds = typeof previous === 'object' && previous !== null ? previous : {};
    filter[node.field] = { ...bounds, [node.operator]: node.value };
  },
  like: (node, filter) => {
    filter[node.field] = { $like: node.text };
  },
  searchKeys: (node, filter) => {
    filter.search_keys = node.text;
  },
  or: (node, filter) => {
    filter.$or = node.branches.map((branch) => {
      const compiled: Record<string, unknown> = {};
      compileNode(branch, compiled);
      return compiled;
    });
  },
};

function compileNode(node: FilterNode, filter: Record<string, unknown>): void {
  (compilers[node.kind] as (node: FilterNode, filter: Record<string, unknown>) => void)(node, filter);
}

/**
 * Compiles nodes into a wire filter.
 *
 * @example
 * compileFilter([{ kind: 'compare', field: 'range_key3', operator: '$gt', value: 1 }]); // { range_key3: { $gt: 1 } }
 */
export function compileFilter(nodes: readonly FilterNode[]): WireFilter {
  const filter: Record<string, unknown> = {};
  for (const node of nodes) compileNode(node, filter);
  return filter as WireFilter;
}

/**
 * Compiles paging and sorting into wire options; `sort` only when non-empty (docs/protocol.md#find-options).
 *
 * @example
 * compileOptions([{ field: 'key1', order: 'asc' }], 10, 20); // { limit: 10, offset: 20, sort: [{ key1: 'asc' }] }
 */
export function compileOptions(sort: readonly SortNode[], limit: number, offset: number): FindPageOptions {
  const options: FindPageOptions = { limit, offset };
  if (sort.length > 0) options.sort = sort.map((s) => ({ [s.field]: s.order }));
  return options;
}
