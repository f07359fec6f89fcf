/**
 * The CLI never writes a server's control characters to the terminal raw (CWE-150): a hostile PoP's error
 * body, countries list or stored record key with ESC, BEL, CR or bidi overrides is escaped in human
 * output and error lines (a CR used to let the server overwrite the line with `incountry: OK: …`), while
 * JSON output stays exact JSON. The hostile text comes from a real local PoP (its countries option, fault
 * injection, and a record written raw); a deeply nested --filter is an input error (exit 2).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalPop, startLocalPop } from '../../src/server/local-pop.js';
import { fetchToken } from '../server/support/test-pop.js';
import { clientEnvOf, runCli } from './support/cli-process.js';

const HOSTILE = '\rincountry: OK: all good\x1b[2J\x1b]0;pwned\x07\x9b1m\u202eevil';
// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for them is the test
const RAW = /[\r\u001b\u0007\u009b\u202e]/;

let pop: LocalPop;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  pop = await startLocalPop({
    countries: [
      { id: 'US', name: `United States${HOSTILE}`, direct: true, region: `AMER${HOSTILE}` },
      { id: 'DE', name: 'Germany', direct: true, region: 'EMEA' },
    ],
  });
  const dir = mkdtempSync(join(tmpdir(), 'incountry-cli-hostile-'));
  writeFileSync(join(dir, 'secret.txt'), 'hostile output password\n');
  env = { ...clientEnvOf(pop), INC_SECRETS_FILE: join(dir, 'secret.txt') };
  // A record the client cannot decrypt, whose stored key is hostile text (the PoP stores what it receives).
  const { environmentId, clientId, clientSecret } = pop.storageOptions;
  const token = await fetchToken(pop.url, clientId, clientSecret, environmentId);
  const response = await fetch(`${pop.url}/v2/storage/records/gb`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'x-env-id': environmentId,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ record_key: `key${HOSTILE}`, body: 'not a ciphertext' }),
  });
  expect(response.status).toBe(201);
});

afterAll(async () => {
  await pop.close();
});

describe('hostile server text in CLI output', () => {
  it('countries: escaped in the table, exact in --json', async () => {
    const [table, json] = await Promise.all([
      runCli(['countries'], env),
      runCli(['countries', '--json'], env),
    ]);
    expect(table.code).toBe(0);
    expect(table.stdout).not.toMatch(RAW);
    expect(table.stdout).toContain(
      'United States\\x0Dincountry: OK: all good\\x1B[2J\\x1B]0;pwned\\x07\\x9B1m\\u202Eevil',
    );
    expect(json.code).toBe(0);
    expect(json.stdout).not.toMatch(RAW);
    expect(JSON.parse(json.stdout)[0]).toMatchObject({
      name: `United States${HOSTILE}`,
      region: `AMER${HOSTILE}`,
    });
  });

  it('read and find errors: one escaped line, no CR to overwrite it', async () => {
    pop.admin.addFault({ route: 'read', status: 500, detail: HOSTILE });
    pop.admin.addFault({ route: 'find', status: 400, detail: HOSTILE });
    try {
      const runs = await Promise.all([runCli(['read', 'us', 'k'], env), runCli(['find', 'us'], env)]);
      for (const run of runs) {
        expect(run.code).toBe(1);
        expect(run.stderr).not.toMatch(RAW);
        expect(run.stderr).toMatch(
          /^incountry: SERVER_ERROR: (read|find)\(\) failed: .*\\x0Dincountry: OK: all good\\x1B\[2J.*\n$/,
        );
      }
    } finally {
      pop.admin.clearFaults();
    }
  });

  it('find --jsonl: an undecryptable record with a hostile stored key is reported escaped; JSON output stays exact', async () => {
    const [lines, document] = await Promise.all([
      runCli(['find', 'gb', '--jsonl'], env),
      runCli(['find', 'gb'], env),
    ]);
    expect(lines.code).toBe(3);
    expect(lines.stderr).not.toMatch(RAW);
    expect(lines.stderr).toContain('record key\\x0Dincountry: OK');
    expect(document.code).toBe(3);
    expect(document.stdout).not.toMatch(RAW);
    expect(JSON.parse(document.stdout).errors[0].record_key).toBe(`key${HOSTILE}`);
  });

  it('find --filter nested 5,000 levels is an input error (exit 2), not a stack overflow', async () => {
    const filter = `{"key1":${'{"$not":'.repeat(5000)}"x"${'}'.repeat(5000)}}`;
    const run = await runCli(['find', 'us', '--filter', filter], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^incountry: INPUT_VALIDATION: find\(\) failed: .*more than 32 levels/);
  });
});
