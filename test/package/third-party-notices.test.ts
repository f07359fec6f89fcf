/**
 * dist/ bundles other packages' code (got's tree, zod/mini and its core), so the build writes their licence
 * notices beside it (scripts/package-check/third-party-notices.mjs). Skipped before the first build, like
 * client-bundle; `npm run test:types` runs the same check after its build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  bundledPackages,
  NOTICES_FILE,
  noticeProblems,
} from '../../scripts/package-check/third-party-notices.mjs';

describe.skipIf(!existsSync('dist/index.js'))('dist/THIRD-PARTY-NOTICES.md', () => {
  it('names every package whose code the build bundled, with its version, licence and licence text', () => {
    expect(bundledPackages(process.cwd())).toEqual(
      expect.arrayContaining(['node_modules/got', 'node_modules/zod']),
    );
    expect(noticeProblems(process.cwd())).toEqual([]);
    expect(readFileSync(NOTICES_FILE, 'utf8')).toContain('Permission is hereby granted, free of charge');
  });

  it('ships in the packed package', () => {
    const [pack] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }),
    ) as [{ files: { path: string }[] }];
    expect(pack.files.map((file) => file.path)).toContain('dist/THIRD-PARTY-NOTICES.md');
  });
});
