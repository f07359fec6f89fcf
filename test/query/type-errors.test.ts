/**
 * The compile-time half of rule-cases.ts: every case is compiled against the typed builders, and the
 * compiler's own diagnostic must carry `QueryTypeError<"<message>">` with exactly the text the run time
 * throws. One TypeScript program for all cases; only the generated file is checked.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATE_FIELDS, INTEGER_FIELDS, SORTABLE_FIELDS, STRING_KEYS } from '../../src/fields.js';
import { RULE_CASES } from './rule-cases.js';

const here = dirname(fileURLToPath(import.meta.url));
const snippetPath = resolve(here, '__rule-cases.generated.ts');
const typed = RULE_CASES.filter((c) => c.types);

/** The longest legal chain: a condition on every filterable field, every sortable field sorted (147 calls). */
const LONGEST = [
  'p()',
  ...STRING_KEYS.map((f) => `.where('${f}').eq('a')`),
  ...INTEGER_FIELDS.map((f) => `.where('${f}').gt(1).where('${f}').lte(9)`),
  ...DATE_FIELDS.map((f) => `.where('${f}').gte(new Date()).where('${f}').lt(new Date())`),
  ...SORTABLE_FIELDS.map((f) => `.sortBy('${f}', 'desc')`),
  '.limit(100).offset(1000).toQuery().filter.updated_at.$lt.length',
].join('');

const LEGAL = [
  LONGEST,
  "h().where('range_key3').gt(1).where('range_key3').lte(10).where('key1').eq(['a', 'b'])",
  "p().searchKeys('abc').where('record_key').eq('k').sortBy('key1', 'asc').limit(10).offset(20)",
  "p().or((b) => b.where('key2').eq('a').where('key3').not('b')).where('key1').like('x')",
  "u().where('email').eq('a').where('age').gte(18).sortBy('age', 'desc')",
];

function snippetSource(): string {
  const header = [
    "import { hashed, plain, users, widened } from './query-fixtures.js';",
    'const h = () => hashed();',
    'const p = () => plain();',
    'const u = () => users(); const w = () => widened();',
  ];
  const bodies = [...typed.map((c) => c.code), ...LEGAL].map(
    (code, i) => `export function case${i}() {\n  return ${code};\n}`,
  );
  return [...header, ...bodies].join('\n');
}

/**
 * Instantiation budget of checking the generated file (52 error cases and the legal controls, the longest
 * chain included): about 39k when measured (74k before issue 27). A type change that makes the builder much more expensive fails
 * here before users feel it in their editors.
 */
const INSTANTIATION_BUDGET = 150_000;

/** Diagnostics of the generated file, grouped by case index, and the program's instantiation count. */
function compileCases(): { byCase: Map<number, string[]>; instantiations: number } {
  const configPath = resolve(here, '../../tsconfig.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    { noEmit: true, skipLibCheck: true },
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error('cannot read tsconfig.json');
  const source = snippetSource();
  const host = ts.createCompilerHost(parsed.options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) =>
    resolve(fileName) === snippetPath
      ? ts.createSourceFile(fileName, source, languageVersion, true)
      : getSourceFile(fileName, languageVersion, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => resolve(fileName) === snippetPath || fileExists(fileName);
  const program = ts.createProgram({ rootNames: [snippetPath], options: parsed.options, host });
  const file = program.getSourceFile(snippetPath)!;
  const byCase = new Map<number, string[]>();
  for (const diagnostic of [
    ...program.getSyntacticDiagnostics(file),
    ...program.getSemanticDiagnostics(file),
  ]) {
    const line = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line;
    // Each case is three lines (header, return, brace) after the four-line header.
    const index = Math.floor((line - 4) / 3);
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    byCase.set(index, [...(byCase.get(index) ?? []), text]);
  }
  return { byCase, instantiations: program.getInstantiationCount() };
}

describe('compile-time rules: the compiler prints the run-time message', () => {
  let diagnostics: Map<number, string[]>;
  let instantiations: number;

  beforeAll(() => {
    ({ byCase: diagnostics, instantiations } = compileCases());
  });

  it.each(typed.map((c, i) => [`rule ${c.rule}: ${c.name}`, i, c.message] as const))(
    '%s',
    (_, index, message) => {
      expect(diagnostics.get(index)?.join('\n') ?? '(no error)').toContain(`QueryTypeError<"${message}">`);
    },
  );

  it('compiles the legal controls, the longest chain included, without errors', () => {
    const errors = LEGAL.flatMap((_, i) => diagnostics.get(typed.length + i) ?? []);
    expect(errors).toStrictEqual([]);
  });

  it(`stays within ${INSTANTIATION_BUDGET} type instantiations`, () => {
    console.info(`[type-errors] ${instantiations} instantiations`);
    expect(instantiations).toBeLessThan(INSTANTIATION_BUDGET);
  });
});
