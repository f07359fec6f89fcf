/**
 * What the editor offers inside a field-name argument: the TypeScript language service is asked for
 * completions at `where('`, `sortBy('` and an `or()` branch's `where('`, on storage builders and on a
 * repository. Legal names are listed; names the call would reject are not.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { FILTERABLE_FIELDS, SEARCH_KEYS, SORTABLE_FIELDS, STRING_KEYS } from '../../src/fields.js';
import { createVirtualLanguageService, type VirtualLanguageService } from '../support/language-service.js';

const here = dirname(fileURLToPath(import.meta.url));
const file = resolve(here, '__completions.generated.ts');

const source = `
import { z } from 'zod';
import { defineRepository, type PlainSearchKeys, type HashedSearchKeys, type Storage } from '../../src/index.js';
import { hashed, plain, users } from './query-fixtures.js';

declare const plainStorage: Storage<PlainSearchKeys>;
declare const hashedStorage: Storage<HashedSearchKeys>;
const User = z.object({ id: z.string(), email: z.string(), age: z.number().int(), joined: z.date().optional() });
const fields = { id: 'record_key', email: 'key1', age: 'range_key1', joined: 'expires_at' } as const;
const plainUsers = defineRepository(plainStorage, { model: User, fields }).in('us');
const hashedUsers = defineRepository(hashedStorage, { model: User, fields }).in('us');

hashed().where('/*storage-where*/');
hashed().sortBy('/*hashed-sort*/', 'asc');
plain().sortBy('/*plain-sort*/', 'asc');
plain().where('key1').eq('a').where('/*second-where*/');
plain().or((b) => b.where('/*or-where*/').eq('a').where('key2').eq('b'));
plain().$dynamic().where('/*dynamic-where*/');
users().where('/*fields-where*/');
plainUsers.where('/*repo-where*/');
plainUsers.sortBy('/*repo-plain-sort*/', 'asc');
hashedUsers.sortBy('/*repo-hashed-sort*/', 'asc');
hashedUsers.or((b) => b.where('/*repo-or-where*/').eq('a').where('email').eq('b'));
`;

let ls: VirtualLanguageService;

/** Completions right after the opening quote before `/*marker*\/`. */
function completionsAt(marker: string): string[] {
  const position = ls.offsetOf(file, `/*${marker}*/`);
  const info = ls.service.getCompletionsAtPosition(file, position, {});
  return (info?.entries ?? []).map((e) => e.name).sort();
}

const sorted = (names: readonly string[]) => [...names].sort();
const NOT_SEARCH_KEYS = SORTABLE_FIELDS.filter((f) => !(SEARCH_KEYS as readonly string[]).includes(f));

describe('field-name completions (language service)', () => {
  beforeAll(() => {
    ls = createVirtualLanguageService({ [file]: source });
  });

  it('where() on storage lists every filterable field', () => {
    expect(completionsAt('storage-where')).toEqual(sorted(FILTERABLE_FIELDS));
    expect(completionsAt('storage-where')).not.toContain('body');
  });

  it('where() after other conditions and on a dynamic builder still lists them', () => {
    expect(completionsAt('second-where')).toEqual(sorted(FILTERABLE_FIELDS));
    expect(completionsAt('dynamic-where')).toEqual(sorted(FILTERABLE_FIELDS));
  });

  it('sortBy() lists the sortable fields; key1..key20 only with plain search keys', () => {
    expect(completionsAt('plain-sort')).toEqual(sorted(SORTABLE_FIELDS));
    expect(completionsAt('hashed-sort')).toEqual(sorted(NOT_SEARCH_KEYS));
    expect(completionsAt('hashed-sort')).not.toContain('key1');
  });

  it('an or() branch lists string keys only', () => {
    expect(completionsAt('or-where')).toEqual(sorted(STRING_KEYS));
    expect(completionsAt('or-where')).not.toContain('range_key1');
  });

  it('a field map lists its own names', () => {
    expect(completionsAt('fields-where')).toEqual(['age', 'email', 'id', 'joined', 'name']);
  });

  it('a repository lists model field names: all in where(), sortable ones in sortBy(), string slots in or()', () => {
    expect(completionsAt('repo-where')).toEqual(['age', 'email', 'id', 'joined']);
    expect(completionsAt('repo-plain-sort')).toEqual(['age', 'email', 'joined']);
    expect(completionsAt('repo-hashed-sort')).toEqual(['age', 'joined']);
    expect(completionsAt('repo-or-where')).toEqual(['email', 'id']);
  });
});
