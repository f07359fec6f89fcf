/**
 * The CLI's output contract (docs/cli.md): `--json` on every command, errors as one JSON line, NDJSON
 * streams for `find --all` and `migrate`, completion scripts, colour only where asked for, and the codes
 * of failures that are not bugs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgram, runCli as runInProcess } from '../../src/cli/program.js';
import { SecretKeyAccessor } from '../../src/crypto/secret-key-accessor.js';
import { type LocalPop, startLocalPop } from '../../src/server/local-pop.js';
import { createStorage } from '../../src/storage/create-storage.js';
import { clientEnvOf, runCli, runCliInTerminal } from './support/cli-process.js';
import { recordingIo } from './support/recording-io.js';

let pop: LocalPop;
let env: NodeJS.ProcessEnv;
let dir: string;
const RECORDS = 10_000;

beforeAll(async () => {
  pop = await startLocalPop();
  dir = mkdtempSync(join(tmpdir(), 'incountry-cli-contract-'));
  writeFileSync(join(dir, 'v1.txt'), 'contract password\n');
  writeFileSync(
    join(dir, 'v2.json'),
    JSON.stringify({
      currentVersion: 2,
      secrets: [
        { secret: 'contract password', version: 0 },
        { secret: 'contract password 2', version: 2 },
      ],
    }),
  );
  env = { ...clientEnvOf(pop), INC_SECRETS_FILE: join(dir, 'v1.txt') };
  const storage = await createStorage({
    ...pop.storageOptions,
    secretKeyAccessor: new SecretKeyAccessor(() => 'contract password'),
  });
  const all = Array.from({ length: RECORDS }, (_, i) => ({
    record_key: `r-${i}`,
    key1: 'bulk',
    range_key1: i,
  }));
  for (let i = 0; i < all.length; i += 100) await storage.batchWrite('us', all.slice(i, i + 100));
  await storage.batchWrite(
    'de',
    Array.from({ length: 7 }, (_, i) => ({ record_key: `m-${i}`, key1: 'migrate-me' })),
  );
}, 120_000);

afterAll(async () => {
  await pop.close();
});

function runnable(command: Command, prefix: string[] = []): string[][] {
  return command.commands.flatMap((sub) => {
    const path = [...prefix, sub.name()];
    const own = (sub as unknown as { _actionHandler: unknown })._actionHandler ? [path] : [];
    return [...own, ...runnable(sub, path)];
  });
}

const lines = (text: string) =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('--json on every command', () => {
  it('every command that runs takes --json', () => {
    const program = createProgram({ io: recordingIo().io, setExitCode: () => {}, printJson: () => {} });
    const paths = runnable(program);
    expect(paths.length).toBeGreaterThan(15);
    const missing = paths.filter((path) => {
      let command: Command = program;
      for (const name of path) command = command.commands.find((c) => c.name() === name)!;
      return !command.options.some((option) => option.long === '--json');
    });
    expect(missing).toEqual([]);
  });

  it('a failure is one JSON line on stderr with code, message and exit code; stdout stays empty', async () => {
    const run = await runCli(['read', 'us', 'nobody', '--json'], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(lines(run.stderr)).toEqual([
      { error: { code: 'SERVER_ERROR', message: expect.stringContaining('read() failed'), exitCode: 1 } },
    ]);
    const usage = recordingIo();
    expect(await runInProcess(['migrate', '--dry-rn', '--json'], usage.io)).toBe(2);
    expect(lines(usage.err.join(''))).toEqual([
      {
        error: {
          code: 'USAGE',
          message: "unknown option '--dry-rn' (Did you mean --dry-run?)",
          exitCode: 2,
        },
      },
    ]);
  });

  it('keygen and secrets check answer JSON objects', async () => {
    const keygen = recordingIo();
    expect(await runInProcess(['keygen', '--json'], keygen.io)).toBe(0);
    const [key] = lines(keygen.out.join(''));
    expect(Buffer.from(String(key?.key), 'base64')).toHaveLength(32);
    const check = recordingIo();
    expect(
      await runInProcess(['secrets', 'check', '--secrets-file', join(dir, 'v2.json'), '--json'], check.io),
    ).toBe(0);
    expect(lines(check.out.join(''))).toEqual([
      {
        ok: true,
        currentVersion: 2,
        versions: [
          { version: 0, kind: 'password' },
          { version: 2, kind: 'password' },
        ],
      },
    ]);
  });

  it('health and countries keep their JSON forms', async () => {
    const health = await runCli(['health', 'us', '--json'], env);
    expect(JSON.parse(health.stdout)).toEqual({ us: true });
    const countries = await runCli(['countries', '--json'], env);
    expect(JSON.parse(countries.stdout)).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'US' })]),
    );
  });
});

describe('find --all', () => {
  it(`streams all ${RECORDS} records, one per line, paging on the server`, async () => {
    const run = await runCli(
      ['find', 'us', '--all', '--filter', '{"key1":"bulk"}', '--sort', 'range_key1'],
      env,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const records = lines(run.stdout);
    expect(records).toHaveLength(RECORDS);
    expect(records.map((r) => r.range_key1)).toEqual(Array.from({ length: RECORDS }, (_, i) => i));
  });

  it('--json gives record events and a closing summary; --page-size sets the request size', async () => {
    const requestsBefore = pop.admin.requests().filter((r) => r.route === 'find').length;
    const run = await runCli(
      ['find', 'us', '--all', '--json', '--page-size', '40', '--offset', '9900', '--sort', 'range_key1'],
      env,
    );
    expect(run.code).toBe(0);
    const events = lines(run.stdout);
    expect(events.at(-1)).toEqual({ type: 'summary', records: 100, undecryptable: 0, pages: 3 });
    expect(events.slice(0, -1).every((e) => e.type === 'record')).toBe(true);
    expect(events[0]).toMatchObject({ record: { range_key1: 9900 } });
    expect(pop.admin.requests().filter((r) => r.route === 'find').length - requestsBefore).toBe(3);
  });

  it('refuses --limit with --all, and --page-size without it', async () => {
    const both = recordingIo();
    expect(await runInProcess(['find', 'us', '--all', '--limit', '5'], both.io)).toBe(2);
    expect(both.err.join('')).toContain('--all pages through everything: use --page-size, not --limit');
    const alone = recordingIo();
    expect(await runInProcess(['find', 'us', '--page-size', '5'], alone.io)).toBe(2);
    expect(alone.err.join('')).toContain('--page-size goes with --all');
  });
});

describe('migrate --json', () => {
  it('prints NDJSON progress events and a summary line', async () => {
    const run = await runCli(['migrate', '--country', 'de', '--batch', '5', '--json'], {
      ...env,
      INC_SECRETS_FILE: join(dir, 'v2.json'),
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const events = lines(run.stdout);
    expect(events.map((e) => e.type)).toEqual(['start', 'progress', 'progress', 'finish', 'summary']);
    expect(events[0]).toEqual({ type: 'start', country: 'de', total: 7 });
    expect(events.at(-1)).toEqual({
      type: 'summary',
      dryRun: false,
      currentVersion: 2,
      interrupted: false,
      countries: [{ country: 'de', status: 'done', total: 7, migrated: 7, left: 0, undecryptable: [] }],
      total: { migrated: 7, left: 0, undecryptable: 0 },
    });
  });

  it('a country with nothing to migrate shows ETA 0s on a terminal', async () => {
    const terminal = await runCliInTerminal(['migrate', '--country', 'jp'], {
      ...env,
      INC_SECRETS_FILE: join(dir, 'v2.json'),
    });
    if (terminal === undefined) return; // no `script` on this machine
    expect(terminal.code, terminal.stdout).toBe(0);
    expect(terminal.stdout).toMatch(/jp \[█{20}\] 100% \| 0\/0 \| +0 rec\/s \| ETA: 0s \| done/);
    expect(terminal.stdout).not.toMatch(/NULL|LLs/);
  });
});

describe('errors that are not bugs, and colour', () => {
  it('colours the error label only when the terminal or FORCE_COLOR asks, never under NO_COLOR', async () => {
    const cases = [
      { env: {}, stderrIsTty: true, coloured: true },
      { env: {}, stderrIsTty: false, coloured: false },
      { env: { NO_COLOR: '1' }, stderrIsTty: true, coloured: false },
      { env: { FORCE_COLOR: '1' }, stderrIsTty: false, coloured: true },
      { env: { FORCE_COLOR: '0' }, stderrIsTty: true, coloured: false },
    ];
    for (const c of cases) {
      const { io, err } = recordingIo({ env: c.env, stderrIsTty: c.stderrIsTty });
      expect(await runInProcess(['migrate', '--batch', '5'], io)).toBe(2);
      const text = err.join('');
      expect(text.includes('\u001b[31mincountry: USAGE:\u001b[39m'), JSON.stringify(c)).toBe(c.coloured);
      expect(text.replaceAll('\u001b[31m', '').replaceAll('\u001b[39m', '')).toBe(
        'incountry: USAGE: give either --country us[,de…] or --all-countries\n',
      );
    }
  });
});

describe('incountry completion', () => {
  const bash = (script: string, words: string[]) =>
    execFileSync(
      'bash',
      [
        '-c',
        `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _incountry; printf '%s\\n' "\${COMPREPLY[@]}"`,
      ],
      { encoding: 'utf8' },
    )
      .split('\n')
      .filter(Boolean)
      .sort();

  it("bash's completion function completes subcommands and flags at every depth", async () => {
    const { io, out } = recordingIo();
    expect(await runInProcess(['completion', 'bash'], io)).toBe(0);
    const script = out.join('');
    expect(bash(script, ['incountry', 'mi'])).toEqual(['migrate']);
    expect(bash(script, ['incountry', 'pop', 'fa'])).toEqual(['faults']);
    expect(bash(script, ['incountry', 'pop', 'faults', ''])).toEqual(['add', 'clear', 'list']);
    expect(bash(script, ['incountry', 'find', 'us', '--pa'])).toEqual(['--page-size']);
    expect(bash(script, ['incountry', 'migrate', '--dry'])).toEqual(['--dry-run']);
    expect(bash(script, ['incountry', 'pop', 'faults', 'add', '--retry'])).toEqual(['--retry-after']);
  });

  it('prints zsh and fish scripts built from the same tree, and refuses other shells', async () => {
    const zsh = recordingIo();
    expect(await runInProcess(['completion', 'zsh'], zsh.io)).toBe(0);
    expect(zsh.out.join('')).toContain('bashcompinit');
    const fish = recordingIo();
    expect(await runInProcess(['completion', 'fish'], fish.io)).toBe(0);
    expect(fish.out.join('')).toContain(
      "complete -c incountry -n '__fish_seen_subcommand_from migrate' -l dry-run",
    );
    const other = recordingIo();
    expect(await runInProcess(['completion', 'tcsh'], other.io)).toBe(2);
    expect(other.err.join('')).toContain(
      "command-argument value 'tcsh' is invalid for argument 'shell'. Allowed choices are bash, zsh, fish.",
    );
  });
});
