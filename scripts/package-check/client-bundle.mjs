/**
 * What a bundler keeps of the client (docs/architecture.md#import-time-work): esbuild bundles a program that
 * only calls `createStorage` from the built package, and the bundle's metafile lists the files that went
 * in. test/package/client-bundle.test.ts and `npm run test:types` check that list: no file of another
 * entry (server, CLI, Nest, OpenTelemetry, AWS KMS), no package of theirs, and of zod only zod/mini, its
 * core and the English locale (classic zod stays out). Those three are part of dist/ (tsup.config.ts
 * bundles them), so the zod the bundle holds is read from the `// node_modules/zod/…` heads of the dist
 * files that went in. Tree-shaking inside our chunks is checked by name:
 * no top-level declaration of the repository layer, the PoP, the CLI or the Nest module, and none of the
 * wire schemas only the PoP parses, is left in the (unminified) bundle.
 *
 * Usage: node scripts/package-check/client-bundle.mjs   (after `npm run build`; exits 1 listing problems)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The program: it imports and calls createStorage only. */
export const CLIENT_PROGRAM = `import { createStorage } from './dist/index.js';
export const storage = createStorage({ environmentId: 'e', oauthToken: 't', encrypt: false });
`;

/** Files of the other entries, and the packages only they use. */
const OTHER_ENTRIES = /^dist\/(server|cli|nestjs|otel|aws-kms)\/|^dist\/local-pop-/;
const OTHER_PACKAGES =
  /node_modules\/(fastify|@fastify|kysely|better-sqlite3|pg|@nestjs|@opentelemetry|@aws-sdk|commander|cli-progress)\//;
/** Of zod: zod/mini, its core and the English locale (lazy-schema.ts installs it). */
const ZOD_ALLOWED =
  /node_modules\/zod\/(v4\/core\/|v4\/mini\/|mini\/|v4\/locales\/(en|index)\.js$|locales\/index\.js$)/;
/** Folders of src/ whose top-level declarations must not survive in a createStorage-only bundle. */
const ABSENT_FOLDERS = ['repository', 'server', 'cli', 'nestjs', 'otel', 'aws-kms'];
/** Wire schemas only the PoP parses: a client bundle that keeps them does not tree-shake. */
const POP_ONLY_SCHEMAS = [
  'wireFullRecordSchema',
  'wireWriteRecordSchema',
  'batchWriteBodySchema',
  'batchDeleteBodySchema',
  'updateAttachmentMetaBodySchema',
  'tokenRequestSchema',
  'findRequestSchema',
];

const TOP_LEVEL_DECLARATION =
  /^(?:export )?(?:async )?(?:function\*?|class|var|let|const) ([A-Za-z_$][\w$]*)/;

/**
 * Names declared at the top level of code that came from ABSENT_FOLDERS and from nowhere else, read from
 * dist/'s ESM files: tsup heads each module's code with a `// src/<path>` (or `// node_modules/…`) line.
 */
function absentNames() {
  const dist = join(root, 'dist');
  const origins = new Map();
  for (const file of readdirSync(dist, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.js')) continue;
    let origin = 'other';
    for (const line of readFileSync(join(dist, file), 'utf8').split('\n')) {
      const from = /^\/\/ (src\/[\w-]+|node_modules)\//.exec(line);
      if (from) origin = from[1] === 'node_modules' ? 'other' : from[1].slice('src/'.length);
      const name = TOP_LEVEL_DECLARATION.exec(line)?.[1];
      if (name === undefined) continue;
      const seen = origins.get(name) ?? new Set();
      seen.add(ABSENT_FOLDERS.includes(origin) ? origin : 'other');
      origins.set(name, seen);
    }
  }
  return [...origins].filter(([, seen]) => !seen.has('other')).map(([name, seen]) => [name, [...seen][0]]);
}

/**
 * The createStorage-only program bundled from dist/: the input files that contribute code (the metafile
 * also lists those parsed and then dropped whole) and the names declared at the top level of the code
 * that comes from dist/ (unminified, esbuild heads each input's code with a `// <path>` line).
 */
export async function clientBundle() {
  const result = await build({
    stdin: { contents: CLIENT_PROGRAM, resolveDir: root, sourcefile: 'program.mjs', loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    metafile: true,
    outfile: join(root, 'client-bundle.js'),
    absWorkingDir: root,
    logLevel: 'silent',
  });
  const [output] = Object.values(result.metafile.outputs);
  const inputs = Object.entries(output.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path);
  const zod = new Set(inputs.filter((input) => input.includes('node_modules/zod/')));
  for (const input of inputs.filter((path) => path.startsWith('dist/')))
    for (const head of readFileSync(join(root, input), 'utf8').matchAll(/^\/\/ (node_modules\/zod\/\S+)$/gm))
      zod.add(head[1]);
  const declared = new Set();
  let fromDist = false;
  for (const line of result.outputFiles[0].text.split('\n')) {
    const from = /^\/\/ (\S+\.[cm]?js)$/.exec(line);
    if (from) fromDist = from[1].startsWith('dist/');
    const name = fromDist ? TOP_LEVEL_DECLARATION.exec(line)?.[1] : undefined;
    if (name !== undefined) declared.add(name);
  }
  return { inputs, zod: [...zod].sort(), declared };
}

/** Why the bundle holds more than the client needs; empty when it does not. */
export function clientBundleProblems({ inputs, zod, declared }) {
  const problems = [];
  for (const input of inputs) {
    if (OTHER_ENTRIES.test(input)) problems.push(`${input}: a file of another entry`);
    else if (OTHER_PACKAGES.test(input)) problems.push(`${input}: a package of another entry`);
  }
  for (const module of zod)
    if (!ZOD_ALLOWED.test(module))
      problems.push(`${module}: zod beyond zod/mini, its core and the English locale`);
  // tsup renames a name two modules of one chunk declare (name2); the bundle keeps its spelling.
  const declares = (name) => [...declared].some((d) => d === name || new RegExp(`^${name}\\d+$`).test(d));
  for (const [name, folder] of absentNames())
    if (declares(name)) problems.push(`${name} (src/${folder}/): not tree-shaken`);
  for (const name of POP_ONLY_SCHEMAS)
    if (declares(name)) problems.push(`${name} (a schema only the PoP parses): not tree-shaken`);
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bundle = await clientBundle();
  const problems = clientBundleProblems(bundle);
  for (const problem of problems) console.error(`createStorage-only bundle: ${problem}`);
  if (problems.length === 0)
    console.log(`createStorage-only bundle: ${bundle.inputs.length} inputs, nothing beyond the client`);
  process.exit(problems.length > 0 ? 1 : 0);
}
