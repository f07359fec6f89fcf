/** Bare specifiers reachable from `entry` through relative imports, with the first file importing each. */
export function bareImports(entry: string): Map<string, string>;
