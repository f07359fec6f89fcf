/**
 * The published build: ESM (`.js`) and CommonJS (`.cjs`) from the same sources. Declarations come from
 * `tsc` (scripts/build.mjs), so the types users see are exactly what the type tests check.
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
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

function serverDependencyPlugin(format: 'esm' | 'cjs'): Plugin {
  const filter = new RegExp(`^(${serverDependencies.map((d) => d.replace('/', '\\/')).join('|')})(\\/.*)?$`);
  // `name` is a JavaScript expression for the package name.
  const load = (name: string) =>
    `loadServerDependency(${name}, () => require(${name}), (id) => require.resolve(id))`;
  return {
    name: 'incountry-server-dependencies',
    setup(build) {
      build.onResolve({ filter: /^incountry-server-require$/ }, (args) => ({
        path: args.path,
        namespace: 'server-require',
      }));
      build.onResolve({ filter }, (args) =>
        args.namespace === 'server-dependency'
          ? { path: args.path, external: true }
          : { path: args.path, namespace: 'server-dependency' },
      );
      // CommonJS modules, so the server's named imports of CommonJS packages keep esbuild's interop.
      build.onLoad({ filter: /.*/, namespace: 'server-dependency' }, (args) => ({
        resolveDir: process.cwd(),
        loader: 'js',
        contents:
          format === 'esm'
            ? `module.exports = require('incountry-server-require').load(${JSON.stringify(args.path)});`
            : `module.exports = require(${JSON.stringify(loader)}).${load(JSON.stringify(args.path))};`,
      }));
      // ESM has no `require`: this one module makes its own, so only the server's chunks (never the
      // client's) use import.meta.url, and a client bundled to CommonJS does not call createRequire(undefined).
      build.onLoad({ filter: /.*/, namespace: 'server-require' }, () => ({
        resolveDir: process.cwd(),
        loader: 'js',
        contents: [
          "import { createRequire } from 'node:module';",
          `import { loadServerDependency } from ${JSON.stringify(loader)};`,
          'const require = createRequire(import.meta.url);',
          `export const load = (name) => ${load('name')};`,
        ].join('\n'),
      }));
    },
  };
}

/**
 * got's tree is bundled into both formats, and some of it (http2-wrapper, resolve-alpn) is CommonJS that
 * `require`s Node's built-ins. In an ESM file such a require compiles to esbuild's `__require`, which throws
 * "Dynamic require of "http2" is not supported" wherever `require` is not defined (our ESM dist without
 * shims, and any ESM bundle a user makes of it). Those requires become static `import … from 'node:…'`.
 */
function builtinImportPlugin(): Plugin {
  return {
    name: 'incountry-builtin-imports',
    setup(build) {
      build.onResolve({ filter: /^(node:)?[a-z0-9_/]+$/ }, (args) => {
        const name = args.path.replace(/^node:/, '');
        if (args.kind !== 'require-call' || !builtinModules.includes(name)) return undefined;
        return { path: name, namespace: 'builtin-import' };
      });
      // `require()` of a bundled ESM module returns its namespace, not the built-in itself: a CommonJS
      // stand-in hands on the default export of an ESM module that imports the built-in statically.
      build.onResolve({ filter: /^builtin-import:/ }, (args) => ({
        path: args.path,
        namespace: 'builtin-esm',
      }));
      build.onLoad({ filter: /.*/, namespace: 'builtin-import' }, (args) => ({
        loader: 'js',
        contents: `module.exports = require('builtin-import:${args.path}').default;`,
      }));
      build.onLoad({ filter: /.*/, namespace: 'builtin-esm' }, (args) => ({
        loader: 'js',
        contents: `import builtin from 'node:${args.path.slice('builtin-import:'.length)}';\nexport default builtin;`,
      }));
    },
  };
}

/**
 * got 14 and its tree: partly ESM-only (so the CommonJS build must carry a copy) and partly CommonJS that
 * requires Node's built-ins (so the ESM build carries one too, see builtinImportPlugin). Nothing of got
 * is in the declarations, so it is a devDependency.
 */
function dependencyTree(root: string, seen = new Set<string>()): string[] {
  if (seen.has(root)) return [...seen];
  seen.add(root);
  const manifest = JSON.parse(readFileSync(`node_modules/${root}/package.json`, 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  for (const dependency of Object.keys(manifest.dependencies ?? {})) dependencyTree(dependency, seen);
  return [...seen];
}

/**
 * zod/mini, zod's core and its English locale, which every client schema is built with (src/wire/lazy-schema.ts),
 * are bundled into dist/. Node reaches them only through barrels that load all of zod's locales (~90
 * files, ~35 ms of a cold `import`); a bundle keeps what the client uses. It stays one zod to the
 * application: zod keeps its configuration and registry on `globalThis` and answers `instanceof` by the
 * traits a schema or error carries, not by which copy made it. Classic `zod` stays external: the
 * repository and the PoP work with the application's own schemas, and the declarations name it.
 */
const bundledZod = /^zod\/(mini|v4\/core|locales)$/;

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
  noExternal: [...serverDependencies, ...dependencyTree('got'), bundledZod],
};

export default defineConfig([
  {
    ...common,
    entry: { ...entry, ...bin },
    format: 'esm',
    esbuildPlugins: [serverDependencyPlugin('esm'), builtinImportPlugin()],
  },
  {
    ...common,
    format: 'cjs',
    esbuildPlugins: [serverDependencyPlugin('cjs')],
    // import.meta.url from __filename where code uses it: the local PoP finds its inspector page beside
    // its code. Client chunks do not use it, so they get no shim (the package check bundles them).
    shims: true,
  },
]);
