/**
 * The type-test corpus (every file of test-d/) as one TypeScript program, with its imports of the built
 * declarations (../dist/…js) resolved to their sources in src/, so tests that count its messages or its
 * instantiations need no build.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = resolve(root, 'dist');

/** The corpus's program and its root file names. */
export function testDProgram(): { program: ts.Program; fileNames: string[] } {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    resolve(root, 'test-d/tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error('cannot read test-d/tsconfig.json');
  const host = ts.createCompilerHost(parsed.options);
  host.resolveModuleNameLiterals = (literals, containingFile, _redirect, options) =>
    literals.map((literal) => {
      const target = resolve(dirname(containingFile), literal.text);
      // Every entry point (dist/index.js, dist/aws-kms/index.js, …) is read from its source.
      if (target.startsWith(`${dist}/`) && target.endsWith('.js'))
        return {
          resolvedModule: {
            resolvedFileName: resolve(root, 'src', target.slice(dist.length + 1).replace(/\.js$/, '.ts')),
            extension: ts.Extension.Ts,
          },
        };
      return ts.resolveModuleName(literal.text, containingFile, options, host);
    });
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host });
  return { program, fileNames: parsed.fileNames };
}
