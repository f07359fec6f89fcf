/**
 * The published build: ESM (`.js`) and CommonJS (`.cjs`) from the same sources. Declarations come from
 * `tsc` (scripts/build.mjs), so the types users see are exactly what the type tests check.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { defineConfig, type Options } from 'tsup';

/** The package's entry points, one line each (package.json `exports` and `typesVersions` name the same subpaths). */
export const entry = {
  index: 'src/index.ts',
  'server/index': 'src/server/index.ts',
  'nestjs/index': 'src/nestjs/index.ts',
  'aws-kms/index': 'src/aws-kms/index.ts',
  'otel/index': 'src/otel/index.ts',
};
/** The `incountry` command: ESM only (it is run, never imported, and uses top-level await). */
const bin = { 'cli/main': 'src/cli/main.ts' };

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** The local PoP's packages (optional peers): every import of them goes through loadServerDependency. */
const serverDependencies = ['fastify', '@fastify/multipart', 'kysely', 'better-sqlite3', 'pg'];
const loader = fileURLToPath(new URL('./src/server/server-dependencies.ts', import.meta.url));

function serverDependencyPlugin(): Plugin {
  const filter = new RegExp(`^(${serverDependencies.map((d) => d.replace('/', '\\/')).join('|')})(\\/.*)?$`);
  return {
    name: 'incountry-server-dependencies',
    setup(build) {
      build.onResolve({ filter }, (args) =>
        args.namespace === 'server-dependency'
          ? { path: args.path, external: true }
          : { path: args.path, namespace: 'server-dependency' },
      );
      build.onLoad({ filter: /.*/, namespace: 'server-dependency' }, (args) => ({
        resolveDir: process.cwd(),
        loader: 'js',
        contents: `module.exports = require(${JSON.stringify(loader)}).loadServerDependency(${JSON.stringify(args.path)}, () => require(${JSON.stringify(args.path)}), (id) => require.resolve(id));`,
      }));
    },
  };
}

/** got 14 and the packages it pulls in are ESM-only: the CommonJS build carries its own copy. */
function dependencyTree(root: string, seen = new Set<string>()): string[] {
  if (seen.has(root)) return [...seen];
  seen.add(root);
  const manifest = JSON.parse(readFileSync(`node_modules/${root}/package.json`, 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  for (const dependency of Object.keys(manifest.dependencies ?? {})) dependencyTree(dependency, seen);
  return [...seen];
}

const common: Options = {
  entry,
  outDir: 'dist',
  target: 'node20',
  platform: 'node',
  splitting: true,
  sourcemap: false,
  dts: false,
  shims: false,
  removeNodeProtocol: false,
  treeshake: false,
  define: { __INCOUNTRY_TS_VERSION__: JSON.stringify(pkg.version) },
  noExternal: serverDependencies,
  esbuildPlugins: [serverDependencyPlugin()],
};

export default defineConfig([
  {
    ...common,
    entry: { ...entry, ...bin },
    format: 'esm',
    // The server-dependency loader needs `require` (the PoP's packages are CommonJS).
    banner: {
      js: "import { createRequire as __incountryCreateRequire } from 'node:module';\nconst require = __incountryCreateRequire(import.meta.url);",
    },
  },
  {
    ...common,
    format: 'cjs',
    noExternal: [...serverDependencies, ...dependencyTree('got')],
    // import.meta.url from __filename: the local PoP finds its inspector page beside its code.
    shims: true,
  },
]);
