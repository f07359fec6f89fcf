import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgram, runCli as runInProcess } from '../../src/cli/program.js';
import { SecretKeyAccessor } from '../../src/crypto/secret-key-accessor.js';
import { type LocalPop, startLocalPop } from '../../src/server/local-pop.js';
import { createStorage } from '../../src/storage/create-storage.js';
import { clientEnvOf, runCli } from './support/cli-process.js';
import { recordingIo } from './support/recording-io.js';

let pop: LocalPop;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  pop = await startLocalPop();
  dir = mkdtempSync(join(tmpdir(), 'incountry-cli-records-'));
  writeFileSync(join(dir, 'plain.txt'), 'records password\n');
  writeFileSync(
    join(dir, 'bad.json'),
    JSON.stringify({ currentVersion: 3, secrets: [{ secret: 's', version: 1 }] }),
  );
  env = { ...clientEnvOf(pop), INC_SECRETS_FILE: join(dir, 'plain.txt') };
  const storage = await createStorage({
    ...pop.storageOptions,
    secretKeyAccessor: new SecretKeyAccessor(() => 'records password'),
  });
  await storage.batchWrite('us', [
    { record_key: 'ada', key1: 'eng', range_key1: 36, body: '{"name":"Ada"}' },
    { record_key: 'bob', key1: 'eng', range_key1: 20, body: '{"name":"Bob"}' },
    { record_key: 'cy', key1: 'ops', range_key1: 50 },
  ]);
  const other = await createStorage({
    ...pop.storageOptions,
    secretKeyAccessor: new SecretKeyAccessor(() => 'another password'),
  });
  await other.write('gb', { record_key: 'unreadable', key1: 'eng' });
});

afterAll(async () => {
  await pop.close();
});

describe('read, find and delete print JSON, decrypting locally', () => {
  it('read prints the record; a missing one is one SERVER_ERROR line and exit 1', async () => {
    const [found, missing] = await Promise.all([
      runCli(['read', 'us', 'ada'], env),
      runCli(['read', 'us', 'nobody'], env),
    ]);
    expect(found.code).toBe(0);
    expect(JSON.parse(found.stdout)).toMatchObject({
      record_key: 'ada',
      key1: 'eng',
      range_key1: 36,
      body: '{"name":"Ada"}',
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^incountry: SERVER_ERROR: read\(\) failed: .*404.*\n$/);
    expect(missing.stderr).not.toContain('nobody');
  });

  it('find takes --filter, --sort, --limit and --offset, and prints one document or --jsonl lines', async () => {
    const [page, lines] = await Promise.all([
      runCli(
        [
          'find',
          'us',
          '--filter',
          '{"key1":"eng"}',
          '--sort',
          'range_key1:desc',
          '--limit',
          '1',
          '--offset',
          '1',
        ],
        env,
      ),
      runCli(['find', 'us', '--sort', 'range_key1', '--jsonl'], env),
    ]);
    expect(page.code).toBe(0);
    const result = JSON.parse(page.stdout);
    expect(result.data.map((r: { record_key: string }) => r.record_key)).toEqual(['bob']);
    expect(result.meta).toEqual({ count: 1, limit: 1, offset: 1, total: 2 });
    expect(result.errors).toEqual([]);
    expect(lines.code).toBe(0);
    expect(
      lines.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).record_key),
    ).toEqual(['bob', 'ada', 'cy']);
  });

  it('find reports records it cannot decrypt by their stored key, and exits 3', async () => {
    const run = await runCli(['find', 'gb'], env);
    expect(run.code).toBe(3);
    const { data, errors } = JSON.parse(run.stdout);
    expect(data).toEqual([]);
    expect(errors).toEqual([
      {
        record_key: expect.stringMatching(/^[0-9a-f]{64}$/),
        code: 'CRYPTO_ERROR',
        message: expect.any(String),
      },
    ]);
    expect(run.stdout).not.toContain('unreadable');
  });

  it('delete prints {"success":true} and the record is gone', async () => {
    const run = await runCli(['delete', 'us', 'cy'], env);
    expect(run).toMatchObject({ code: 0, stdout: '{"success":true}\n' });
    expect((await runCli(['read', 'us', 'cy'], env)).code).toBe(1);
  });

  it('configuration and usage problems are one line each, exit 2', async () => {
    const [noSecrets, badFilter, badSecrets, badSort] = await Promise.all([
      runCli(['read', 'us', 'ada'], { ...env, INC_SECRETS_FILE: '' }),
      runCli(['find', 'us', '--filter', '{key1:'], env),
      runCli(['read', 'us', 'ada', '--secrets-file', join(dir, 'bad.json')], env),
      runCli(['find', 'us', '--sort', 'key1:up'], env),
    ]);
    expect(noSecrets).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^incountry: USAGE: .*--secrets-file/),
    });
    expect(badFilter).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^incountry: USAGE: --filter/),
    });
    expect(badSecrets.code).toBe(2);
    expect(badSecrets.stderr).toMatch(/^incountry: SECRETS_VALIDATION: .*currentVersion 3/);
    expect(badSort).toMatchObject({ code: 2, stderr: expect.stringMatching(/^incountry: USAGE: --sort/) });
    for (const run of [noSecrets, badFilter, badSecrets, badSort])
      expect(run.stderr.split('\n')).toHaveLength(2);
  });
});

