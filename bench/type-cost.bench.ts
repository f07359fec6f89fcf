/**
 * What the query types cost an application, measured with the compiler instead of a clock:
 * - type instantiations of checking a realistic file (8 repositories, 40 queries) against the same 40
 *   queries written with Kysely over the equivalent tables (one fresh program each, only that file checked);
 * - that a 150-call chain type-checks without TS2589 ("excessively deep");
 * - the hover length of five typical expressions (bench/types/hover-probe.ts), via the language service.
 * Instantiation counts are deterministic; nothing here depends on machine load.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { DATE_FIELDS, INTEGER_FIELDS, SORTABLE_FIELDS, STRING_KEYS } from '../src/fields.js';
import { createVirtualLanguageService } from '../test/support/language-service.js';
import { writeResults } from './support/measure.js';

const here = dirname(fileURLToPath(import.meta.url));

interface Entity {
  readonly name: string;
  readonly table: string;
  readonly text: readonly [string, string];
  readonly count: string;
}

const ENTITIES: readonly Entity[] = [
  { name: 'User', table: 'users', text: ['email', 'nickname'], count: 'age' },
  { name: 'Order', table: 'orders', text: ['status', 'channel'], count: 'total' },
  { name: 'Product', table: 'products', text: ['sku', 'category'], count: 'stock' },
  { name: 'Invoice', table: 'invoices', text: ['number', 'currency'], count: 'amount' },
  { name: 'Ticket', table: 'tickets', text: ['subject', 'queue'], count: 'priority' },
  { name: 'Session', table: 'sessions', text: ['device', 'ip'], count: 'hits' },
  { name: 'Address', table: 'addresses', text: ['city', 'zip'], count: 'floor' },
  { name: 'Payment', table: 'payments', text: ['method', 'provider'], count: 'cents' },
];

/** Five queries per entity, written the same way in both files. */
function incountryFile(upTo: 'models' | 'repositories' | 'queries' = 'queries'): string {
  const lines = [
    "import { z } from 'zod';",
    "import { defineRepository, type PlainSearchKeys, type Storage } from '../../src/index.js';",
    'declare const storage: Storage<PlainSearchKeys>;',
    'declare const flag: boolean;',
    'export async function queries() {',
  ];
  for (const e of ENTITIES) {
    const [a, b] = e.text;
    const r = e.table;
    lines.push(
      `  const ${e.name} = z.object({ id: z.string(), ${a}: z.string(), ${b}: z.string(), ${e.count}: z.number().int(), note: z.string() });`,
      upTo === 'models'
        ? `  const ${r} = ${e.name};`
        : `  const ${r} = defineRepository(storage, { model: ${e.name}, fields: { id: 'record_key', ${a}: 'key1', ${b}: 'key2', ${e.count}: 'range_key1' } }).in('us');`,
    );
    if (upTo !== 'queries') {
      lines.push(`  void ${r};`);
      continue;
    }
    lines.push(
      `  await ${r}.where('${a}').eq('x').toQuery();`,
      `  await ${r}.where('${e.count}').gte(1).where('${e.count}').lt(9).toQuery();`,
      `  await ${r}.sortBy('${a}', 'asc').limit(10).toQuery();`,
      `  await ${r}.or((q) => q.where('${a}').eq('a').where('${b}').eq('b')).toQuery();`,
      `  await ${r}.$if(flag, (q) => q.where('${b}').eq('c')).offset(20).toQuery();`,
    );
  }
  lines.push('}');
  return lines.join('\n');
}

function kyselyFile(withQueries = true): string {
  const lines = ["import type { Kysely } from 'kysely';", 'interface DB {'];
  for (const e of ENTITIES) {
    lines.push(
      `  ${e.table}: { id: string; ${e.text[0]}: string; ${e.text[1]}: string; ${e.count}: number; note: string };`,
    );
  }
  lines.push(
    '}',
    'declare const db: Kysely<DB>;',
    'declare const flag: boolean;',
    'export function queries() {',
  );
  for (const e of ENTITIES) {
    const [a, b] = e.text;
    const t = `db.selectFrom('${e.table}').selectAll()`;
    if (!withQueries) continue;
    lines.push(
      `  ${t}.where('${a}', '=', 'x').compile();`,
      `  ${t}.where('${e.count}', '>=', 1).where('${e.count}', '<', 9).compile();`,
      `  ${t}.orderBy('${a}', 'asc').limit(10).compile();`,
      `  ${t}.where((eb) => eb.or([eb('${a}', '=', 'a'), eb('${b}', '=', 'b')])).compile();`,
      `  ${t}.$if(flag, (qb) => qb.where('${b}', '=', 'c')).offset(20).compile();`,
    );
  }
  lines.push('}');
  return lines.join('\n');
}

