/**
 * Access to ../shared (protocol vectors), which CI always has and a user's fresh clone may not. Tests that
 * need it use `describeShared`, which skips with a visible notice when the folder is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
/** Where ../shared is expected: beside the repository, or wherever INCOUNTRY_SHARED_DIR points. */
export const SHARED_DIR = process.env.INCOUNTRY_SHARED_DIR ?? resolve(here, '../../../shared');
export const VECTORS_DIR = resolve(SHARED_DIR, 'protocol/vectors');
export const hasShared = existsSync(resolve(VECTORS_DIR, 'README.md'));

/** Loads one vectors file (`ciphertexts`, `records`, `hashes`, `find-requests`); throws when absent. */
export function loadVectors<T = VectorFile>(name: 'ciphertexts' | 'records' | 'hashes' | 'find-requests'): T {
  return JSON.parse(readFileSync(resolve(VECTORS_DIR, `${name}.json`), 'utf8')) as T;
}

export interface VectorFile {
  schema: string;
  kind: string;
  vectors: Array<Record<string, unknown> & { id: string }>;
}

/** `describe` that runs only when ../shared is present, and says so loudly when it is not. */
export function describeShared(name: string, fn: () => void): void {
  if (hasShared) {
    describe(name, fn);
  } else {
    console.warn(
      `[skipped] ${name}: ../shared/protocol/vectors not found at ${VECTORS_DIR} (set INCOUNTRY_SHARED_DIR)`,
    );
    // describe.skip would still run fn to collect its tests, and fn reads the vectors: register a stand-in.
    describe(`${name} (skipped: ../shared not found)`, () => {
      it.skip('needs ../shared/protocol/vectors', () => {});
    });
  }
}
