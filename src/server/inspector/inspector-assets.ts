/**
 * The inspector's three files: one HTML page, one ES module and one stylesheet, served by the PoP itself
 * (no CDN, works offline). The build compiles the module with tsc and copies the three into
 * `dist/inspector/` (scripts/build.mjs); run from the sources (tests, tsx) the module is compiled here,
 * once, the same way.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the page is served. */
export const INSPECTOR_PAGE = '/_pop/ui';
/** Its ES module. */
export const INSPECTOR_SCRIPT = '/_pop/ui/inspector.js';
/** Its stylesheet. */
export const INSPECTOR_STYLES = '/_pop/ui/inspector.css';

/** The page's files as served. */
export interface InspectorAssets {
  readonly html: string;
  readonly script: string;
  readonly css: string;
}

/** The directory of this code (the CommonJS build derives import.meta.url from __filename: tsup shims). */
function codeDirectory(): string {
  return dirname(fileURLToPath(import.meta.url));
}

/**
 * The folder holding the page: `page/` beside this file in the sources; `inspector/` at the root of
 * `dist/` in the build, whose code sits in `dist/` (shared chunks) or one folder below (entries).
 */
function assetDirectory(): string {
  const here = codeDirectory();
  const candidates = [join(here, 'page'), join(here, 'inspector'), join(here, '..', 'inspector')];
  const found = candidates.find((dir) => existsSync(join(dir, 'inspector.html')));
  if (found === undefined) throw new Error('the inspector page is missing from this installation');
  return found;
}

/** Compiles the module from its TypeScript source, as the build's tsc does (sources only). */
async function compileScript(dir: string): Promise<string> {
  const ts = await import('typescript');
  const source = await readFile(join(dir, 'inspector.ts'), 'utf8');
  return ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022 },
    fileName: 'inspector.ts',
  }).outputText;
}

async function loadAssets(): Promise<InspectorAssets> {
  const dir = assetDirectory();
  const built = join(dir, 'inspector.js');
  const [html, css, script] = await Promise.all([
    readFile(join(dir, 'inspector.html'), 'utf8'),
    readFile(join(dir, 'inspector.css'), 'utf8'),
    existsSync(built) ? readFile(built, 'utf8') : compileScript(dir),
  ]);
  return { html, script, css };
}

let loaded: Promise<InspectorAssets> | undefined;

/** The page's files, read (and in the sources compiled) on first use and kept for the process. */
export function inspectorAssets(): Promise<InspectorAssets> {
  loaded ??= loadAssets().catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}
