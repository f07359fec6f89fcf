/**
 * What a bundler keeps of the built client (scripts/package-check/client-bundle.mjs, also run by
 * `npm run test:types`): esbuild bundles a program that only calls createStorage from dist/, and its
 * metafile and top-level names show what went in. Skipped before the first build, like client-entry.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clientBundle, clientBundleProblems } from '../../scripts/package-check/client-bundle.mjs';

describe.skipIf(!existsSync('dist/index.js'))('a createStorage-only bundle of dist/', () => {
  it('takes no file of another entry or its packages, and of zod only zod/mini, its core and the en locale', async () => {
    const bundle = await clientBundle();
    // zod/mini comes inside dist/ (tsup.config.ts bundles it), so nothing is read from node_modules/zod.
    expect(bundle.inputs.filter((input) => input.includes('node_modules/zod/'))).toEqual([]);
    expect(bundle.zod.some((module) => module.includes('/v4/mini/'))).toBe(true);
    expect(
      bundle.zod.filter((module) => module.includes('/locales/') && !module.endsWith('/index.js')),
    ).toEqual(['node_modules/zod/v4/locales/en.js']);
    expect(clientBundleProblems(bundle).filter((problem) => !problem.includes('tree-shaken'))).toEqual([]);
  });

  it('keeps no top-level declaration of the repository layer, the PoP, the CLI or Nest, nor a PoP-only schema', async () => {
    const bundle = await clientBundle();
    expect(bundle.declared.has('createStorage')).toBe(true);
    expect(clientBundleProblems(bundle)).toEqual([]);
  });
});
