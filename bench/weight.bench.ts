/**
 * What loading and shipping the client costs a user (`npm run bench -- weight`), from the built package
 * (`npm run build` first; the bench builds when dist/ is missing):
 * - cold start: a fresh `node` importing `incountry-ts` (ESM) and requiring it (CommonJS), minus a bare
 *   `node`, median of runs; with `BENCH_OFFICIAL_SDK=<path to its package>` the official SDK's the same way;
 * - bundle size: esbuild bundles of a program that only calls `createStorage`, minified, ESM and CJS, raw
 *   and gzipped;
 * - type-check cost: instantiations of a consumer that imports the package and writes five queries, with
 *   `skipLibCheck` true and false, beside the same consumer importing only zod and @types/node.
 * Timings depend on the machine's load (recorded); sizes and instantiation counts do not.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import ts from 'typescript';
import { writeResults } from './support/measure.js';
import { addWeightSummary } from './support/summary.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_WEIGHT_RUNS ?? 11);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** A scratch project whose node_modules holds this package (a link to the repository) and its deps. */
function scratchProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'incountry-weight-'));
  mkdirSync(join(dir, 'node_modules', '@types'), { recursive: true });
  symlinkSync(root, join(dir, 'node_modules', 'incountry-ts'), 'dir');
  for (const dependency of ['zod', '@types/node', 'typescript'])
    symlinkSync(join(root, 'node_modules', dependency), join(dir, 'node_modules', dependency), 'dir');
  return dir;
}

function timeNode(cwd: string, args: readonly string[]): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [...args], { cwd, stdio: 'pipe' });
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${run.stderr.toString()}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function coldStart(cwd: string): Record<string, number> {
  const cases: Record<string, readonly string[]> = {
    'bare node': ['-e', ''],
    'import incountry-ts (ESM)': ['--input-type=module', '-e', "await import('incountry-ts')"],
    'require incountry-ts (CJS)': ['-e', "require('incountry-ts')"],
  };
  const official = process.env.BENCH_OFFICIAL_SDK;
  if (official) cases['require official SDK'] = ['-e', `require(${JSON.stringify(official)})`];
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  // Round robin, so a busy moment hurts every case alike.
  for (let i = 0; i < RUNS; i++)
    for (const [name, args] of Object.entries(cases)) samples[name]!.push(timeNode(cwd, args));
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
}

async function bundleSizes(cwd: string): Promise<Record<string, { raw: number; gzip: number }>> {
  const entry = join(cwd, 'program.mjs');
  writeFileSync(
    entry,
    "import { createStorage } from 'incountry-ts';\nexport const storage = createStorage({ environmentId: 'e', oauthToken: 't', encrypt: false });\n",
  );
  const sizes: Record<string, { raw: number; gzip: number }> = {};
  for (const format of ['esm', 'cjs'] as const) {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format,
      minify: true,
      write: false,
      absWorkingDir: cwd,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.contents;
    sizes[`createStorage only, ${format}, minified`] = { raw: code.length, gzip: gzipSync(code).length };
  }
  return sizes;
}

const FIVE_QUERIES = `
import { z } from 'zod';
import { createStorage, defineRepository } from 'incountry-ts';
const storage = await createStorage({ environmentId: 'e', oauthToken: 't', encrypt: false, options: { hashSearchKeys: false } });
const User = z.object({ id: z.string(), email: z.string(), age: z.number().int(), name: z.string() });
const users = defineRepository(storage, { model: User, fields: { id: 'record_key', email: 'key1', age: 'range_key1' } });
export const q1 = users.in('us').where('age').gte(18).sortBy('age', 'desc').limit(10);
export const q2 = users.in('us').where('email').like('example.com');
export const q3 = storage.in('us').where('key1').eq(['a', 'b']).where('range_key1').lt(5);
export const q4 = storage.in('de').or((o) => o.where('key1').eq('a').where('key2').eq('b'));
export const q5 = storage.find('us', { key1: 'a', range_key1: { $gte: 1 } }, { limit: 5 });
`;

const BASELINE = `
import { z } from 'zod';
import { Buffer } from 'node:buffer';
export const User = z.object({ id: z.string(), email: z.string(), age: z.number().int(), name: z.string() });
export const b = Buffer.from('x');
`;

function instantiations(cwd: string, source: string, skipLibCheck: boolean): number {
  const file = join(cwd, `consumer-${skipLibCheck}.mts`);
  writeFileSync(file, source);
  const program = ts.createProgram([file], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck,
    types: ['node'],
  });
  const errors = ts.getPreEmitDiagnostics(program);
  if (errors.length > 0)
    throw new Error(ts.formatDiagnostics(errors, ts.createCompilerHost({})).slice(0, 2000));
  return (program as unknown as { getInstantiationCount(): number }).getInstantiationCount();
}

/** Runs the weight bench and prints its table. */
export async function run(): Promise<void> {
  if (!existsSync(join(root, 'dist', 'index.js')))
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  const cwd = scratchProject();
  try {
    writeFileSync(join(cwd, 'package.json'), '{ "private": true, "type": "module" }\n');
    const start = coldStart(cwd);
    const bare = start['bare node'] ?? 0;
    console.log(`cold start, median of ${RUNS} (load average ${loadavg()[0]?.toFixed(1)}):`);
    for (const [name, ms] of Object.entries(start))
      console.log(
        `  ${name.padEnd(30)} ${ms.toFixed(0).padStart(5)} ms${name === 'bare node' ? '' : `   overhead ${(ms - bare).toFixed(0)} ms`}`,
      );
    const sizes = await bundleSizes(cwd);
    console.log('bundle (esbuild, platform node):');
    for (const [name, size] of Object.entries(sizes))
      console.log(
        `  ${name.padEnd(34)} ${(size.raw / 1024).toFixed(0).padStart(5)} KB   gzip ${(size.gzip / 1024).toFixed(0)} KB`,
      );
    const types = {
      'zod + @types/node only, skipLibCheck true': instantiations(cwd, BASELINE, true),
      'zod + @types/node only, skipLibCheck false': instantiations(cwd, BASELINE, false),
      'incountry-ts + 5 queries, skipLibCheck true': instantiations(cwd, FIVE_QUERIES, true),
      'incountry-ts + 5 queries, skipLibCheck false': instantiations(cwd, FIVE_QUERIES, false),
    };
    console.log('type-check cost (instantiations):');
    for (const [name, count] of Object.entries(types)) console.log(`  ${name.padEnd(46)} ${count}`);
    const ours =
      types['incountry-ts + 5 queries, skipLibCheck false'] -
      types['zod + @types/node only, skipLibCheck false'];
    console.log(`  over zod + @types/node with skipLibCheck false: ${ours}`);
    writeResults('weight', {
      coldStartMs: start,
      bundleBytes: sizes,
      instantiations: types,
      loadAverage: loadavg()[0],
    });
    addWeightSummary({ coldStartMs: start, bundleBytes: sizes, instantiations: types });
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}
