/**
 * Type-checks extracted `@example` blocks with the TypeScript compiler API: each block becomes a module
 * of its own, with the public API imported in front, then the exports of the documented file and of its
 * sibling modules (so an internal helper's example can name its neighbours' types), and a shared ambient
 * context (`storage`, `pop`, `q`, `User` …) declared globally, so examples can stay short.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import type { SourceExample } from './extract-examples.js';

/** One example that does not compile. */
export interface ExampleFailure {
  readonly file: string;
  readonly symbol: string;
  /** Line of the `@example` tag in the source file. */
  readonly line: number;
  /** `line N: message` per diagnostic, N counted from the first line of the example. */
  readonly errors: readonly string[];
}

/** The public entry points, in the order their names are imported. */
const ENTRY_POINTS = [
  ['incountry-ts', 'src/index.ts'],
  ['incountry-ts/server', 'src/server/index.ts'],
  ['incountry-ts/nestjs', 'src/nestjs/index.ts'],
  ['incountry-ts/aws-kms', 'src/aws-kms/index.ts'],
  ['incountry-ts/otel', 'src/otel/index.ts'],
] as const;

/** Third-party names examples use without importing them. */
const LIBRARY_IMPORTS: ReadonlyArray<readonly [name: string, statement: string]> = [
  ['z', "import { z } from 'zod';"],
  ['dayjs', "import dayjs from 'dayjs';"],
  ['Kysely', "import { Kysely } from 'kysely';"],
];

/** The documented file first, then the other modules of its folder (tests and declarations excluded). */
function neighbourhood(file: string): string[] {
  const dir = dirname(file);
  const siblings = readdirSync(dir)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts') && !name.endsWith('.test.ts'))
    .map((name) => join(dir, name))
    .filter((path) => path !== file)
    .sort();
  return [file, ...siblings];
}

function compilerOptions(root: string): ts.CompilerOptions {
  const configPath = resolve(root, 'tsconfig.json');
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root);
  return {
    ...parsed.options,
    noEmit: true,
    // Examples import types and values alike in one statement; elision is fine here.
    verbatimModuleSyntax: false,
    isolatedModules: false,
    noUnusedLocals: false,
    noUnusedParameters: false,
    skipLibCheck: true,
    // NestJS examples use parameter decorators.
    experimentalDecorators: true,
    paths: Object.fromEntries(ENTRY_POINTS.map(([name, file]) => [name, [resolve(root, file)]])),
  };
}

/** Names a module exports (following `export *`). */
function exportNames(checker: ts.TypeChecker, file: ts.SourceFile | undefined): string[] {
  const symbol = file === undefined ? undefined : checker.getSymbolAtLocation(file);
  return symbol === undefined ? [] : checker.getExportsOfModule(symbol).map((s) => s.getName());
}

/** Names an example declares (or imports) at its top level, which the prelude must then leave alone. */
function declaredNames(code: string): Set<string> {
  const source = ts.createSourceFile('example.ts', code, ts.ScriptTarget.ES2022, false);
  const names = new Set<string>();
  const addBinding = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) addBinding(element.name);
  };
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) addBinding(d.name);
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEnumDeclaration(statement)) &&
      statement.name !== undefined
    ) {
      names.add(statement.name.text);
    } else if (ts.isImportDeclaration(statement) && statement.importClause !== undefined) {
      const clause = statement.importClause;
      if (clause.name) names.add(clause.name.text);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) for (const e of bindings.elements) names.add(e.name.text);
    }
  }
  return names;
}

function toJsSpecifier(file: string): string {
  return file.replace(/\.ts$/, '.js');
}

/**
 * Checks the examples; returns the ones that do not compile. `context` is TypeScript declared in the global
 * scope of every example (it may use `import('…')` types).
 *
 * @example
 * const failures = checkExamples('/repo', examples, 'declare const storage: import("incountry-ts").Storage;');
 */
export function checkExamples(
  root: string,
  examples: readonly SourceExample[],
  context: string,
): ExampleFailure[] {
  const options = compilerOptions(root);
  const documented = [...new Set(examples.map((e) => e.absoluteFile))].filter((f) => f.endsWith('.ts'));
  const sources = [...new Set(documented.flatMap(neighbourhood))];
  const entryFiles = ENTRY_POINTS.map(([, file]) => resolve(root, file));
  const base = ts.createProgram([...entryFiles, ...sources], options);
  const checker = base.getTypeChecker();

  const publicImports: string[] = [];
  const imported = new Set<string>();
  for (const [index, [, file]] of ENTRY_POINTS.entries()) {
    const names = exportNames(checker, base.getSourceFile(entryFiles[index]!)).filter(
      (n) => !imported.has(n),
    );
    for (const name of names) imported.add(name);
    publicImports.push(`{ ${names.join(', ')} } from '${toJsSpecifier(resolve(root, file))}'`);
  }

  const dir = resolve(root, 'node_modules/.cache/incountry-examples');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const contextFile = join(dir, 'context.d.ts');
  writeFileSync(contextFile, `${context}\n`);

  const files = examples.map((example, index) => {
    const declared = declaredNames(example.code);
    const lines: string[] = [];
    for (const statement of publicImports) {
      const [, list = '', from = ''] = /^\{ (.*) \} from (.*)$/.exec(statement) ?? [];
      const names = list.split(', ').filter((n) => n !== '' && !declared.has(n));
      lines.push(`import { ${names.join(', ')} } from ${from};`);
    }
    const taken = new Set([...imported, ...declared]);
    const modules = example.absoluteFile.endsWith('.ts') ? neighbourhood(example.absoluteFile) : [];
    for (const module of modules) {
      const names = exportNames(checker, base.getSourceFile(module)).filter((n) => !taken.has(n));
      for (const name of names) taken.add(name);
      if (names.length > 0) lines.push(`import { ${names.join(', ')} } from '${toJsSpecifier(module)}';`);
    }
    for (const [name, statement] of LIBRARY_IMPORTS) if (!taken.has(name)) lines.push(statement);
    const prelude = lines.join(' ');
    const path = join(dir, `example-${String(index).padStart(3, '0')}.mts`);
    // The prelude is one line, so example line N is file line N + 1.
    writeFileSync(path, `${prelude}\n${example.code}\nexport {};\n`);
    return { path, example };
  });

  const program = ts.createProgram([contextFile, ...files.map((f) => f.path)], options, undefined, base);
  const failures: ExampleFailure[] = [];
  for (const { path, example } of files) {
    const source = program.getSourceFile(path);
    if (source === undefined) continue;
    const diagnostics = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ];
    if (diagnostics.length === 0) continue;
    failures.push({
      file: example.file,
      symbol: example.symbol,
      line: example.line,
      errors: diagnostics.map((d) => {
        const line = d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line;
        const message = ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0] ?? '';
        return `line ${line}: ${message}`;
      }),
    });
  }
  return failures;
}
