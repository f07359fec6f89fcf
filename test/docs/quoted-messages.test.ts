/**
 * Every error message the guides quote is one the code really produces: each quote must appear in the
 * expected output of some test (test/, test-d/, examples/), with `<placeholders>` and `…` standing for
 * any text. A guide that paraphrases a message, or keeps one the code no longer says, fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function files(dir: string, ending: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith(ending) && !name.includes('node_modules') && !name.startsWith('api/'))
    .map((name) => join(dir, name));
}

/** Messages as the guides quote them: in code spans, in `//` comments of examples, as JSON `message`s. */
const QUOTE_PATTERNS = [
  /`([^`\n]*\(\)(?: call)? failed:[^`\n]*)`/g,
  /\/\/ *(?:[A-Z]\w+Error: )?([a-zA-Z]+\(\)(?: call)? failed:[^\n]*)/g,
  /"message":"([^"]*\(\)(?: call)? failed:[^"]*)"/g,
];

function quotedMessages(): { doc: string; message: string }[] {
  const quotes = new Map<string, { doc: string; message: string }>();
  for (const doc of ['README.md', ...files('docs', '.md')]) {
    const text = readFileSync(join(ROOT, doc), 'utf8');
    for (const pattern of QUOTE_PATTERNS)
      for (const match of text.matchAll(pattern)) {
        const message = match[1]!.replace(/^incountry: [A-Z_]+: /, '').trim();
        quotes.set(`${doc}\n${message}`, { doc, message });
      }
  }
  return [...quotes.values()];
}

/** What the tests expect, with regex escapes undone so `/read\(\) failed/` reads as `read() failed`. */
function expectedOutputs(): string {
  return [...files('test', '.ts'), ...files('test-d', '.ts'), ...files('examples', '.ts')]
    .map((file) => readFileSync(join(ROOT, file), 'utf8'))
    .join('\n')
    .replace(/\\([()[\]{}.*+?^$|/\\])/g, '$1');
}

function asPattern(message: string): RegExp {
  const literal = message
    .split(/<[^>]+>|…/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^\\n]+?');
  return new RegExp(literal);
}

describe('messages quoted in the guides', () => {
  it('each appears in a test’s expected output', () => {
    const quotes = quotedMessages();
    expect(quotes.length).toBeGreaterThan(30);
    const corpus = expectedOutputs();
    const unknown = quotes.filter(({ message }) => !asPattern(message).test(corpus));
    expect(unknown.map(({ doc, message }) => `${doc}: ${message}`).join('\n')).toBe('');
  });
});
