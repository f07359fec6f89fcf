/**
 * The type-test corpus (test-d/) under an older TypeScript, without tsd (which bundles its own compiler):
 * every `expectError(…)` must produce an error inside its call, and nothing else may produce one.
 * skipLibCheck is off: declaration files are checked too (with it on, an unknown type in a .d.ts turns
 * silently into any and illegal queries may pass). `expectType` is then an assignability check (tsd
 * checks identity with the current compiler in `npm run test:types`).
 *
 * node min-ts.mjs <path to the older typescript package> <repository root>
 */
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';

const [typescriptDir, repo] = process.argv.slice(2);
const ts = createRequire(join(resolve(typescriptDir), 'package.json'))('./lib/typescript.js');
const configFile = join(repo, 'test-d', 'tsconfig.json');

let failures = 0;
for (const skipLibCheck of [false]) {
  const config = ts.getParsedCommandLineOfConfigFile(
    configFile,
    { skipLibCheck },
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  const program = ts.createProgram(config.fileNames, config.options);
  const expected = [];
  for (const file of program.getSourceFiles()) {
    if (!config.fileNames.includes(file.fileName)) continue;
    const visit = (node) => {
      if (
        ts.isCallExpression(node) &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === 'expectError'
      )
        expected.push({ file, start: node.getStart(file), end: node.end, hits: 0 });
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  const unexpected = [];
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const at = diagnostic.file;
    const site =
      at && expected.find((e) => e.file === at && diagnostic.start >= e.start && diagnostic.start < e.end);
    if (site) site.hits += 1;
    else unexpected.push(diagnostic);
  }
  const accepted = expected.filter((e) => e.hits === 0);
  const where = (file, pos) => {
    const { line } = file.getLineAndCharacterOfPosition(pos);
    return `${relative(repo, file.fileName)}:${line + 1}`;
  };
  for (const d of unexpected.slice(0, 10))
    console.error(
      `  legal case rejected: ${d.file ? where(d.file, d.start) : '(global)'}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ').slice(0, 200)}`,
    );
  for (const e of accepted.slice(0, 10)) console.error(`  illegal case accepted: ${where(e.file, e.start)}`);
  const ok = unexpected.length === 0 && accepted.length === 0;
  if (!ok) failures += 1;
  console.log(
    `TypeScript ${ts.version}, skipLibCheck ${skipLibCheck}: ${expected.length - accepted.length}/${expected.length} illegal cases rejected, ${unexpected.length} errors elsewhere -> ${ok ? 'ok' : 'FAILED'}`,
  );
}
process.exitCode = failures === 0 ? 0 : 1;
