/** The program the check bundles: it imports and calls createStorage only. */
export const CLIENT_PROGRAM: string;
/** The createStorage-only program bundled from dist/: contributing inputs and dist/'s top-level names. */
export function clientBundle(): Promise<{ inputs: string[]; zod: string[]; declared: Set<string> }>;
/** Why the bundle holds more than the client needs; empty when it does not. */
export function clientBundleProblems(bundle: {
  inputs: string[];
  zod: string[];
  declared: Set<string>;
}): string[];
