/**
 * scripts/postgres.sh keeps runs apart: each port has its own data directory under TMPDIR, and a start
 * refuses rather than wiping a server that is running. Runs on free ports and a private TMPDIR (never the
 * shared 55433); skipped where PostgreSQL is not installed.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const script = resolve(import.meta.dirname, '../../scripts/postgres.sh');
const installed = readdirSync('/usr/lib/postgresql', { withFileTypes: true }).length > 0;
const dir = mkdtempSync(join(tmpdir(), 'pg-script-'));
// The server runs as the postgres user when the tests run as root: it must reach its directory.
chmodSync(dir, 0o755);
const env = { ...process.env, TMPDIR: dir };
const started: number[] = [];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const sh = (...args: string[]) => run('bash', [script, ...args], { env });

afterAll(async () => {
  for (const port of started) await sh('stop', String(port)).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!installed)('scripts/postgres.sh', () => {
  it('two ports run side by side; starting a running one again refuses and leaves it serving', async () => {
    const [a, b] = [await freePort(), await freePort()];
    started.push(a, b);
    const first = await sh('start', String(a));
    expect(first.stdout.trim().split('\n').at(-1)).toBe(`postgres://postgres@127.0.0.1:${a}/incountry_test`);
    await sh('start', String(b));
    expect(existsSync(join(dir, `incountry-ts-pg-${a}`, 'data'))).toBe(true);

    await expect(sh('start', String(a))).rejects.toMatchObject({
      stderr: expect.stringMatching(/stop it first/),
    });
    const ready = await run('bash', ['-c', `ls -d /usr/lib/postgresql/*/bin | tail -1`]);
    await run(`${ready.stdout.trim()}/pg_isready`, ['-h', '127.0.0.1', '-p', String(a)]);

    await sh('stop', String(b));
    expect(existsSync(join(dir, `incountry-ts-pg-${b}`))).toBe(false);
    expect(existsSync(join(dir, `incountry-ts-pg-${a}`, 'data'))).toBe(true);
  }, 60_000);
});
