import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalPop, startLocalPop } from '../../src/server/local-pop.js';
import { READY_LINE } from '../server/support/pop-process.js';
import { root, runCli, startCli } from './support/cli-process.js';

describe('the server stays optional', () => {
  it('no CLI module imports the server statically: only `pop` loads it, with import()', () => {
    const dir = join(root, 'src/cli');
    for (const file of readdirSync(dir)) {
      const source = readFileSync(join(dir, file), 'utf8');
      const staticImports = [...source.matchAll(/^import (?!type )[^;]*? from '([^']+)';/gms)].map(
        (m) => m[1],
      );
      expect(
        staticImports.filter((path) => path!.includes('/server/')),
        file,
      ).toEqual([]);
    }
  });
});

describe('incountry pop as a process', () => {
  it('prints the ready line and the variables a client exports, serves, and exits 0 on SIGINT', async () => {
    const pop = startCli(['pop', '--port', '0']);
    const ready = await pop.waitForLine(READY_LINE);
    const url = READY_LINE.exec(ready)![1]!;
    await pop.waitForLine(/^export INC_CLIENT_SECRET=/);
    expect(pop.lines).toEqual([
      `incountry pop listening on ${url} env=local-dev client_id=local-client client_secret=local-secret`,
      `# inspector: ${url}/_pop/ui`,
      `export INC_ENDPOINT=${url}`,
      `export INC_AUTH_ENDPOINT=${url}/oauth2/token`,
      `export INC_COUNTRIES_ENDPOINT=${url}/countries`,
      'export INC_ENVIRONMENT_ID=local-dev',
      'export INC_CLIENT_ID=local-client',
      'export INC_CLIENT_SECRET=local-secret',
    ]);
    expect((await fetch(`${url}/countries`)).status).toBe(200);
    pop.child.kill('SIGINT');
    expect((await pop.done).code).toBe(0);
  });

  it('--json prints one machine-readable line; PORT and INCOUNTRY_POP_* variables configure it', async () => {
    const pop = startCli(['pop', '--json'], { PORT: '0', INCOUNTRY_POP_REQUEST_LOG_SIZE: '1' });
    const line = await pop.waitForLine(/^\{/);
    const ready = JSON.parse(line);
    expect(ready).toEqual({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      authEndpoint: `${ready.url}/oauth2/token`,
      countriesEndpoint: `${ready.url}/countries`,
      environmentId: 'local-dev',
      clientId: 'local-client',
      clientSecret: 'local-secret',
      env: {
        INC_ENDPOINT: ready.url,
        INC_AUTH_ENDPOINT: `${ready.url}/oauth2/token`,
        INC_COUNTRIES_ENDPOINT: `${ready.url}/countries`,
        INC_ENVIRONMENT_ID: 'local-dev',
        INC_CLIENT_ID: 'local-client',
        INC_CLIENT_SECRET: 'local-secret',
      },
      inspectorUrl: `${ready.url}/_pop/ui`,
    });
    await fetch(`${ready.url}/countries`);
    await fetch(`${ready.url}/countries`);
    const log = (await (await fetch(`${ready.url}/_pop/requests`)).json()) as { requests: unknown[] };
    expect(log.requests).toHaveLength(1); // --request-log-size came from the environment
    pop.child.kill('SIGTERM');
    expect((await pop.done).code).toBe(0);
  });

  it('--no-inspector serves no page and prints no inspector URL; an admin token never appears in it', async () => {
    const off = startCli(['pop', '--port', '0', '--json', '--no-inspector']);
    const ready = JSON.parse(await off.waitForLine(/^\{/));
    expect(ready).not.toHaveProperty('inspectorUrl');
    expect((await fetch(`${ready.url}/_pop/ui`)).status).toBe(404);
    off.child.kill('SIGINT');
    expect((await off.done).code).toBe(0);

    const guarded = startCli(['pop', '--port', '0', '--admin-token', 'admin-token-canary-0123']);
    const line = await guarded.waitForLine(/^# inspector: /);
    expect(line).toMatch(/^# inspector: http:\/\/127\.0\.0\.1:\d+\/_pop\/ui$/);
    guarded.child.kill('SIGINT');
    const run = await guarded.done;
    expect(run.stdout + run.stderr).not.toContain('admin-token-canary-0123');
  });

  // Regression: a real secret given with --client-secret or INCOUNTRY_POP_CLIENT_SECRET was printed.
  it.each([
    ['--client-secret, text output', ['--client-secret', 'real-secret-canary-1'], {}],
    [
      'INCOUNTRY_POP_CLIENT_SECRET, --json',
      ['--json'],
      { INCOUNTRY_POP_CLIENT_SECRET: 'real-secret-canary-1' },
    ],
  ])('never prints a real client secret (%s)', async (_, args, env) => {
    const json = args.includes('--json');
    const pop = startCli(['pop', '--port', '0', '--env-id', 'prod', '--client-id', 'svc', ...args], env);
    await pop.waitForLine(json ? /^\{/ : /^export INC_CLIENT_ID=svc$/);
    pop.child.kill('SIGINT');
    const run = await pop.done;
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).not.toContain('real-secret-canary-1');
    expect(run.stdout).not.toContain('INC_CLIENT_SECRET');
    if (json) expect(JSON.parse(run.stdout)).not.toHaveProperty('clientSecret');
    else expect(run.stdout).toMatch(/^incountry pop listening on \S+ env=prod client_id=svc\n/);
  });

  it('exits 2 with a suggestion on an unknown flag or subcommand, and on invalid options', async () => {
    const [flag, sub, db] = await Promise.all([
      runCli(['pop', '--prot', '0']),
      runCli(['pop', 'rest']),
      runCli(['pop', '--port', '0', '--db', 'mysql://x']),
    ]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("error: unknown option '--prot'\n(Did you mean --port?)");
    expect(sub.code).toBe(2);
    expect(sub.stderr).toContain('(Did you mean reset?)');
    expect(db.code).toBe(2);
    expect(db.stderr).toMatch(/^incountry: CONFIG_VALIDATION: .*database URL/);
  });
});

describe('incountry pop admin subcommands against a running PoP', () => {
  let pop: LocalPop;
  let guarded: LocalPop;
  const ADMIN_TOKEN = 'admin-token-for-the-cli-test';

  beforeAll(async () => {
    pop = await startLocalPop();
    guarded = await startLocalPop({ adminToken: ADMIN_TOKEN });
  });
  afterAll(async () => {
    await pop.close();
    await guarded.close();
  });

  it('reset wipes the records', async () => {
    const token = pop.admin.issueToken();
    const write = await fetch(`${pop.url}/v2/storage/records/us`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'x-env-id': 'local-dev',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ record_key: 'k'.repeat(64), version: 0, is_encrypted: false }),
    });
    expect(write.status).toBeLessThan(300);
    const run = await runCli(['pop', 'reset', '--url', pop.url]);
    expect(run).toMatchObject({ code: 0, stdout: '{}\n' });
    const read = await fetch(`${pop.url}/v2/storage/records/us/${'k'.repeat(64)}`, {
      headers: { authorization: `Bearer ${token}`, 'x-env-id': 'local-dev' },
    });
    expect(read.status).toBe(404);
  });

  it('requests prints the log (JSON, --jsonl, --limit) and --clear empties it', async () => {
    pop.admin.clearRequests();
    await fetch(`${pop.url}/countries`);
    await fetch(`${pop.url}/healthcheck`);
    const all = await runCli(['pop', 'requests', '--url', pop.url]);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout).requests.map((r: { route: string }) => r.route)).toEqual([
      'countries',
      'healthcheck',
    ]);
    const last = await runCli(['pop', 'requests', '--limit', '1', '--jsonl'], { INCOUNTRY_POP_URL: pop.url });
    expect(
      last.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).route),
    ).toEqual(['healthcheck']);
    expect((await runCli(['pop', 'requests', '--clear', '--url', pop.url])).code).toBe(0);
    expect(pop.admin.requests()).toEqual([]);
  });

  it('faults add, list and clear; an invalid rule is one ADMIN_ERROR line', async () => {
    const added = await runCli([
      'pop',
      'faults',
      'add',
      '--url',
      pop.url,
      '--route',
      'write',
      '--country',
      'de',
      '--status',
      '503',
      '--retry-after',
      '1',
      '--times',
      '2',
    ]);
    expect(added.code).toBe(0);
    const { fault } = JSON.parse(added.stdout);
    expect(fault.rule).toEqual({ route: 'write', country: 'de', status: 503, retryAfter: 1, times: 2 });
    expect(pop.admin.faults().map((f) => f.id)).toEqual([fault.id]);
    const listed = await runCli(['pop', 'faults', 'list', '--url', pop.url]);
    expect(JSON.parse(listed.stdout).faults).toHaveLength(1);
    expect((await runCli(['pop', 'faults', 'clear', '--url', pop.url])).code).toBe(0);
    expect(pop.admin.faults()).toEqual([]);

    const bad = await runCli([
      'pop',
      'faults',
      'add',
      '--url',
      pop.url,
      '--route',
      'wirte',
      '--status',
      '503',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^incountry: ADMIN_ERROR: POST \S+\/_pop\/faults answered 400 \(.+\)\n$/);
  });

  it('health reports the store; the admin token is sent when given, and refused without it', async () => {
    const health = await runCli(['pop', 'health', '--url', pop.url]);
    expect(JSON.parse(health.stdout)).toMatchObject({ status: 'ok', store: true });
    const refused = await runCli(['pop', 'faults', 'list', '--url', guarded.url]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^incountry: ADMIN_ERROR: GET .* answered 401/);
    expect(refused.stderr).not.toContain(ADMIN_TOKEN);
    const allowed = await runCli(['pop', 'faults', 'list', '--url', guarded.url], {
      INCOUNTRY_POP_ADMIN_TOKEN: ADMIN_TOKEN,
    });
    expect(allowed).toMatchObject({ code: 0, stdout: '{"faults":[]}\n' });
  });

  it('a PoP that is not running is one NETWORK_ERROR line, exit 1', async () => {
    const run = await runCli(['pop', 'reset', '--url', 'http://127.0.0.1:9']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'incountry: NETWORK_ERROR: cannot reach the PoP at POST http://127.0.0.1:9/_pop/reset (ECONNREFUSED)\n',
    );
  });
});
