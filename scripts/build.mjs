/**
 * `npm run build`: the published dist/. JavaScript from tsup (ESM `.js` + CommonJS `.cjs`, see
 * tsup.config.ts); declarations from tsc, then copied to `.d.cts` so CommonJS consumers get declarations
 * that TypeScript reads as CommonJS (no "masquerading as ESM").
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeNotices } from './package-check/third-party-notices.mjs';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
const bin = (name) => join('node_modules', '.bin', name);

rmSync('dist', { recursive: true, force: true });
run(bin('tsc'), ['-p', 'tsconfig.build.json']);
let copied = 0;
for (const file of readdirSync('dist', { recursive: true, encoding: 'utf8' })) {
  if (!file.endsWith('.d.ts')) continue;
  const source = readFileSync(join('dist', file), 'utf8');
  // Relative specifiers only: './x.js' -> './x.cjs' (import/export from and import('…') types).
  const cjs = source.replace(/(['"])(\.{1,2}\/[^'"]*?)\.js\1/g, '$1$2.cjs$1');
  writeFileSync(join('dist', file.replace(/\.d\.ts$/, '.d.cts')), cjs);
  copied += 1;
}
run(bin('tsup'), ['--silent']);
// The local PoP's inspector page: its module compiled by tsc (DOM types, its own tsconfig), served from
// dist/inspector/ with its HTML and stylesheet (src/server/inspector/inspector-assets.ts finds them there).
const page = join('src', 'server', 'inspector', 'page');
run(bin('tsc'), ['-p', join(page, 'tsconfig.json')]);
for (const file of ['inspector.html', 'inspector.css'])
  copyFileSync(join(page, file), join('dist', 'inspector', file));
const notices = writeNotices(process.cwd());
console.log(
  `build: dist/ has ESM + CommonJS entry points, ${copied} declaration files per format, the inspector page and the notices of ${notices} bundled packages`,
);
