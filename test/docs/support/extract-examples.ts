/**
 * Finds every `@example` block in the sources, with the file and the (qualified) symbol it documents.
 * Comments are read from the raw text rather than TypeScript's JSDoc tags, because a decorator at the start
 * of an example line (`@Module(…)`) would otherwise be taken for a new tag.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** One `@example` block. */
export interface SourceExample {
  /** Path relative to the repository root. */
  readonly file: string;
  /** Absolute path of the documented file. */
  readonly absoluteFile: string;
  /** The documented symbol, qualified by its containers (`QueryBuilder.where`). */
  readonly symbol: string;
  /** 1-based line of the `@example` tag. */
  readonly line: number;
  readonly code: string;
}

/** Tags that end an example; anything else starting with `@` is code (decorators). */
const JSDOC_TAGS = new Set([
  'example',
  'param',
  'returns',
  'return',
  'remarks',
  'see',
  'deprecated',
  'internal',
  'typeParam',
  'template',
  'throws',
  'default',
  'defaultValue',
  'since',
  'category',
  'experimental',
  'alpha',
  'beta',
  'public',
  'privateRemarks',
  'packageDocumentation',
  'module',
]);

/** Every `.ts` source file below `dir` (declaration files excluded). */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function nameOf(node: ts.Node): string | undefined {
  if (ts.isVariableStatement(node)) {
    return node.declarationList.declarations.map((d) => d.name.getText()).join(', ');
  }
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const name = ts.getNameOfDeclaration(node as ts.Declaration);
  return name?.getText();
}

/** The example blocks of one JSDoc comment's text. */
function examplesOf(comment: string): Array<{ offsetLine: number; code: string }> {
  const lines = comment
    .replace(/^\/\*\*/, '')
    .replace(/\*\/$/, '')
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, ''));
  const out: Array<{ offsetLine: number; code: string }> = [];
  let current: { offsetLine: number; lines: string[] } | undefined;
  lines.forEach((line, index) => {
    const tag = /^@(\w+)/.exec(line.trim())?.[1];
    if (tag !== undefined && JSDOC_TAGS.has(tag)) {
      if (current !== undefined) out.push({ offsetLine: current.offsetLine, code: current.lines.join('\n') });
      current =
        tag === 'example'
          ? { offsetLine: index, lines: [line.trim().slice('@example'.length).trim()] }
          : undefined;
      return;
    }
    current?.lines.push(line);
  });
  if (current !== undefined) out.push({ offsetLine: current.offsetLine, code: current.lines.join('\n') });
  // A fenced example (```ts … ```) keeps TypeDoc from reading `@ts-expect-error` as a tag; the fences go.
  return out
    .map((e) => ({ offsetLine: e.offsetLine, code: e.code.replace(/^```\w*\s*$/gm, '').trim() }))
    .filter((e) => e.code.length > 0);
}

/**
 * Extracts the examples of one file.
 *
 * @example
 * extractExamples('/repo', '/repo/src/fields.ts'); // [{ file: 'src/fields.ts', symbol: 'isOneOf', … }]
 */
export function extractExamples(root: string, absoluteFile: string): SourceExample[] {
  const text = readFileSync(absoluteFile, 'utf8');
  const source = ts.createSourceFile(absoluteFile, text, ts.ScriptTarget.ES2022, true);
  const file = relative(root, absoluteFile);
  const found: SourceExample[] = [];
  const seen = new Set<number>();

  const visit = (node: ts.Node, containers: readonly string[]): void => {
    const name = nameOf(node);
    const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
    for (const doc of docs) {
      if (seen.has(doc.pos)) continue;
      seen.add(doc.pos);
      const startLine = source.getLineAndCharacterOfPosition(doc.getStart()).line + 1;
      for (const example of examplesOf(doc.getText())) {
        found.push({
          file,
          absoluteFile,
          symbol: [...containers, name ?? '(file)'].join('.'),
          line: startLine + example.offsetLine,
          code: example.code,
        });
      }
    }
    const inner =
      name !== undefined &&
      (ts.isClassDeclaration(node) ||
        ts.isInterfaceDeclaration(node) ||
        ts.isModuleDeclaration(node) ||
        ts.isTypeAliasDeclaration(node) ||
        ts.isFunctionDeclaration(node))
        ? [...containers, name]
        : containers;
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(source, []);
  return found;
}

/**
 * Extracts the ```ts code blocks of a Markdown guide (other languages are left alone).
 *
 * @example
 * extractCodeBlocks('/repo', '/repo/docs/repositories.md'); // [{ file: 'docs/repositories.md', symbol: 'block 1', … }]
 */
export function extractCodeBlocks(root: string, absoluteFile: string): SourceExample[] {
  const lines = readFileSync(absoluteFile, 'utf8').split('\n');
  const file = relative(root, absoluteFile);
  const found: SourceExample[] = [];
  let open: { line: number; code: string[] } | undefined;
  lines.forEach((line, index) => {
    if (open === undefined) {
      if (/^```(ts|typescript)\s*$/.test(line)) open = { line: index + 1, code: [] };
      return;
    }
    if (/^```\s*$/.test(line)) {
      found.push({
        file,
        absoluteFile,
        symbol: `block ${found.length + 1}`,
        line: open.line,
        code: open.code.join('\n'),
      });
      open = undefined;
      return;
    }
    open.code.push(line);
  });
  return found;
}
