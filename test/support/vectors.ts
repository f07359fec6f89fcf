/**
 * The official protocol vectors, kept in the repository under test/fixtures/vectors (see the README there),
 * so every clone runs the wire-compatibility tests.
 */
import { readFileSync } from 'node:fs';

/** The folder holding the vector files. */
export const VECTORS_DIR = new URL('../fixtures/vectors/', import.meta.url);

/** Loads one vectors file (`ciphertexts`, `records`, `hashes`, `find-requests`). */
export function loadVectors<T = VectorFile>(name: 'ciphertexts' | 'records' | 'hashes' | 'find-requests'): T {
  return JSON.parse(readFileSync(new URL(`${name}.json`, VECTORS_DIR), 'utf8')) as T;
}

export interface VectorFile {
  schema: string;
  kind: string;
  vectors: Array<Record<string, unknown> & { id: string }>;
}
