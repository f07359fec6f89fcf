/**
 * The type-test corpus (test-d/) under several TypeScript compilers, without tsd (which bundles its own):
 * every `expectError(…)` must produce an error inside its call, and nothing else may produce one.
 * Each compiler runs as its `tsc` command (TypeScript 7 is a native binary behind a Node launcher and has
 * no JavaScript API), with skipLibCheck off: declaration files are checked too (with it on, an unknown
 * type in a .d.ts turns silently into any and illegal queries may pass). `expectType` is then an
 * assignability check (tsd checks identity with the current compiler in `npm run test:types`).
 * Finally it prints where the compilers disagree: a site rejected with other error codes, or the same
 * codes with other wording (both fine, as long as every compiler rejects every illegal case).
 *
 * node ts-corpus.mjs <repository root> <label>=<path to a typescript package> …   (the first is the reference)
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';

const [repo, ...compilers] = process.argv.slice(2);
// Only to find the expectError calls: parsing is the same in every version.
const ts = createRequire(join(resolve(repo), 'package.json'))('typescript');

const config = ts.getParsedCommandLineOfConfigFile(
  join(repo, 'test-d', 'tsconfig.json'),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  },
);
/** expectError sites as 1-based line/column ranges, keyed `file:line`. */
const sites = [];
for (const fileName of config.fileNames) {
  const file = ts.createSourceFile(fileName, ts.sys.readFile(fileName), ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'expectError'
    ) {
      const start = file.getLineAndCharacterOfPosition(node.getStart(file));
      const end = file.getLineAndCharacterOfPosition(node.end);
      sites.push({
        file: relative(repo, fileName),
        start,
        end,
        key: `${relative(repo, fileName)}:${start.line + 1}`,
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
}
const before = (a, b) => a.line < b.line || (a.line === b.line && a.character <= b.character);

let failures = 0;
/** label -> site key -> 'TSxxxx message' lines */
const seen = new Map();
for (const spec of compilers) {
  const [label, dir] = spec.split('=');
  const tsc = join(resolve(dir), 'bin', 'tsc');
  const version = execFileSync(tsc, ['--version'], { encoding: 'utf8' }).trim();
  let output = '';
  try {
    output = execFileSync(
      tsc,
      ['-p', 'test-d/tsconfig.json', '--noEmit', '--pretty', 'false', '--skipLibCheck', 'false'],
      { cwd: repo, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
  } catch (error) {
    output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
  }
  const bySite = new Map();
  const unexpected = [];
  for (const line of output.split('\n')) {
    const m = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line);
    if (!m) {
      if (/error TS\d+/.test(line)) unexpected.push(line);
      continue;
    }
    const [, file, l, c, code, message] = m;
    const at = { line: Number(l) - 1, character: Number(c) - 1 };
    const site = sites.find((s) => s.file === file && before(s.start, at) && before(at, s.end));
    if (!site) {
      unexpected.push(`${file}:${l}: ${code} ${message.slice(0, 200)}`);
      continue;
    }
    bySite.set(site.key, [...(bySite.get(site.key) ?? []), `${code} ${message}`]);
  }
  const accepted = sites.filter((s) => !bySite.has(s.key));
  for (const u of unexpected.slice(0, 10)) console.error(`  ${label}: legal case rejected: ${u}`);
  for (const a of accepted.slice(0, 10)) console.error(`  ${label}: illegal case accepted: ${a.key}`);
  const ok = unexpected.length === 0 && accepted.length === 0;
  if (!ok) failures += 1;
  seen.set(label, bySite);
  console.log(
    `${version} (${label}), skipLibCheck false: ${sites.length - accepted.length}/${sites.length} illegal cases rejected, ${unexpected.length} errors elsewhere -> ${ok ? 'ok' : 'FAILED'}`,
  );
}

const labels = [...seen.keys()];
const reference = labels[0];
for (const label of labels) {
  if (label === reference) continue;
  const codes = [];
  const wording = [];
  for (const { key } of sites) {
    const a = seen.get(reference).get(key) ?? [];
    const b = seen.get(label).get(key) ?? [];
    const code = (x) => x.map((e) => e.split(' ')[0]).join(',');
    if (code(a) !== code(b)) codes.push(`${key} ${code(a) || '-'} -> ${code(b) || '-'}`);
    else if (a.join('\n') !== b.join('\n')) wording.push(key);
  }
  console.log(
    `${label} vs ${reference}: ${codes.length} sites with other error codes${codes.length ? ` (${codes.join('; ')})` : ''}, ${wording.length} with other wording only${wording.length ? ` (${wording.slice(0, 8).join(', ')}${wording.length > 8 ? ', …' : ''})` : ''}`,
  );
}
process.exitCode = failures === 0 ? 0 : 1;
