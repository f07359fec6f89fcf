/**
 * scripts/rewrite-spec-refs.mjs on scratch files: the reference forms found in this repository become
 * links, other `§` references (RFCs) stay, a second run changes nothing, and an unknown section fails the
 * run without touching its file. The section sign is written as an escape so this file holds no reference.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), '../../scripts/rewrite-spec-refs.mjs');
const S = '\u00a7';

function run(...paths: string[]) {
  const result = spawnSync(process.execPath, [SCRIPT, ...paths], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('rewrite-spec-refs.mjs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'spec-refs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('rewrites every reference form, leaves RFC sections alone, and is idempotent', () => {
    const file = join(dir, 'sample.ts');
    writeFileSync(
      file,
      [
        `// Attachments (PROTOCOL ${S}d.9); retries (PROTOCOL ${S}h.1, DESIGN ${S}6).`,
        `// Record routes of PROTOCOL ${S}d.2–${S}d.7 and the health check of ${S}d.8.`,
        `// Client record <-> wire record (PROTOCOL ${S}a, ${S}b, ${S}c.4–c.7), DESIGN ${S}3 rule 10.`,
        `// Form-decoded as RFC 6749 ${S}2.3.1 asks.`,
      ].join('\n'),
    );
    const first = run(dir);
    expect(first.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(
      [
        '// Attachments (docs/protocol.md#attachments); retries (docs/protocol.md#retries, docs/architecture.md#reliability-design).',
        '// Record routes of docs/protocol.md#routes and the health check of docs/protocol.md#health-check.',
        '// Client record <-> wire record (docs/protocol.md#record-model, docs/protocol.md#hashing, docs/protocol.md#encryption), docs/architecture.md#type-level-rules rule 10.',
        `// Form-decoded as RFC 6749 ${S}2.3.1 asks.`,
      ].join('\n'),
    );
    const rewritten = readFileSync(file, 'utf8');
    const second = run(dir);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('0 file(s) rewritten');
    expect(readFileSync(file, 'utf8')).toBe(rewritten);
  });

  it('writes markdown links in .md files', () => {
    const file = join(dir, 'guide.md');
    writeFileSync(file, `See PROTOCOL ${S}f.2.\n`);
    expect(run(file).status).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(
      /^See \[find options\]\([./\w-]*docs\/protocol\.md#find-options\)\.\n$/,
    );
  });

  it('fails on a section it cannot map and leaves that file as it was', () => {
    const file = join(dir, 'unknown.ts');
    const text = `// PROTOCOL ${S}d.99 and DESIGN ${S}9, next to PROTOCOL ${S}d.9.\n`;
    writeFileSync(file, text);
    const result = run(dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`cannot map "PROTOCOL ${S}d.99"`);
    expect(result.stderr).toContain(`cannot map "DESIGN ${S}9"`);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});
