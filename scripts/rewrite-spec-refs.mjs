#!/usr/bin/env node
/**
 * Rewrites the old planning-document references (`PROTOCOL §d.9`, `DESIGN §3`) into links to the project's
 * own docs (docs/protocol.md, docs/architecture.md). In code and plain text a reference becomes the text
 * `docs/protocol.md#attachments`; in markdown a link relative to the file. Idempotent: rewritten text holds
 * no `§` reference any more. Exits 1 and lists every reference it cannot map (files with such a reference
 * are left untouched).
 *
 * Usage: node scripts/rewrite-spec-refs.mjs [--check] <file or folder>...
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Planning-document section → [docs file, heading anchor, link text for markdown]. */
export const MAPPING = {
  DESIGN: {
    1: ['architecture.md', 'layers', 'layers'],
    2: ['architecture.md', 'public-surface', 'public surface'],
    3: ['architecture.md', 'type-level-rules', 'type-level rules'],
    4: ['architecture.md', 'the-local-pop', 'the local PoP'],
    5: ['architecture.md', 'performance-design', 'performance design'],
    6: ['architecture.md', 'reliability-design', 'reliability design'],
  },
  PROTOCOL: {
    a: ['protocol.md', 'record-model', 'record model'],
    'a.1': ['protocol.md', 'record-fields', 'record fields'],
    'a.2': ['protocol.md', 'client-side-limits', 'client-side limits'],
    'a.3': ['protocol.md', 'what-a-read-returns', 'what a read returns'],
    b: ['protocol.md', 'hashing', 'hashing'],
    'b.1': ['protocol.md', 'hashing', 'hashing'],
    'b.2': ['protocol.md', 'hashed-fields', 'hashed fields'],
    'b.3': ['protocol.md', 'normalisation', 'normalisation'],
    'b.4': ['protocol.md', 'plain-search-keys', 'plain search keys'],
    c: ['protocol.md', 'encryption', 'encryption'],
    'c.1': ['protocol.md', 'ciphertext-formats', 'ciphertext formats'],
    'c.2': ['protocol.md', 'aes-gcm-and-key-derivation', 'AES-GCM and key derivation'],
    'c.3': ['protocol.md', 'secrets-data', 'secrets data'],
    'c.4': ['protocol.md', 'what-is-encrypted', 'what is encrypted'],
    'c.5': ['protocol.md', 'envelope', 'envelope'],
    'c.6': ['protocol.md', 'precommit-body', 'precommit body'],
    'c.7': ['protocol.md', 'encryption-modes', 'encryption modes'],
    'c.8': ['protocol.md', 'custom-encryption', 'custom encryption'],
    d: ['protocol.md', 'routes', 'routes'],
    'd.1': ['protocol.md', 'request-headers', 'request headers'],
    'd.2': ['protocol.md', 'write', 'write'],
    'd.3': ['protocol.md', 'batch-write', 'batch write'],
    'd.4': ['protocol.md', 'read', 'read'],
    'd.5': ['protocol.md', 'find', 'find'],
    'd.6': ['protocol.md', 'delete', 'delete'],
    'd.7': ['protocol.md', 'batch-delete', 'batch delete'],
    'd.8': ['protocol.md', 'health-check', 'health check'],
    'd.9': ['protocol.md', 'attachments', 'attachments'],
    'd.10': ['protocol.md', 'countries-list', 'countries list'],
    'd.11': ['protocol.md', 'oauth-token', 'OAuth token'],
    'd.12': ['protocol.md', 'error-body', 'error body'],
    e: ['protocol.md', 'endpoints-and-tokens', 'endpoints and tokens'],
    'e.1': ['protocol.md', 'endpoint-resolution', 'endpoint resolution'],
    'e.2': ['protocol.md', 'endpoint-resolution', 'endpoint resolution'],
    'e.3': ['protocol.md', 'auth-endpoints', 'auth endpoints'],
    'e.4': ['protocol.md', 'access-tokens', 'access tokens'],
    f: ['protocol.md', 'find-dsl', 'find DSL'],
    'f.1': ['protocol.md', 'filter', 'filter'],
    'f.2': ['protocol.md', 'find-options', 'find options'],
    'f.3': ['protocol.md', 'find-validation', 'find validation'],
    'f.4': ['protocol.md', 'find-results', 'find results'],
    'f.5': ['protocol.md', 'find-semantics', 'find semantics'],
    g: ['protocol.md', 'migration', 'migration'],
    h: ['protocol.md', 'retries-timeouts-and-errors', 'retries, timeouts and errors'],
    'h.1': ['protocol.md', 'retries', 'retries'],
    'h.2': ['protocol.md', 'timeouts', 'timeouts'],
    'h.3': ['protocol.md', 'error-classes', 'error classes'],
    i: ['protocol.md', 'local-pop-behaviour', 'local PoP behaviour'],
    'i.1': ['protocol.md', 'routes', 'routes'],
    'i.2': ['protocol.md', 'status-codes', 'status codes'],
    'i.3': ['protocol.md', 'sse-at-rest', 'SSE at rest'],
    'i.4': ['protocol.md', 'opaque-values', 'opaque values'],
    'i.5': ['protocol.md', 'upsert', 'upsert'],
    'i.6': ['protocol.md', 'dates', 'dates'],
    'i.7': ['protocol.md', 'ttl', 'TTL'],
    'i.8': ['protocol.md', 'read', 'read'],
    'i.9': ['protocol.md', 'find-semantics', 'find semantics'],
    'i.10': ['protocol.md', 'batch-delete-semantics', 'batch delete semantics'],
    'i.11': ['protocol.md', 'attachment-storage', 'attachment storage'],
    'i.12': ['protocol.md', 'countries-list', 'countries list'],
    'i.13': ['protocol.md', 'durability-and-isolation', 'durability and isolation'],
  },
};

