/**
 * Every reference into the project's docs resolves: no planning-document references (`DESIGN` or
 * `PROTOCOL` followed by a section sign) are left anywhere, and every `docs/<file>.md#<anchor>` in code or
 * text, and every relative markdown link in the guides, names a file that exists and a heading it has.
 * scripts/rewrite-spec-refs.mjs turns the old references into such links.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SCANNED = ['src', 'docs', 'test', 'bench', 'examples', 'README.md'];
const SKIPPED = new Set(['node_modules', 'dist', 'api', 'results', 'fixtures']);
const TEXT_FILES = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.md', '.tsx']);

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return TEXT_FILES.has(extname(path)) ? [path] : [];
  return readdirSync(path)
    .filter((entry) => !SKIPPED.has(entry))
    .flatMap((entry) => filesUnder(join(path, entry)));
}

const files = SCANNED.flatMap((p) => filesUnder(resolve(ROOT, p)));
const markdownFiles = [
  ...files.filter((f) => extname(f) === '.md'),
  resolve(ROOT, 'test/fixtures/vectors/README.md'),
];

/**
 * GitHub's heading anchors: lower case, punctuation dropped (letters, digits, spaces, `-` and `_` kept),
 * spaces to hyphens, `-1`, `-2` … for repeats. Headings inside fenced code are not headings.
 */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = /^\s*(```|~~~)/.exec(line)?.[1];
    if (marker !== undefined) {
      if (fence === undefined) fence = marker;
      else if (fence === marker) fence = undefined;
      continue;
    }
    if (fence !== undefined) continue;
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const text = heading.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

const anchorCache = new Map<string, Set<string>>();
function anchorsOf(file: string): Set<string> {
  let anchors = anchorCache.get(file);
  if (anchors === undefined) {
    anchors = headingAnchors(readFileSync(file, 'utf8'));
    anchorCache.set(file, anchors);
  }
  return anchors;
}

/** Why `target` (a file, maybe with `#anchor`) does not resolve, or undefined when it does. */
function problem(file: string, anchor: string | undefined): string | undefined {
  if (!existsSync(file)) return `no file ${relative(ROOT, file)}`;
  if (anchor === undefined || anchor === '') return undefined;
  if (extname(file) !== '.md') return undefined;
  return anchorsOf(file).has(anchor) ? undefined : `no heading #${anchor} in ${relative(ROOT, file)}`;
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

describe('spec references', () => {
  it('computes GitHub heading anchors', () => {
    const anchors = headingAnchors(
      '# The wire protocol\n## AES-GCM and key derivation\n### `createStorage` options\n```sh\n# not a heading\n```\n## Retries, timeouts and errors\n## Retries, timeouts and errors\n',
    );
    expect([...anchors]).toEqual([
      'the-wire-protocol',
      'aes-gcm-and-key-derivation',
      'createstorage-options',
      'retries-timeouts-and-errors',
      'retries-timeouts-and-errors-1',
    ]);
  });

  it('leaves no planning-document reference (run scripts/rewrite-spec-refs.mjs)', () => {
    // Also a bare letter-form section (`\u00a7d.8`) that continued such a reference.
    const leftover = /\b(?:DESIGN|PROTOCOL) \u00a7[^\s)]*|\u00a7[a-i](?:\.\d+)?\b/g;
    const found = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return [...text.matchAll(leftover)].map(
        (m) => `${relative(ROOT, file)}:${lineOf(text, m.index)}: ${m[0]}`,
      );
    });
    expect(found).toEqual([]);
  });

  it('resolves every docs/<file>.md#<anchor> reference', () => {
    const reference = /(?<![\w./-])docs\/([\w-]+\.md)(?:#([\w-]+))?/g;
    const dangling = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return [...text.matchAll(reference)].flatMap((m) => {
        // Inside markdown links relative paths are checked below; here the path is from the repository root.
        const why = problem(resolve(ROOT, 'docs', m[1]!), m[2]);
        return why === undefined
          ? []
          : [`${relative(ROOT, file)}:${lineOf(text, m.index)}: ${m[0]} (${why})`];
      });
    });
    expect(dangling).toEqual([]);
  });

  it('resolves every relative link in the markdown files', () => {
    const link = /\]\(([^)\s]+)\)/g;
    const dangling = markdownFiles.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return [...text.matchAll(link)].flatMap((m) => {
        const target = m[1]!;
        if (/^[a-z][a-z+.-]*:/i.test(target)) return [];
        const [path = '', anchor] = target.split('#');
        const why = problem(path === '' ? file : resolve(dirname(file), decodeURI(path)), anchor);
        return why === undefined
          ? []
          : [`${relative(ROOT, file)}:${lineOf(text, m.index)}: ${target} (${why})`];
      });
    });
    expect(dangling).toEqual([]);
  });

  it('covers the new guides', () => {
    expect(files).toContain(resolve(ROOT, 'docs/architecture.md'));
    expect(files).toContain(resolve(ROOT, 'docs/protocol.md'));
  });
});
