import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  loadServerDependency,
  MissingServerDependencyError,
  missingDependencyMessage,
  SERVER_DEPENDENCIES,
} from '../../src/server/server-dependencies.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};

function notFound(name: string): Error {
  return Object.assign(new Error(`Cannot find module '${name}'\nRequire stack:\n- /app/x.js`), {
    code: 'MODULE_NOT_FOUND',
  });
}

describe('server dependencies', () => {
  it('are optional peer dependencies with the ranges the loader names, and dev dependencies here', () => {
    for (const [name, range] of Object.entries(SERVER_DEPENDENCIES)) {
      expect(pkg.peerDependencies[name], name).toBe(range);
      expect(pkg.peerDependenciesMeta[name]?.optional, name).toBe(true);
      expect(pkg.devDependencies[name], name).toBe(range);
      expect(pkg.dependencies[name], name).toBeUndefined();
    }
  });

  it('a missing package becomes one line naming the missing ones and the exact npm install command', () => {
    const installed = new Set(['kysely', '@fastify/multipart']);
    const load = () =>
      loadServerDependency(
        'fastify',
        () => {
          throw notFound('fastify');
        },
        (id) => {
          if (!installed.has(id)) throw notFound(id);
          return id;
        },
      );
    expect(load).toThrow(MissingServerDependencyError);
    try {
      load();
    } catch (error) {
      const e = error as MissingServerDependencyError;
      expect(e.code).toBe('ERR_INCOUNTRY_SERVER_DEPENDENCY');
      expect(e.missing).toEqual(['fastify', 'better-sqlite3', 'pg']);
      expect(e.message).not.toContain('\n');
      expect(e.message).toBe(
        "incountry-ts/server cannot load: fastify, better-sqlite3, pg not installed. Install the local PoP's packages (usually as dev dependencies): npm install -D fastify@^5.12.8 @fastify/multipart@^10.1.9 kysely@^0.28.18 better-sqlite3@^12.11.1 pg@^8.23.1",
      );
      expect(e.stack).toBe(`MissingServerDependencyError: ${e.message}`);
      // Nothing but the message when Node prints it uncaught.
      expect(Object.keys(e)).toEqual([]);
    }
  });

  it('other load failures pass through unchanged (a broken install is not a missing one)', () => {
    const broken = new Error('The module was compiled against a different Node.js version');
    expect(() =>
      loadServerDependency(
        'better-sqlite3',
        () => {
          throw broken;
        },
        () => undefined,
      ),
    ).toThrow(broken);
    // A missing package *inside* an installed one is not ours to explain either.
    expect(() =>
      loadServerDependency(
        'pg',
        () => {
          throw notFound('pg-types');
        },
        () => undefined,
      ),
    ).toThrow("Cannot find module 'pg-types'");
  });

  it('an installed package is returned as loaded', () => {
    expect(
      loadServerDependency(
        'pg',
        () => 42,
        () => undefined,
      ),
    ).toBe(42);
  });

  it('the message is a single line for any set of missing packages', () => {
    expect(missingDependencyMessage(['pg'])).toMatch(
      /^incountry-ts\/server cannot load: pg not installed\. .*: npm install /,
    );
  });
});