const ID = String.raw`(?:[a-z](?:\.\d+)*|\d+(?:\.\d+)*)`;
/**
 * One reference: `DESIGN §3`, `PROTOCOL §d.9`, a range `§d.2–§d.7` / `§c.4–c.7`, or a bare letter-form
 * section (`§i.3`) continuing a PROTOCOL list. Bare digit forms are left alone: `RFC 9110 §8.3.1` is not ours.
 */
const REFERENCE = new RegExp(
  String.raw`(?:\b(DESIGN|PROTOCOL) )?§(${ID})(?:\s*[–-]\s*§?(${ID}))?(?![\w.]*\w)`,
  'g',
);
/** What the test treats as a leftover: either document name followed by `§`. */
export const LEFTOVER = /\b(?:DESIGN|PROTOCOL) §/;

const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', 'api', 'results', 'fixtures']);
const EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.md', '.json', '.tsx']);

function* filesUnder(path) {
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path)) {
      if (SKIP_DIRS.has(entry)) continue;
      yield* filesUnder(join(path, entry));
    }
  } else if (EXTENSIONS.has(extname(path))) {
    yield path;
  }
}

/** Looks a reference up; `doc` is undefined for a bare `§x.y` (then only letter forms, i.e. PROTOCOL). */
function lookUp(doc, id) {
  const document = doc ?? (/^[a-z]/.test(id) ? 'PROTOCOL' : undefined);
  if (document === undefined) return undefined;
  return MAPPING[document][id];
}

/**
 * Rewrites the references in one file's text. Returns the new text and the references it could not map.
 * `file` is the path of the file (for relative markdown links).
 */
export function rewrite(text, file) {
  const markdown = extname(file) === '.md';
  const unmapped = [];
  const out = text.replace(REFERENCE, (match, doc, from, to) => {
    // A bare digit section without a document name (`RFC 7578 §4.2`) is someone else's.
    if (doc === undefined && !/^[a-z]/.test(from)) return match;
    let target = lookUp(doc, from);
    if (to !== undefined) {
      // A range names the parent section: §d.2–§d.7 → the routes, §c.4–c.7 → encryption.
      const parent = from.split('.')[0];
      target = parent === to.split('.')[0] ? lookUp(doc, parent) : undefined;
    }
    if (target === undefined) {
      unmapped.push(match);
      return match;
    }
    const [docFile, anchor, title] = target;
    if (!markdown) return `docs/${docFile}#${anchor}`;
    const docPath = relative(dirname(resolve(file)), join(ROOT, 'docs', docFile))
      .split('\\')
      .join('/');
    return `[${title}](${docPath}#${anchor})`;
  });
  return { text: out, unmapped };
}

function main(argv) {
  const check = argv.includes('--check');
  const paths = argv.filter((a) => a !== '--check');
  if (paths.length === 0) {
    console.error('usage: node scripts/rewrite-spec-refs.mjs [--check] <file or folder>...');
    return 2;
  }
  let changed = 0;
  let failed = 0;
  for (const root of paths) {
    for (const file of filesUnder(root)) {
      const before = readFileSync(file, 'utf8');
      const { text, unmapped } = rewrite(before, file);
      if (unmapped.length > 0) {
        failed += unmapped.length;
        for (const ref of unmapped) console.error(`${file}: cannot map "${ref}"`);
        continue;
      }
      if (text !== before) {
        changed += 1;
        if (!check) writeFileSync(file, text);
        console.log(`${check ? 'would rewrite' : 'rewrote'} ${file}`);
      }
    }
  }
  console.log(`${changed} file(s) ${check ? 'to rewrite' : 'rewritten'}, ${failed} unmapped reference(s)`);
  return failed > 0 || (check && changed > 0) ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
