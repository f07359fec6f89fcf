import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addPopFlags, popOptionsFromFlags } from '../../src/cli/pop-flags.js';

/** Parses flags the way `incountry pop` does (commander, with the INCOUNTRY_POP_* variables). */
function parse(args: string[]): Record<string, unknown> {
  return addPopFlags(new Command('pop').exitOverride()).parse(args, { from: 'user' }).opts();
}

describe('popOptionsFromFlags', () => {
  it('defaults to port 8080 on 127.0.0.1, SQLite in memory and the dev credentials', () => {
    expect(popOptionsFromFlags({}, {})).toEqual({ port: 8080, host: '127.0.0.1', db: 'sqlite::memory:' });
  });

  it('honours PORT when neither --port nor INCOUNTRY_POP_PORT is given', () => {
    expect(popOptionsFromFlags({}, { PORT: '3000' }).port).toBe(3000);
    expect(popOptionsFromFlags(parse(['--port', '0']), { PORT: '3000' }).port).toBe(0);
    expect(() => popOptionsFromFlags({}, { PORT: 'http' })).toThrow(/PORT expects a whole number/);
  });

  it('maps every startLocalPop option that has a flag', () => {
    const dir = mkdtempSync(join(tmpdir(), 'incountry-pop-flags-'));
    const countries = [{ id: 'US', name: 'United States', direct: true, region: 'AMER' }];
    writeFileSync(join(dir, 'countries.json'), JSON.stringify({ countries }));
    const options = popOptionsFromFlags(
      parse([
        '--host=0.0.0.0',
        '--db',
        'sqlite:./pop.db',
        '--country',
        'DE=postgres://h/de',
        '--env-id',
        'e1',
        '--client-id',
        'c1',
        '--client-secret',
        's1',
        '--credential',
        'e2:c2:s:2',
        '--api-token',
        'e2:static-token-0123456789',
        '--strict',
        '--admin-token',
        'admin-token-0123456789',
        '--sse-key',
        'a2V5',
        '--token-ttl',
        '60',
        '--countries',
        join(dir, 'countries.json'),
        '--sweep-interval',
        '500',
        '--request-log-size',
        '10',
        '--max-attachment-bytes',
        '2048',
        '--max-json-bytes',
        '4096',
        '--no-inspector',
        '--log',
      ]),
      {},
    );
    expect(options).toEqual({
      port: 8080,
      host: '0.0.0.0',
      db: { de: 'postgres://h/de', '*': 'sqlite:./pop.db' },
      credentials: [
        { environmentId: 'e1', clientId: 'c1', clientSecret: 's1' },
        { environmentId: 'e2', clientId: 'c2', clientSecret: 's:2' },
      ],
      apiTokens: [{ environmentId: 'e2', token: 'static-token-0123456789' }],
      strict: true,
      adminToken: 'admin-token-0123456789',
      sseKey: 'a2V5',
      tokenTtlSeconds: 60,
      countries,
      sweepIntervalMs: 500,
      requestLogSize: 10,
      maxAttachmentBytes: 2048,
      maxJsonBytes: 4096,
      inspector: false,
      logger: true,
    });
  });

  it('serves the inspector unless --no-inspector or INCOUNTRY_POP_NO_INSPECTOR says not to', () => {
    expect(popOptionsFromFlags(parse([]), {})).not.toHaveProperty('inspector');
    expect(popOptionsFromFlags(parse(['--no-inspector']), {}).inspector).toBe(false);
  });

  it('--allowed-hosts takes comma-separated names, repeatable; INCOUNTRY_POP_ALLOWED_HOSTS is the fallback', () => {
    const flags = parse(['--allowed-hosts', 'pop.test, localhost:18080', '--allowed-hosts', 'b.test']);
    expect(popOptionsFromFlags(flags, {}).allowedHosts).toEqual(['pop.test', 'localhost:18080', 'b.test']);
    expect(popOptionsFromFlags({ allowedHosts: ['pop.test,,other.test'] }, {}).allowedHosts).toEqual([
      'pop.test',
      'other.test',
    ]);
  });

  it('splits repeatable values given as comma-separated lists (environment variables)', () => {
    const options = popOptionsFromFlags(
      { apiToken: ['a:token-aaaaaaaaaaaaaaaa,b:token-bbbbbbbbbbbbbbbb'] },
      {},
    );
    expect(options.apiTokens).toEqual([
      { environmentId: 'a', token: 'token-aaaaaaaaaaaaaaaa' },
      { environmentId: 'b', token: 'token-bbbbbbbbbbbbbbbb' },
    ]);
  });

  it('rejects half-given credentials, strict mode without them, and malformed values', () => {
    expect(() => popOptionsFromFlags(parse(['--client-id', 'only-one']), {})).toThrow(/together/);
    expect(() => popOptionsFromFlags(parse(['--strict']), {})).toThrow(/strict mode needs/);
    expect(() => popOptionsFromFlags(parse(['--country', 'germany']), {})).toThrow(/--country/);
    expect(() => popOptionsFromFlags(parse(['--credential', 'e:c']), {})).toThrow(/--credential/);
    expect(() => popOptionsFromFlags(parse(['--token-ttl', 'soon']), {})).toThrow(/--token-ttl/);
    expect(() => popOptionsFromFlags(parse(['--countries', '/nonexistent.json']), {})).toThrow(/ENOENT/);
  });
});