/** 150 calls on one builder (every field filtered and sorted, then limit, offset and toQuery). */
function longChainFile(): string {
  const calls = [
    'plain()',
    ...STRING_KEYS.map((f) => `.where('${f}').eq('a')`),
    ...INTEGER_FIELDS.map((f) => `.where('${f}').gt(1).where('${f}').lte(9)`),
    ...DATE_FIELDS.map((f) => `.where('${f}').gte(new Date()).where('${f}').lt(new Date())`),
    ...SORTABLE_FIELDS.map((f) => `.sortBy('${f}', 'desc')`),
    '.limit(100)',
    '.offset(1000)',
    '.$dynamic()',
    '.toQuery()',
  ];
  const count = calls.join('').split(').').length;
  return [
    `// ${count} calls`,
    "import { plain } from '../../test/query/query-fixtures.js';",
    `export const longest = ${calls.join('\n  ')};`,
  ].join('\n');
}

function compilerOptions(): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    resolve(here, '../tsconfig.json'),
    { noEmit: true, skipLibCheck: true },
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  );
  if (!parsed) throw new Error('cannot read tsconfig.json');
  return parsed.options;
}

/** Instantiations and errors of checking one in-memory file in a fresh program. */
function check(name: string, source: string): { instantiations: number; errors: string[] } {
  const path = resolve(here, 'types', name);
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, version, ...rest) =>
    resolve(fileName) === path
      ? ts.createSourceFile(fileName, source, version, true)
      : getSourceFile(fileName, version, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => resolve(fileName) === path || fileExists(fileName);
  const program = ts.createProgram({ rootNames: [path], options, host });
  const file = program.getSourceFile(path)!;
  const errors = program
    .getSemanticDiagnostics(file)
    .map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  return { instantiations: program.getInstantiationCount(), errors };
}

/** The five hovers of hover-probe.ts: text length, and the text itself. */
function hovers(): Array<{ expression: string; length: number; text: string }> {
  const path = resolve(here, 'types/hover-probe.ts');
  const source = readFileSync(path, 'utf8');
  const ls = createVirtualLanguageService({ [path]: source });
  return [1, 2, 3, 4, 5].map((i) => {
    const line = source.split('\n').find((l) => l.includes(`hover${i} =`)) ?? '';
    const text = ls.hoverAt(path, `hover${i} =`);
    return { expression: line.trim(), length: text.length, text };
  });
}

export async function run(): Promise<void> {
  const incountry = check('__incountry-40.generated.ts', incountryFile());
  const models = check('__incountry-models.generated.ts', incountryFile('models'));
  const repositories = check('__incountry-repositories.generated.ts', incountryFile('repositories'));
  const schema = check('__kysely-schema.generated.ts', kyselyFile(false));
  const kysely = check('__kysely-40.generated.ts', kyselyFile());
  const chain = check('__chain-150.generated.ts', longChainFile());
  const hoverRows = hovers();
  console.table([
    { file: '8 repositories, 40 queries (incountry-ts)', ...incountry, errors: incountry.errors.length },
    { file: '  its zod models alone', ...models, errors: models.errors.length },
    { file: '  its models and repositories, no query', ...repositories, errors: repositories.errors.length },
    { file: 'the same 40 queries (Kysely)', ...kysely, errors: kysely.errors.length },
    { file: '  its DB interface alone, no query', ...schema, errors: schema.errors.length },
    { file: '150-call chain', ...chain, errors: chain.errors.length },
  ]);
  for (const e of [...incountry.errors, ...kysely.errors, ...chain.errors]) console.log(`  ${e}`);
  console.table(hoverRows.map(({ expression, length }) => ({ expression, length })));
  writeResults('type-cost', {
    instantiations: {
      incountry: incountry.instantiations,
      incountryModelsOnly: models.instantiations,
      incountryRepositoriesOnly: repositories.instantiations,
      kysely: kysely.instantiations,
      kyselySchemaOnly: schema.instantiations,
    },
    chain150: { instantiations: chain.instantiations, errors: chain.errors },
    hovers: hoverRows,
  });
}
