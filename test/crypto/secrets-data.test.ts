import { describe, expect, it } from 'vitest';
import { validateSecrets } from '../../src/crypto/secrets-data.js';
import { SecretsValidationError } from '../../src/errors.js';

const KEY32 = Buffer.alloc(32, 7).toString('base64');
const KEY31 = Buffer.alloc(31, 7).toString('base64');

describe('validateSecrets', () => {
  it('treats a string as secret version 0', () => {
    const secrets = validateSecrets('a password');
    expect(secrets.currentVersion).toBe(0);
    expect(secrets.current()).toEqual({ secret: 'a password', version: 0 });
  });

  it('looks secrets up by version and names a missing one', () => {
    const secrets = validateSecrets({
      currentVersion: 2,
      secrets: [
        { secret: 'old', version: 1 },
        { secret: KEY32, version: 2, isKey: true },
      ],
    });
    expect(secrets.get(1).secret).toBe('old');
    expect(secrets.current().isKey).toBe(true);
    expect(() => secrets.get(5)).toThrow(SecretsValidationError);
    expect(() => secrets.get(5)).toThrow('Secret not found for version 5');
  });

  it('never shows secrets through JSON', () => {
    expect(JSON.stringify(validateSecrets('hunter2-canary'))).not.toContain('hunter2-canary');
  });

  const malformed: Array<[string, unknown, RegExp]> = [
    ['an empty string', '', /empty string/],
    ['null', null, /non-empty string or a SecretsData object/],
    ['a number', 42, /non-empty string or a SecretsData object/],
    ['an array', [], /non-empty string or a SecretsData object/],
    ['an empty list', { currentVersion: 0, secrets: [] }, /secrets: must contain at least one secret/],
    ['secrets not a list', { currentVersion: 0, secrets: 'x' }, /secrets: expected an array of secrets/],
    [
      'a missing currentVersion',
      { secrets: [{ secret: 's', version: 0 }] },
      /currentVersion: expected an integer >= 0/,
    ],
    [
      'currentVersion absent from the list',
      { currentVersion: 3, secrets: [{ secret: 's', version: 0 }] },
      /currentVersion 3 does not match the version of any secret/,
    ],
    [
      'duplicate versions',
      {
        currentVersion: 1,
        secrets: [
          { secret: 'a', version: 1 },
          { secret: 'b', version: 1 },
        ],
      },
      /secrets\.1\.version: duplicate secret version 1/,
    ],
    [
      'a fractional version',
      { currentVersion: 0, secrets: [{ secret: 's', version: 1.5 }] },
      /secrets\.0\.version: expected an integer >= 0/,
    ],
    [
      'a negative version',
      { currentVersion: -1, secrets: [{ secret: 's', version: -1 }] },
      /version: expected an integer >= 0/,
    ],
    [
      'a string version',
      { currentVersion: 0, secrets: [{ secret: 's', version: '0' }] },
      /secrets\.0\.version: expected an integer >= 0/,
    ],
    [
      'an empty secret',
      { currentVersion: 0, secrets: [{ secret: '', version: 0 }] },
      /secrets\.0\.secret: expected a non-empty string/,
    ],
    [
      'a non-string secret',
      { currentVersion: 0, secrets: [{ secret: 5, version: 0 }] },
      /secrets\.0\.secret: expected a non-empty string/,
    ],
    [
      'a secret that is not an object',
      { currentVersion: 0, secrets: ['s'] },
      /secrets\.0: expected a secret object/,
    ],
    [
      'isKey of 31 bytes',
      { currentVersion: 0, secrets: [{ secret: KEY31, version: 0, isKey: true }] },
      /secret version 0: an isKey secret must be the base64 encoding of exactly 32 bytes/,
    ],
    [
      'isKey that is not base64',
      { currentVersion: 4, secrets: [{ secret: 'not base64 at all!', version: 4, isKey: true }] },
      /secret version 4: an isKey secret must be the base64/,
    ],
    [
      'isKey together with isForCustomEncryption',
      {
        currentVersion: 0,
        secrets: [{ secret: KEY32, version: 0, isKey: true, isForCustomEncryption: true }],
      },
      /secret version 0: isKey and isForCustomEncryption cannot both be true/,
    ],
    [
      'isForCustomEncryption that is not base64',
      { currentVersion: 0, secrets: [{ secret: 'no!', version: 0, isForCustomEncryption: true }] },
      /secret version 0: an isForCustomEncryption secret must be non-empty standard base64/,
    ],
    [
      'a non-boolean isKey',
      { currentVersion: 0, secrets: [{ secret: KEY32, version: 0, isKey: 'yes' }] },
      /secrets\.0\.isKey: expected a boolean/,
    ],
  ];

  for (const [what, input, message] of malformed) {
    it(`rejects ${what} with SecretsValidationError`, () => {
      let caught: unknown;
      try {
        validateSecrets(input);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(SecretsValidationError);
      expect((caught as Error).message).toMatch(message);
      expect((caught as SecretsValidationError).issues.length).toBeGreaterThan(0);
    });
  }
});
