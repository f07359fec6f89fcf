/**
 * dist/ carries code of other packages (got's tree, zod/mini and its core, tsup's CommonJS shim: see
 * tsup.config.ts), and their licences ask that their notices travel with it. `npm run build` writes
 * dist/THIRD-PARTY-NOTICES.md from what the build really bundled: tsup heads each module's code with a
 * `// node_modules/<package>/…` line, and each such package's licence file is copied in.
 * `npm run test:types` (after its build) and test/package/third-party-notices.test.ts check the file
 * against dist/.
 *
 * Usage: node scripts/package-check/third-party-notices.mjs   (after `npm run build`; exits 1 listing problems)
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The file the build writes, relative to the package root. */
export const NOTICES_FILE = join('dist', 'THIRD-PARTY-NOTICES.md');

/**
 * The packages whose code is in dist/, as their node_modules paths (`node_modules/got`,
 * `node_modules/@sindresorhus/is`, or a nested `node_modules/a/node_modules/b`), sorted.
 */
export function bundledPackages(root) {
  const packages = new Set();
  const dist = join(root, 'dist');
  for (const file of readdirSync(dist, { recursive: true, encoding: 'utf8' })) {
    if (!/\.[cm]?js$/.test(file)) continue;
    const heads = readFileSync(join(dist, file), 'utf8').matchAll(
      /^\/\/ ((?:node_modules\/(?:@[^/\s]+\/)?[^/\s]+\/)+)/gm,
    );
    for (const head of heads) packages.add(head[1].slice(0, -1));
  }
  return [...packages].sort();
}

/** The heading the notices give a package: name, version and licence, as its manifest says. */
function heading(manifest) {
  return `## ${manifest.name} ${manifest.version} (${manifest.license})`;
}

function licenceText(packageDir) {
  const file = readdirSync(packageDir).find((name) => /^licen[cs]e(\.(md|txt))?$/i.test(name));
  return file === undefined ? undefined : readFileSync(join(packageDir, file), 'utf8').trim();
}

/** Writes NOTICES_FILE; throws when a bundled package ships no licence file (a person must look at it). */
export function writeNotices(root) {
  const sections = bundledPackages(root).map((path) => {
    const dir = join(root, path);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const text = licenceText(dir);
    if (text === undefined) throw new Error(`${path} is bundled into dist/ but ships no licence file`);
    return `${heading(manifest)}\n\n\`\`\`\n${text}\n\`\`\`\n`;
  });
  writeFileSync(
    join(root, NOTICES_FILE),
    `# Third-party notices\n\nincountry-ts's dist/ includes code of the following packages, under their licences.\n\n${sections.join('\n')}`,
  );
  return sections.length;
}

/** Why NOTICES_FILE does not match what dist/ bundles; empty when it does. */
export function noticeProblems(root) {
  const notices = readFileSync(join(root, NOTICES_FILE), 'utf8');
  const bundled = bundledPackages(root);
  const problems = [];
  for (const path of bundled) {
    const manifest = JSON.parse(readFileSync(join(root, path, 'package.json'), 'utf8'));
    if (!notices.includes(`${heading(manifest)}\n\n\`\`\`\n`))
      problems.push(`${path}: bundled, but not in the notices`);
  }
  const named = notices.match(/^## /gm)?.length ?? 0;
  if (named !== bundled.length)
    problems.push(`the notices name ${named} packages, dist/ bundles ${bundled.length}`);
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problems = noticeProblems(process.cwd());
  for (const problem of problems) console.error(`${NOTICES_FILE}: ${problem}`);
  if (problems.length === 0)
    console.log(`${NOTICES_FILE}: the ${bundledPackages(process.cwd()).length} bundled packages`);
  process.exit(problems.length > 0 ? 1 : 0);
}
