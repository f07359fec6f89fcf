/**
 * docs/type-errors.md ("Type errors explained") lists every message: each rule case's message matches a row of its tables, and
 * each row is produced by at least one case (no stale rows).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULE_CASES } from './rule-cases.js';

const here = dirname(fileURLToPath(import.meta.url));
// The tables live in their own guide, docs/type-errors.md.
const doc = readFileSync(resolve(here, '../../docs/type-errors.md'), 'utf8');

/** What each placeholder of the tables stands for. */
const PLACEHOLDERS: Record<string, string> = {
  m: '[a-zA-Z]+',
  f: '[a-z_0-9]+(?: \\([a-z_0-9]+\\))?',
  n: '-?[0-9.]+|a [a-z]+',
  label: '\\$?[a-zA-Z]+',
  kind: '.+',
  path: '.+',
  problem: '.+',
};

/** The message column of every table row, as a pattern. */
const rows = doc
  .split('\n')
  .filter((line) => line.startsWith('| `'))
  .map((line) => /^\| `([^`]+)`/.exec(line)![1]!)
  .map((message) => ({
    message,
    pattern: new RegExp(
      `^${message
        .split(/(<[a-z]+>)/)
        .map((part) => {
          const name = /^<([a-z]+)>$/.exec(part)?.[1];
          return name === undefined
            ? part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
            : `(?:${PLACEHOLDERS[name]})`;
        })
        .join('')}$`,
    ),
  }));

// Reported by validateQuery with paths, covered by validate-query.test.ts.
const NOT_A_BUILDER_MESSAGE = 'Invalid find query: <path>: <problem>; …';

describe('docs/type-errors.md: Type errors explained', () => {
  it.each(RULE_CASES.map((c) => [c.message] as const))('lists %s', (message) => {
    expect(rows.filter((r) => r.pattern.test(message)).map((r) => r.message)).toHaveLength(1);
  });

  it('has no row that no case produces', () => {
    const stale = rows
      .filter((r) => r.message !== NOT_A_BUILDER_MESSAGE)
      // Options and mapping messages are pinned by test-d/config and test-d/repository, not by rule cases.
      .filter((r) => !/^(createStorage|defineRepository)\(\)/.test(r.message))
      .filter((r) => !RULE_CASES.some((c) => r.pattern.test(c.message)))
      .map((r) => r.message);
    expect(stale).toStrictEqual([]);
  });
});
