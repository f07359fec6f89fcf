/**
 * The packages an entry file loads: follows its relative imports (ESM `import`/`export … from`, dynamic
 * `import()`, CommonJS `require()`) and collects every bare specifier on the way. check-package.sh and
 * test/package/client-entry.test.ts use it to show that the client entry never loads OpenTelemetry.
 *
 * Usage: node scripts/package-check/client-imports.mjs dist/index.js dist/index.cjs
 *   (exits 1 naming the file if any of them reaches an @opentelemetry package)
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])([^'"]+)\1/gm;

function resolveRelative(from, specifier) {
  const base = resolve(dirname(from), specifier);
  // Sources import './x.js' for './x.ts'; built files name themselves.
  for (const candidate of [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, `${base}/index.ts`])
    if (existsSync(candidate) && !candidate.endsWith('/')) return candidate;
  return undefined;
}

/** Bare specifiers reachable from `entry`, with the first file that imports each. */
export function bareImports(entry) {
  const seen = new Set();
  const found = new Map();
  const queue = [resolve(entry)];
  while (queue.length > 0) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    // Comments hold examples (`import … from '@opentelemetry/instrumentation-http'`), not imports.
    const text = readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    for (const match of text.matchAll(SPECIFIER)) {
      const specifier = match[2];
      if (specifier.startsWith('.')) {
        const target = resolveRelative(file, specifier);
        if (target !== undefined) queue.push(target);
      } else if (!found.has(specifier)) found.set(specifier, file);
    }
  }
  return found;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let failed = false;
  for (const entry of process.argv.slice(2)) {
    const otel = [...bareImports(entry)].filter(([specifier]) => specifier.startsWith('@opentelemetry/'));
    for (const [specifier, file] of otel) console.error(`${entry} loads ${specifier} (through ${file})`);
    failed ||= otel.length > 0;
    if (otel.length === 0) console.log(`${entry}: no @opentelemetry import`);
  }
  process.exit(failed ? 1 : 0);
}
