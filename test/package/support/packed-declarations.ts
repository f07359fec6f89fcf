/**
 * The package's declarations as a consumer installs them, without running the whole build: tsc emits the
 * declarations of src/ (tsconfig.build.json) into a temporary `node_modules/incountry-ts`, `.d.cts` copies
 * are made the way scripts/build.mjs makes them, and the packages a consumer has installed (zod, type-fest,
 * @types/node) are linked from this repository. Consumer programs are then compiled against it by package name.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** A temporary folder holding `node_modules/incountry-ts` (declarations and package.json only). */
export interface PackedDeclarations {
  readonly dir: string;
  /** Compiles `files` (name -> text, relative to `dir`) and returns the flattened diagnostics. */
  compile(files: Readonly<Record<string, string>>, options: ts.CompilerOptions): string[];
  remove(): void;
}

function emitDeclarations(outDir: string): void {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    resolve(root, 'tsconfig.build.json'),
    { outDir, noEmit: false, emitDeclarationOnly: true, declaration: true },
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error('cannot read tsconfig.build.json');
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  program.emit(undefined, (fileName, text) => {
    mkdirSync(dirname(fileName), { recursive: true });
    writeFileSync(fileName, text);
    // The same rewrite as scripts/build.mjs: relative specifiers './x.js' -> './x.cjs'.
    const cjs = text.replace(/(['"])(\.{1,2}\/[^'"]*?)\.js\1/g, '$1$2.cjs$1');
    writeFileSync(fileName.replace(/\.d\.ts$/, '.d.cts'), cjs);
  });
}

/**
 * Creates the folder (a few seconds: one declaration emit of src/).
 *
 * @example
 * const packed = packDeclarations();
 * packed.compile({ 'index.ts': "import { createStorage } from 'incountry-ts';" }, { module: ts.ModuleKind.NodeNext });
 */
export function packDeclarations(): PackedDeclarations {
  const dir = mkdtempSync(join(tmpdir(), 'incountry-ts-declarations-'));
  const pkgDir = join(dir, 'node_modules', 'incountry-ts');
  emitDeclarations(join(pkgDir, 'dist'));
  writeFileSync(join(pkgDir, 'package.json'), readFileSync(resolve(root, 'package.json')));
  for (const name of ['zod', 'type-fest', '@types/node', 'undici-types']) {
    mkdirSync(dirname(join(dir, 'node_modules', name)), { recursive: true });
    symlinkSync(resolve(root, 'node_modules', name), join(dir, 'node_modules', name), 'dir');
  }
  return {
    dir,
    compile(files, options) {
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), text);
      }
      const rootNames = Object.keys(files)
        .filter((name) => name.endsWith('.ts'))
        .map((name) => join(dir, name));
      const written = new Map<string, string>();
      const program = ts.createProgram({ rootNames, options });
      const emitted = options.noEmit
        ? []
        : program.emit(undefined, (fileName, text) => written.set(fileName, text)).diagnostics;
      return [...ts.getPreEmitDiagnostics(program), ...emitted].map((d) => {
        const at =
          d.file === undefined
            ? ''
            : `${d.file.fileName.slice(dir.length + 1)}(${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}): `;
        return `${at}TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
      });
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
