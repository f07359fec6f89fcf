/**
 * package.json's entry points agree with the build's (tsup.config.ts): adding a subpath means one line
 * there and its `exports` / `typesVersions` entries here. The built package itself is checked by
 * scripts/check-package.sh (publint, attw, the consumer matrix).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { entry } from '../../tsup.config.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  exports: Record<string, unknown>;
  typesVersions: Record<string, Record<string, string[]>>;
  engines: { node: string };
  peerDependencies: Record<string, string>;
};

const subpaths = Object.keys(entry).map((name) =>
  name === 'index' ? '.' : `./${name.replace(/\/index$/, '')}`,
);

describe('package.json entry points', () => {
  it.each(subpaths)(
    '%s has types, import, require and default conditions pointing at the build',
    (subpath) => {
      const base = subpath === '.' ? './dist/' : `./dist/${subpath.slice(2)}/`;
      expect(pkg.exports[subpath]).toEqual({
        import: { types: `${base}index.d.ts`, default: `${base}index.js` },
        require: { types: `${base}index.d.cts`, default: `${base}index.cjs` },
        default: `${base}index.js`,
      });
    },
  );

  it('every subpath resolves under moduleResolution node10 too (typesVersions)', () => {
    const expected = Object.fromEntries(
      subpaths.filter((s) => s !== '.').map((s) => [s.slice(2), [`./dist/${s.slice(2)}/index.d.cts`]]),
    );
    expect(pkg.typesVersions).toEqual({ '*': expected });
  });

  it('exports nothing the build does not produce', () => {
    expect(Object.keys(pkg.exports).sort()).toEqual([...subpaths, './package.json'].sort());
  });

  it('states the Node and TypeScript minimums', () => {
    expect(pkg.engines.node).toBe('^20.19.0 || ^22.12.0 || ^24.0.0 || ^26.0.0');
    expect(pkg.peerDependencies.typescript).toBe('>=5.5');
  });
});