describe('health, countries, keygen, secrets check, --version', () => {
  it('health checks the given countries; countries lists the endpoint', async () => {
    const [health, countries] = await Promise.all([
      runCli(['health', 'us', 'de', '--json'], env),
      runCli(['countries'], env),
    ]);
    expect(health).toMatchObject({ code: 0, stdout: '{"us":true,"de":true}\n' });
    expect(countries.code).toBe(0);
    expect(countries.stdout).toContain('US\tAMER\tmid\tUnited States\n');
    expect(countries.stdout).toContain('PE\tAMER\tmini\tPeru\n');
  });

  it('keygen prints base64 of 32 random bytes; secrets check validates without printing secrets', async () => {
    const [first, second, ok, bad] = await Promise.all([
      runCli(['keygen']),
      runCli(['keygen']),
      runCli(['secrets', 'check', '--secrets-file', join(dir, 'plain.txt')]),
      runCli(['secrets', 'check'], { INC_SECRETS_FILE: join(dir, 'bad.json') }),
    ]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^[A-Za-z0-9+/]{43}=\n$/);
    expect(Buffer.from(first.stdout.trim(), 'base64')).toHaveLength(32);
    expect(second.stdout).not.toBe(first.stdout);
    expect(ok).toMatchObject({ code: 0, stdout: 'ok: current version 0; versions 0 (password)\n' });
    expect(ok.stdout).not.toContain('records password');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'incountry: SECRETS_VALIDATION: Invalid secrets: currentVersion: currentVersion 3 does not match the version of any secret\n',
    );
  });

  it('--version prints the package version', async () => {
    const run = await runCli(['--version']);
    expect(run).toMatchObject({ code: 0, stdout: '0.1.0\n' });
  });
});

describe('the command tree (in process)', () => {
  function paths(command: Command, prefix: string[] = []): string[][] {
    return command.commands
      .filter((c) => c.name() !== 'help')
      .flatMap((c) => [[...prefix, c.name()], ...paths(c, [...prefix, c.name()])]);
  }

  it('every subcommand answers --help with its usage, and rejects unknown flags with exit 2', async () => {
    const all = paths(createProgram({ io: recordingIo().io, setExitCode: () => {}, printJson: () => {} }));
    expect(all.map((p) => p.join(' '))).toEqual(
      expect.arrayContaining([
        'migrate',
        'read',
        'find',
        'delete',
        'health',
        'countries',
        'keygen',
        'secrets check',
      ]),
    );
    expect(all.map((p) => p.join(' '))).toEqual(
      expect.arrayContaining([
        'pop',
        'pop reset',
        'pop requests',
        'pop health',
        'pop faults add',
        'pop faults list',
        'pop faults clear',
      ]),
    );
    for (const path of all) {
      const help = recordingIo();
      expect(await runInProcess([...path, '--help'], help.io)).toBe(0);
      expect(help.out.join('')).toMatch(new RegExp(`^Usage: incountry ${path.join(' ')} `));
      const wrong = recordingIo();
      expect(await runInProcess([...path, '--no-such-flag'], wrong.io)).toBe(2);
      expect(wrong.err.join('')).toContain("error: unknown option '--no-such-flag'");
    }
  });

  it('suggests the closest flag', async () => {
    const { io, err } = recordingIo();
    expect(await runInProcess(['migrate', '--dry-rn'], io)).toBe(2);
    expect(err.join('')).toBe("error: unknown option '--dry-rn'\n(Did you mean --dry-run?)\n");
  });
});
