import { describe, expect, it } from 'vitest';
import { CliCommandError, CliUsageError, describeError } from '../../src/cli/cli-error.js';
import { type CountryOutcome, migrationExitCode, migrationSummary } from '../../src/cli/migrate-command.js';
import { plainProgress } from '../../src/cli/migrate-progress.js';
import { parseSort } from '../../src/cli/record-commands.js';
import { InputValidationError, StorageCryptoError, StorageNetworkError } from '../../src/errors.js';
import { MissingServerDependencyError } from '../../src/server/server-dependencies.js';

const done = (country: string, extra: Partial<CountryOutcome> = {}): CountryOutcome => ({
  country,
  status: 'done',
  total: 2,
  migrated: 2,
  left: 0,
  undecryptable: [],
  ...extra,
});
const lost = { country: 'us', recordKey: 'ab'.repeat(32), code: 'CRYPTO_ERROR', message: 'cannot decrypt' };

describe('migrationExitCode', () => {
  it('ranks interrupted over failed over undecryptable over ok', () => {
    expect(migrationExitCode([done('us')])).toBe(0);
    expect(migrationExitCode([done('us', { undecryptable: [lost] })])).toBe(3);
    expect(migrationExitCode([done('us', { undecryptable: [lost] }), done('de', { status: 'failed' })])).toBe(
      1,
    );
    expect(migrationExitCode([done('us', { status: 'failed' }), done('de', { status: 'not started' })])).toBe(
      130,
    );
  });
});

describe('migrationSummary', () => {
  it('lists each country, the totals and the undecryptable records by stored key', () => {
    const text = migrationSummary(
      [
        done('us', { migrated: 5, undecryptable: [lost] }),
        done('de', {
          status: 'failed',
          migrated: 0,
          left: undefined,
          error: new StorageNetworkError('down'),
        }),
      ],
      { dryRun: false, currentVersion: 2 },
      (error) => describeError(error).line.replace(/^incountry: /, ''),
    );
    expect(text).toBe(
      [
        'migration summary (current secret version 2):',
        '  us: done, migrated 5, left 0, undecryptable 1',
        '  de: failed, migrated 0, left ?, undecryptable 0: NETWORK_ERROR: down',
        '  total: migrated 5, left 0, undecryptable 1',
        'undecryptable records (record_key as stored, hashed):',
        `  us ${'ab'.repeat(32)} CRYPTO_ERROR: cannot decrypt`,
        '',
      ].join('\n'),
    );
  });
});

describe('plainProgress', () => {
  it('prints one line per update with counts, percentage, rate and remaining time', () => {
    const lines: string[] = [];
    const progress = plainProgress((text) => lines.push(text), 'migrated');
    progress.start('us', 300);
    progress.update({ country: 'us', total: 300, migrated: 99, undecryptable: 1, elapsedMs: 1000 });
    progress.finish({ country: 'us', total: 300, migrated: 299, undecryptable: 1, elapsedMs: 3000 }, 'done');
    expect(lines).toEqual([
      'us: 300 records on an older secret version\n',
      'us: 100/300 (33%) migrated 99, undecryptable 1, 99 rec/s, eta 3s\n',
      'us: done\n',
    ]);
  });
});

describe('describeError', () => {
  it('prints one line with the code; client-side problems exit 2, the rest 1', () => {
    expect(describeError(new InputValidationError('read() failed:\n  bad key'))).toEqual({
      line: 'incountry: INPUT_VALIDATION: read() failed: bad key',
      code: 'INPUT_VALIDATION',
      message: 'read() failed: bad key',
      exitCode: 2,
    });
    expect(describeError(new StorageCryptoError('x'))).toMatchObject({
      line: 'incountry: CRYPTO_ERROR: x',
      exitCode: 1,
    });
    expect(describeError(new CliUsageError('--batch'))).toMatchObject({
      line: 'incountry: USAGE: --batch',
      exitCode: 2,
    });
    expect(describeError(new CliCommandError('ADMIN_ERROR', 'no'))).toMatchObject({
      line: 'incountry: ADMIN_ERROR: no',
      exitCode: 1,
    });
    expect(describeError(new TypeError('boom')).line).toBe('incountry: UNEXPECTED: boom');
  });

  it('reports missing server packages as MISSING_PACKAGE, a configuration problem (exit 2), not UNEXPECTED', () => {
    expect(describeError(new MissingServerDependencyError(['fastify']))).toMatchObject({
      code: 'MISSING_PACKAGE',
      exitCode: 2,
      line: expect.stringMatching(
        /^incountry: MISSING_PACKAGE: incountry-ts\/server cannot load: fastify not installed\. .*npm install -D fastify@/,
      ),
    });
  });
});

describe('parseSort', () => {
  it('reads field[:asc|desc] lists and refuses anything else', () => {
    expect(parseSort('created_at:desc, range_key1')).toEqual([{ created_at: 'desc' }, { range_key1: 'asc' }]);
    expect(() => parseSort('key1:up')).toThrow(CliUsageError);
    expect(() => parseSort('a:b:c')).toThrow(/--sort/);
  });
});
