import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretKeyAccessor } from '../../src/crypto/secret-key-accessor.js';
import type { SecretsData } from '../../src/crypto/secrets-data.js';
import type { RecordInput } from '../../src/record.js';
import { type LocalPop, startLocalPop } from '../../src/server/local-pop.js';
import { createStorage } from '../../src/storage/create-storage.js';
import { clientEnvOf, runCli, runCliInTerminal, startCli } from './support/cli-process.js';

const OLD: SecretsData = { currentVersion: 1, secrets: [{ secret: 'old password', version: 1 }] };
const NEW_KEY = randomBytes(32).toString('base64');
const ROTATED: SecretsData = {
  currentVersion: 2,
  secrets: [
    { secret: 'old password', version: 1 },
    { secret: NEW_KEY, version: 2, isKey: true },
  ],
};
const NEW_ONLY: SecretsData = { currentVersion: 2, secrets: [{ secret: NEW_KEY, version: 2, isKey: true }] };
const LOST: SecretsData = {
  currentVersion: 9,
  secrets: [{ secret: 'a secret nobody has any more', version: 9 }],
};

let pop: LocalPop;
let dir: string;
let env: NodeJS.ProcessEnv;

async function storageWith(secrets: SecretsData) {
  return createStorage({ ...pop.storageOptions, secretKeyAccessor: new SecretKeyAccessor(() => secrets) });
}

async function seed(country: string, secrets: SecretsData, count: number, prefix: string) {
  const storage = await storageWith(secrets);
  const records: RecordInput[] = Array.from({ length: count }, (_, i) => ({
    record_key: `${prefix}-${i}`,
    key1: `group-${i % 3}`,
    body: JSON.stringify({ n: i }),
  }));
  for (let i = 0; i < records.length; i += 100) await storage.batchWrite(country, records.slice(i, i + 100));
}

async function countVersion(country: string, version: number): Promise<number> {
  const storage = await storageWith(ROTATED);
  return (await storage.find(country, { version }, { limit: 1 })).meta.total;
}

beforeAll(async () => {
  pop = await startLocalPop();
  dir = mkdtempSync(join(tmpdir(), 'incountry-cli-migrate-'));
  writeFileSync(join(dir, 'rotated.json'), JSON.stringify(ROTATED));
  env = { ...clientEnvOf(pop), INC_SECRETS_FILE: join(dir, 'rotated.json') };
});

afterAll(async () => {
  await pop.close();
});

describe('incountry migrate across two countries and two secret versions', () => {
  beforeAll(async () => {
    await seed('us', OLD, 150, 'us-user');
    await seed('us', LOST, 1, 'us-lost');
    await seed('de', OLD, 40, 'de-user');
    await seed('de', ROTATED, 5, 'de-new');
  });

  it('--dry-run counts what would be migrated and writes nothing', async () => {
    const run = await runCli(['migrate', '--country', 'us,de', '--dry-run', '--batch', '50'], env);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('dry run summary (current secret version 2):');
    expect(run.stdout).toContain('  us: done, to migrate 150, left 0, undecryptable 1');
    expect(run.stdout).toContain('  de: done, to migrate 40, left 0, undecryptable 0');
    expect(run.code).toBe(3);
    expect(await countVersion('us', 1)).toBe(150);
  });

  it('migrates with plain progress lines off a terminal, reports the undecryptable record and exits 3', async () => {
    const run = await runCli(['migrate', '--country', 'us', '--country', 'de', '--batch', '50'], env);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/^us: 151 records on an older secret version$/m);
    expect(run.stdout).toMatch(/^us: \d+\/151 \(\d+%\) migrated 50, undecryptable [01], \d+ rec\/s/m);
    expect(run.stdout).toMatch(/^de: 40\/40 \(100%\) migrated 40, undecryptable 0, \d+ rec\/s, eta 0s$/m);
    expect(run.stdout).not.toContain('\u001b[');
    expect(run.stdout).toContain('  us: done, migrated 150, left 0, undecryptable 1');
    expect(run.stdout).toContain('  de: done, migrated 40, left 0, undecryptable 0');
    expect(run.stdout).toContain('  total: migrated 190, left 0, undecryptable 1');
    const undecryptable = run.stdout.split('undecryptable records (record_key as stored, hashed):\n')[1]!;
    expect(undecryptable).toMatch(/^ {2}us [0-9a-f]{64} CRYPTO_ERROR: .*version 9/);
    expect(run.stdout).not.toContain('us-lost');

    // Every migrated record reads with the new secret alone.
    const fresh = await storageWith(NEW_ONLY);
    const us = await fresh.find('us', {}, { limit: 100 });
    expect(us.meta.total).toBe(151);
    expect((await fresh.read('us', 'us-user-149')).record.body).toBe('{"n":149}');
    expect((await fresh.find('de', {}, { limit: 100 })).data).toHaveLength(45);
    expect(await countVersion('us', 1)).toBe(0);
    expect(await countVersion('us', 2)).toBe(150);

    const again = await runCli(['migrate', '--all-countries'], env);
    expect(again.code).toBe(3);
    expect(again.stdout).toContain('  fr: done, migrated 0, left 0, undecryptable 0');
    expect(again.stdout).toContain('  total: migrated 0, left 0, undecryptable 1');
  });

  it('draws progress bars on a terminal', async () => {
    await seed('de', OLD, 30, 'de-tty');
    const terminal = await runCliInTerminal(['migrate', '--country', 'de', '--batch', '10'], env);
    if (terminal === undefined) return; // no `script` on this machine
    const screen = terminal.stdout;
    expect(terminal.code, screen).toBe(0);
    expect(screen).toMatch(/de \[█{20}\] 100% \| 30\/30 \| +\d+ rec\/s \| ETA: +\d+s \| done/);
    expect(screen).toContain('\u001b[');
    expect(screen).toContain('  de: done, migrated 30, left 0, undecryptable 0');
  });
});

describe('incountry migrate and Ctrl-C', () => {
  it('stops after the batch in flight on SIGINT, exits 130, and a second run finishes the rest', async () => {
    await seed('jp', OLD, 60, 'jp-user');
    // Slow writes keep the run going long enough to interrupt it mid-way.
    pop.admin.addFault({ route: 'batchWrite', country: 'jp', latencyMs: 300 });
    const running = startCli(['migrate', '--country', 'jp', '--batch', '5'], env);
    await running.waitForLine(/^jp: 5\/60 /);
    running.child.kill('SIGINT');
    const run = await running.done;
    pop.admin.clearFaults();
    expect(run.code).toBe(130);
    const summary = /^ {2}jp: interrupted, migrated (\d+), left (\d+), undecryptable 0$/m.exec(run.stdout);
    expect(summary).not.toBeNull();
    const migrated = Number(summary![1]);
    expect(migrated).toBeGreaterThanOrEqual(5);
    expect(migrated).toBeLessThan(60);
    expect(Number(summary![2])).toBe(60 - migrated);
    expect(run.stdout).toContain('run the same command again to continue');
    // The summary matches the database: nothing half-written.
    expect(await countVersion('jp', 2)).toBe(migrated);

    const rest = await runCli(['migrate', '--country', 'jp', '--batch', '50'], env);
    expect(rest.code).toBe(0);
    expect(rest.stdout).toContain(`  jp: done, migrated ${60 - migrated}, left 0, undecryptable 0`);
    expect(await countVersion('jp', 1)).toBe(0);
  });
});
