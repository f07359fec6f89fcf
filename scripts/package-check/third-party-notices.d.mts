/** The file the build writes, relative to the package root. */
export const NOTICES_FILE: string;
/** The node_modules paths of the packages whose code is in dist/, sorted. */
export function bundledPackages(root: string): string[];
/** Writes NOTICES_FILE and returns how many packages it names. */
export function writeNotices(root: string): number;
/** Why NOTICES_FILE does not match what dist/ bundles; empty when it does. */
export function noticeProblems(root: string): string[];
