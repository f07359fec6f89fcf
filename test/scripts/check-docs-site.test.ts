/**
 * scripts/check-docs-site.mjs, run the way `npm run docs` runs it, on small TypeDoc JSON projects: a
 * module without a description, a symbol under "Other" and a guide titled by its file name each fail it;
 * a project without them passes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), '../../scripts/check-docs-site.mjs');

function check(project: unknown) {
  const file = join(mkdtempSync(join(tmpdir(), 'docs-site-')), 'api.json');
  writeFileSync(file, JSON.stringify(project));
  const run = spawnSync(process.execPath, [SCRIPT, file], { encoding: 'utf8' });
  return { code: run.status, stderr: run.stderr };
}

const described = (text: string) => ({ summary: [{ kind: 'text', text }] });
const good = {
  children: [
    {
      id: 1,
      name: 'incountry-ts',
      comment: described('The client.'),
      children: [{ id: 2, name: 'createStorage' }],
      categories: [{ title: 'Storage', children: [2] }],
    },
  ],
  documents: [{ name: 'Key rotation and migration' }],
};

describe('check-docs-site', () => {
  it('passes a site with descriptions, categories and titled guides', () => {
    expect(check(good)).toEqual({ code: 0, stderr: '' });
  });

  it('fails on a module without a description, an "Other" category and an untitled guide', () => {
    const [main] = good.children;
    const run = check({
      children: [{ ...main, comment: undefined, categories: [{ title: 'Other', children: [2] }] }],
      documents: [{ name: 'key-rotation' }],
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      [
        'check-docs-site: module incountry-ts has no description (a file comment with @module)',
        'check-docs-site: module incountry-ts files createStorage under "Other": give them a @category',
        'check-docs-site: guide "key-rotation" has no title: start the file with a # Heading',
        '',
      ].join('\n'),
    );
  });
});
