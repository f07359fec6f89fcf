/**
 * What an editor shows on hover (the language service's quick info), measured in characters: a builder
 * after three calls, on storage and on a repository, and a country repository. A builder shows a named
 * type with its field map and a `QueryState<filter, sort, limit, offset>`: what the query sends, none of
 * the rules' bookkeeping (`ops`, `used`, `sorted`); issue 27 asks for at most 150 characters on storage. A
 * repository's builder and the country repository name the model's type (its fields), not the zod schema:
 * `CountryRepository<TEntity, TFields, TConfig>` (435 characters when it named the schema). The repository
 * bounds are ratchets on today's lengths. No hover carries options or secrets.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createVirtualLanguageService, type VirtualLanguageService } from '../support/language-service.js';

const here = dirname(fileURLToPath(import.meta.url));
const file = resolve(here, '__hovers.generated.ts');

const source = `
import { z } from 'zod';
import { createStorage, defineRepository, SecretKeyAccessor } from '../../src/index.js';

export async function hovers() {
  const storage = await createStorage({
    environmentId: 'env',
    clientId: 'id',
    clientSecret: 'hover-canary-secret',
    secretKeyAccessor: new SecretKeyAccessor(() => 'x'),
    options: { hashSearchKeys: false },
  });
  const Invoice = z.object({
    id: z.string(), number: z.string(), status: z.enum(['new', 'paid']), cents: z.number().int(),
    a: z.string(), b: z.string(), c: z.string(), d: z.string(), e: z.string(),
  });
  const invoices = defineRepository(storage, { model: Invoice, fields: { id: 'record_key', number: 'key1', cents: 'range_key1' } });
  const storageThree = storage.in('us').where('key1').eq('a').sortBy('created_at', 'desc').limit(10);
  const repositoryThree = invoices.in('us').where('number').eq('a').sortBy('cents', 'desc').limit(10);
  const countryRepository = invoices.in('us');
  return [storageThree, repositoryThree, countryRepository];
}
`;

let ls: VirtualLanguageService;

describe('hover lengths (language service)', () => {
  beforeAll(() => {
    ls = createVirtualLanguageService({ [file]: source });
  });

  it.each([
    ['storageThree', 150, true],
    ['repositoryThree', 393, true],
    ['countryRepository', 321, false],
  ] as const)('%s: at most %i characters, no options or secrets', (name, atMost, isBuilder) => {
    const hover = ls.hoverAt(file, `${name} =`);
    console.info(`[hovers] ${name}: ${hover.length} characters\n${hover}`);
    expect(hover.startsWith(`const ${name}:`)).toBe(true);
    expect(hover.length).toBeLessThanOrEqual(atMost);
    expect(hover).not.toContain('hover-canary-secret');
    expect(hover).not.toContain('hashSearchKeys');
    if (isBuilder) {
      expect(hover).toContain('QueryBuilder<');
      expect(hover).toMatch(/QueryState<.*10, never>>$/s);
      expect(hover).not.toMatch(/\b(ops|used|sorted)\b/);
    }
  });

  it.each(['repositoryThree', 'countryRepository'])(
    '%s names the model type and its field map, not the zod schema',
    (name) => {
      const hover = ls.hoverAt(file, `${name} =`);
      expect(hover).toContain('readonly number: "key1"');
      expect(hover).toContain('status: "new" | "paid"');
      expect(hover).not.toContain('Zod');
    },
  );

  it('a country repository is named CountryRepository', () => {
    expect(ls.hoverAt(file, 'countryRepository =')).toMatch(/^const countryRepository: CountryRepository<\{/);
  });
});
