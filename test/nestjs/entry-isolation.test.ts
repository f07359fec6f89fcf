/**
 * Users without NestJS pay nothing: no module reachable from the root or server entry points imports
 * `@nestjs/*`, and the nestjs entry loads the PoP server only on demand (IncountryTestingModule). Likewise
 * only the aws-kms entry imports `@aws-sdk/*`, and only the otel entry `@opentelemetry/api` (optional peer
 * dependencies).
 * The graph is read from the emitted JavaScript, so type-only imports do not count; the error -> HTTP
 * mapping is also loaded for real in a process where @nestjs/* cannot be resolved.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

const importsCache = new Map<string, { static: string[]; dynamic: string[] }>();

/** Static (`import … from`, `export … from`) and dynamic (`import()`) specifiers of one emitted module. */
function importsOf(file: string): { static: string[]; dynamic: string[] } {
  const cached = importsCache.get(file);
  if (cached !== undefined) return cached;
  const js = ts.transpileModule(readFileSync(file, 'utf8'), {
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: false,
    },
  }).outputText;
  const statics = [...js.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]/gm)].map(
    (m) => m[1]!,
  );
  const bare = [...js.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
  const dynamic = [...js.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!);
  const imports = { static: [...statics, ...bare], dynamic };
  importsCache.set(file, imports);
  return imports;
}

/** Every module statically reachable from an entry, and the packages they import. */
function staticGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [resolve(SRC, entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of importsOf(file).static) {
      if (specifier.startsWith('.')) queue.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else packages.add(specifier);
    }
  }
  return { files, packages };
}

describe('entry point isolation', () => {
  it.each(['index.ts', 'server/index.ts'])('%s never imports @nestjs', (entry) => {
    const { packages, files } = staticGraph(entry);
    expect(files.size).toBeGreaterThan(10); // the walk really followed the imports
    expect(
      [...packages].filter((p) => p.startsWith('@nestjs') || p === 'reflect-metadata' || p === 'rxjs'),
    ).toEqual([]);
    expect([...files].filter((f) => f.includes('/nestjs/'))).toEqual([]);
  });

  it.each(['index.ts', 'server/index.ts', 'nestjs/index.ts'])('%s never imports @aws-sdk', (entry) => {
    const { packages, files } = staticGraph(entry);
    expect([...packages].filter((p) => p.startsWith('@aws-sdk') || p.startsWith('@smithy'))).toEqual([]);
    expect([...files].filter((f) => f.includes('/aws-kms/'))).toEqual([]);
    for (const file of files) expect(importsOf(file).dynamic.filter((d) => d.includes('aws'))).toEqual([]);
  });

  it('the aws-kms entry imports @aws-sdk/client-kms and neither NestJS nor the server', () => {
    const { packages, files } = staticGraph('aws-kms/index.ts');
    expect(packages).toContain('@aws-sdk/client-kms');
    expect([...packages].filter((p) => p.startsWith('@nestjs'))).toEqual([]);
    expect([...files].filter((f) => f.includes('/server/') || f.includes('/nestjs/'))).toEqual([]);
  });

  it.each(['index.ts', 'server/index.ts', 'nestjs/index.ts', 'aws-kms/index.ts'])(
    '%s never imports @opentelemetry',
    (entry) => {
      const { packages, files } = staticGraph(entry);
      expect([...packages].filter((p) => p.startsWith('@opentelemetry'))).toEqual([]);
      expect([...files].filter((f) => f.includes('/otel/'))).toEqual([]);
    },
  );

  it('the otel entry imports no package but @opentelemetry/api, and neither NestJS nor the server', () => {
    const { packages, files } = staticGraph('otel/index.ts');
    expect([...packages].filter((p) => !p.startsWith('node:'))).toEqual(['@opentelemetry/api']);
    expect([...files].filter((f) => f.includes('/server/') || f.includes('/nestjs/'))).toEqual([]);
  });

  it('the nestjs entry loads the local PoP only lazily', () => {
    const { files } = staticGraph('nestjs/index.ts');
    expect([...files].filter((f) => f.includes('/server/'))).toEqual([]);
    expect(importsOf(resolve(SRC, 'nestjs/incountry-testing-module.ts')).dynamic).toEqual([
      '../server/local-pop.js',
    ]);
  });

  it('the client entry serves the error -> HTTP mapping with @nestjs/* unresolvable', () => {
    // A resolve hook makes every @nestjs/* import fail, as in an app that never installed NestJS.
    const hook = `export async function resolve(specifier, context, next) {
      if (specifier.startsWith('@nestjs/')) throw new Error('not installed: ' + specifier);
      return next(specifier, context);
    }`;
    const script = `
      import { register } from 'node:module';
      register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));
      const client = await import(${JSON.stringify(pathToFileURL(resolve(SRC, 'index.ts')).href)});
      const answer = client.storageErrorResponse(new client.InputValidationError('save() call failed: the entity does not match the model: id: Required', { issues: [] }));
      const written = [];
      client.storageErrorMiddleware()(new client.StorageNetworkError('down'), {}, {
        headersSent: false,
        status: (code) => ({ json: (body) => written.push(code, body.error) }),
      }, () => written.push('next'));
      const nest = await import(${JSON.stringify(pathToFileURL(resolve(SRC, 'nestjs/index.ts')).href)}).then(
        () => 'loaded',
        (error) => error.message,
      );
      console.log(JSON.stringify({ status: answer.status, written, nest }));
    `;
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(JSON.parse(output)).toEqual({
      status: 400,
      written: [503, 'NETWORK_ERROR'],
      nest: 'not installed: @nestjs/common',
    });
  });
});
