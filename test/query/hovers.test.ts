/**
 * What an editor shows on hover (the language service's quick info), measured in characters: a builder
 * after three calls, on storage and on a repository, and a country repository. Issue 27 asks for at most
 * 150 characters and no internal state (`ops`, `used`, `sorted`); the builder still shows its state today,
 * so these bounds are a ratchet on today's lengths (they may only go down), and no hover carries options.
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
    ['storageThree', 286],
    ['repositoryThree', 532],
    ['countryRepository', 435],
  ] as const)('%s: at most %i characters, no options or secrets', (name, atMost) => {
    const hover = ls.hoverAt(file, `${name} =`);
    console.info(`[hovers] ${name}: ${hover.length} characters`);
    expect(hover.startsWith(`const ${name}:`)).toBe(true);
    expect(hover.length).toBeLessThanOrEqual(atMost);
    expect(hover).not.toContain('hover-canary-secret');
    expect(hover).not.toContain('hashSearchKeys');
  });
});
