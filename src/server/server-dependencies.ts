/**
 * The local PoP runs on packages a client-only application never needs, so they are optional peer
 * dependencies of incountry-ts. The build routes every import of them through {@link loadServerDependency},
 * which turns "cannot find module" into one line naming the install command (see tsup.config.ts).
 */

/**
 * The local PoP's packages and the ranges it supports; package.json's `peerDependencies` must say the
 * same (test/server/server-dependencies.test.ts checks).
 *
 * @example
 * Object.keys(SERVER_DEPENDENCIES); // ['fastify', '@fastify/multipart', 'kysely', 'better-sqlite3', 'pg']
 */
export const SERVER_DEPENDENCIES = {
  fastify: '^5.12.8',
  '@fastify/multipart': '^10.1.9',
  kysely: '^0.28.18',
  'better-sqlite3': '^12.11.1',
  pg: '^8.23.1',
} as const satisfies Record<string, string>;

/** Thrown when `incountry-ts/server` (or `incountry pop`) is loaded without its packages installed. */
export class MissingServerDependencyError extends Error {
  declare readonly name: 'MissingServerDependencyError';
  /** A stable code for programmatic handling. */
  declare readonly code: 'ERR_INCOUNTRY_SERVER_DEPENDENCY';
  /** The packages that are not installed. */
  declare readonly missing: readonly string[];

  constructor(missing: readonly string[]) {
    super(missingDependencyMessage(missing));
    // Not enumerable, and no stack (it would only point into the bundle): an uncaught one prints one line.
    for (const [key, value] of [
      ['name', 'MissingServerDependencyError'],
      ['code', 'ERR_INCOUNTRY_SERVER_DEPENDENCY'],
      ['missing', missing],
      ['stack', `MissingServerDependencyError: ${this.message}`],
    ] as const)
      Object.defineProperty(this, key, { value, enumerable: false, writable: true, configurable: true });
  }
}

/**
 * The one-line message for missing server packages, with the exact install command.
 *
 * @example
 * missingDependencyMessage(['fastify', 'pg']);
 */
export function missingDependencyMessage(missing: readonly string[]): string {
  const all = Object.entries(SERVER_DEPENDENCIES).map(([name, range]) => `${name}@${range}`);
  return `incountry-ts/server cannot load: ${missing.join(', ')} not installed. Install the local PoP's packages (usually as dev dependencies): npm install -D ${all.join(' ')}`;
}

/**
 * Loads one server package through `load`; when it is not installed, throws
 * {@link MissingServerDependencyError} naming every server package `resolve` cannot find.
 *
 * @example
 * const fastify = loadServerDependency('fastify', () => require('fastify'), (id) => require.resolve(id));
 */
export function loadServerDependency<T>(name: string, load: () => T, resolve: (id: string) => unknown): T {
  try {
    return load();
  } catch (error) {
    if (!isModuleNotFound(error, name)) throw error;
    const missing = Object.keys(SERVER_DEPENDENCIES).filter((id) => {
      try {
        resolve(id);
        return false;
      } catch {
        return true;
      }
    });
    throw new MissingServerDependencyError(missing.length > 0 ? missing : [name]);
  }
}

function isModuleNotFound(error: unknown, name: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (
    (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    message.includes(`'${name}'`)
  );
}
