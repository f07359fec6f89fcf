import { describe, expect, it } from 'vitest';
import {
  CliUsageError,
  POP_USAGE,
  type PopCommandIo,
  parsePopArgs,
  runPopCommand,
} from '../../src/cli/pop-command.js';
import type { LocalPop } from '../../src/server/index.js';
import { READY_LINE, spawnPop } from '../server/support/pop-process.js';
import { rawRequest } from '../server/support/raw-http.js';

function fakeIo(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const signals = new Map<string, () => void>();
  const exits: number[] = [];
  const io: PopCommandIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env,
    onSignal: (signal, listener) => signals.set(signal, listener),
    exit: (code) => exits.push(code),
  };
  return { io, out, err, signals, exits };
}

describe('parsePopArgs', () => {
  it('defaults to port 8080, 127.0.0.1, SQLite in memory and dev credentials', () => {
    expect(parsePopArgs([])).toEqual({
      help: false,
      options: { port: 8080, host: '127.0.0.1', db: 'sqlite::memory:', strict: false, logger: false },
    });
  });

  it('routes --country databases beside the --db default', () => {
    const command = parsePopArgs([
      '--db',
      'sqlite:./pop.db',
      '--country',
      'DE=postgres://h/db',
      '--country',
      'fr=sqlite:./fr.db',
    ]);
    expect(command.help === false && command.options.db).toEqual({
      de: 'postgres://h/db',
      fr: 'sqlite:./fr.db',
      '*': 'sqlite:./pop.db',
    });
  });

  it('--allowed-hosts takes comma-separated names, repeatable; INCOUNTRY_POP_ALLOWED_HOSTS is the fallback', () => {
    const flags = parsePopArgs(
      ['--allowed-hosts', 'pop.test, localhost:18080', '--allowed-hosts', 'b.test'],
      {
        INCOUNTRY_POP_ALLOWED_HOSTS: 'ignored.test',
      },
    );
    expect(flags.help === false && flags.options.allowedHosts).toEqual([
      'pop.test',
      'localhost:18080',
      'b.test',
    ]);
    const fromEnv = parsePopArgs([], { INCOUNTRY_POP_ALLOWED_HOSTS: 'pop.test,,other.test' });
    expect(fromEnv.help === false && fromEnv.options.allowedHosts).toEqual(['pop.test', 'other.test']);
    expect(parsePopArgs([], { INCOUNTRY_POP_ALLOWED_HOSTS: '' })).toEqual(parsePopArgs([]));
  });

  it('strict mode needs all three credentials; the secret may come from the environment', () => {
    expect(() => parsePopArgs(['--strict', '--env-id', 'e', '--client-id', 'c'])).toThrow(CliUsageError);
    const command = parsePopArgs(['--strict', '--env-id', 'e', '--client-id', 'c'], {
      INCOUNTRY_POP_CLIENT_SECRET: 's',
    });
    expect(command.help === false && command.options.credentials).toEqual([
      { environmentId: 'e', clientId: 'c', clientSecret: 's' },
    ]);
  });

  it('rejects unknown flags, bad numbers and bad --country values', () => {
    expect(() => parsePopArgs(['--colour'])).toThrow(CliUsageError);
    expect(() => parsePopArgs(['--port', 'eighty'])).toThrow(/--port/);
    expect(() => parsePopArgs(['--country', 'germany'])).toThrow(/--country/);
    expect(() => parsePopArgs(['--client-id', 'only-one'])).toThrow(/together/);
  });

  it('passes admin token, SSE key and token TTL through', () => {
    const command = parsePopArgs(['--token-ttl', '60', '--sse-key', 'a2V5'], {
      INCOUNTRY_POP_ADMIN_TOKEN: 'adm',
    });
    expect(command.help === false && command.options).toMatchObject({
      tokenTtlSeconds: 60,
      sseKey: 'a2V5',
      adminToken: 'adm',
    });
  });

  it('recognises --help and -h', () => {
    expect(parsePopArgs(['--help'])).toEqual({ help: true });
    expect(parsePopArgs(['-h'])).toEqual({ help: true });
  });
});

describe('runPopCommand', () => {
  it('prints usage for --help and exits 0', async () => {
    const { io, out } = fakeIo();
    expect(await runPopCommand(['--help'], io)).toBe(0);
    expect(out.join('')).toBe(POP_USAGE);
  });

  it('exits 2 with a hint on a usage error, and 1 when the PoP cannot start', async () => {
    const usage = fakeIo();
    expect(await runPopCommand(['--nope'], usage.io)).toBe(2);
    expect(usage.err.join('')).toMatch(/incountry pop --help/);
    const start = fakeIo();
    expect(await runPopCommand(['--port', '0', '--db', 'mysql://x'], start.io)).toBe(1);
    expect(start.err.join('')).toMatch(/could not start: invalid database URL/);
  });

  it('prints one ready line with the dev credentials and closes on SIGTERM', async () => {
    const { io, out, signals, exits } = fakeIo();
    const pop = (await runPopCommand(['--port', '0'], io)) as LocalPop;
    expect(out).toHaveLength(1);
    expect(out[0]).toBe(
      `incountry pop listening on ${pop.url} env=local-dev client_id=local-client client_secret=local-secret\n`,
    );
    signals.get('SIGTERM')!();
    await expect.poll(() => exits).toEqual([0]);
    await expect(fetch(`${pop.url}/countries`)).rejects.toThrow();
  });

  it('--allowed-hosts lets a named host through; a malformed entry stops the start', async () => {
    const { io, signals, exits } = fakeIo({ INCOUNTRY_POP_ALLOWED_HOSTS: 'pop.test' });
    const pop = (await runPopCommand(['--port', '0'], io)) as LocalPop;
    const port = new URL(pop.url).port;
    const status = async (host: string) =>
      (await rawRequest(pop.url, { method: 'GET', path: '/countries', headers: { host } })).status;
    expect(await status(`pop.test:${port}`)).toBe(200);
    expect(await status(`evil.example:${port}`)).toBe(403);
    signals.get('SIGTERM')!();
    await expect.poll(() => exits).toEqual([0]);
    const bad = fakeIo();
    expect(await runPopCommand(['--port', '0', '--allowed-hosts', 'http://pop.test'], bad.io)).toBe(1);
    expect(bad.err.join('')).toMatch(/could not start: .*allowedHosts/);
  });

  it('never prints the secret in strict mode', async () => {
    const { io, out, signals, exits } = fakeIo({ INCOUNTRY_POP_CLIENT_SECRET: 'strict-secret-value' });
    await runPopCommand(['--port', '0', '--strict', '--env-id', 'prod', '--client-id', 'svc'], io);
    expect(out[0]).toMatch(/ env=prod client_id=svc\n$/);
    expect(out.join('')).not.toContain('strict-secret-value');
    signals.get('SIGINT')!();
    await expect.poll(() => exits).toEqual([0]);
  });
});

describe('incountry pop as a process', () => {
  it('prints the ready line and exits 0 on SIGINT', async () => {
    const pop = await spawnPop(['pop', '--port', '0']);
    expect(pop.lines).toHaveLength(1);
    expect(pop.lines[0]).toMatch(READY_LINE);
    expect((await fetch(`${pop.url}/countries`)).status).toBe(200);
    pop.child.kill('SIGINT');
    expect(await pop.exited).toBe(0);
  });
});
