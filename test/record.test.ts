import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../src/errors.js';
import { fromWireAttachmentMeta, fromWireDate } from '../src/record-from-wire.js';
import { checkPlainKeyLimits, checkSseLimits, parseRecordInput, toIsoString } from '../src/record-input.js';

function issuesOf(action: () => unknown): {
  message: string;
  issues: readonly { path: readonly (string | number)[]; message: string }[];
} {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(InputValidationError);
    return error as InputValidationError;
  }
  throw new Error('expected InputValidationError');
}

describe('parseRecordInput', () => {
  it('accepts a full record and normalises it', () => {
    const parsed = parseRecordInput({
      record_key: 'k',
      profile_key: null,
      parent_key: 'p',
      service_key5: 's',
      key20: 'x',
      range_key10: -9007199254740991,
      body: '',
      precommit_body: null,
      expires_at: '2030-01-01T00:00:00+01:00',
      key3: undefined,
    });
    expect(parsed).toEqual({
      record_key: 'k',
      profile_key: null,
      parent_key: 'p',
      service_key5: 's',
      key20: 'x',
      range_key10: -9007199254740991,
      body: '',
      precommit_body: null,
      expires_at: new Date('2029-12-31T23:00:00.000Z'),
    });
    expect('key3' in parsed).toBe(false);
  });

  it('accepts Date, dayjs and ISO strings for expires_at', () => {
    const when = new Date('2030-05-06T07:08:09.010Z');
    for (const input of [when, dayjs(when), '2030-05-06T07:08:09.010Z', '2030-05-06T09:08:09.010+0200'])
      expect(parseRecordInput({ record_key: 'k', expires_at: input }).expires_at).toEqual(when);
    expect(parseRecordInput({ record_key: 'k', expires_at: null }).expires_at).toBeNull();
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['a missing record_key', {}, /record_key: required: a non-empty string/],
    ['an empty record_key', { record_key: '' }, /record_key: must be a non-empty string/],
    ['a number key', { record_key: 'k', key4: 4 }, /key4: expected a string or null/],
    [
      'a string range key',
      { record_key: 'k', range_key1: '1' },
      /range_key1: expected an integer \(a safe number or a bigint\) or null/,
    ],
    [
      'a boolean range key',
      { record_key: 'k', range_key2: true },
      /range_key2: expected an integer \(a safe number or a bigint\) or null/,
    ],
    ['a fractional range key', { record_key: 'k', range_key3: 1.5 }, /range_key3: expected an integer$/],
    [
      'an unsafe range key',
      { record_key: 'k', range_key4: 2 ** 60 },
      /range_key4: expected an exact integer: .* give a bigint/,
    ],
    [
      'a bad date',
      { record_key: 'k', expires_at: '31/01/2030' },
      /expires_at: expected a Date, a dayjs object or an ISO-8601/,
    ],
    ['an invalid Date', { record_key: 'k', expires_at: new Date('nope') }, /expires_at: expected a Date/],
    [
      'a dayjs-like date whose toDate() throws',
      {
        record_key: 'k',
        expires_at: {
          toDate: () => {
            throw new Error('broken toDate');
          },
        },
      },
      /expires_at: expected a Date/,
    ],
    ['a number body', { record_key: 'k', body: 1 }, /body: expected a string or null/],
    [
      'an unknown field',
      { record_key: 'k', colour: 'red' },
      /colour: unknown field "colour"; writable fields are/,
    ],
    [
      'a read-only field',
      { record_key: 'k', created_at: 'x' },
      /created_at: unknown field "created_at": it is set by the server/,
    ],
    ['not an object', 'k', /expected a record object/],
  ];
  for (const [what, input, message] of bad)
    it(`rejects ${what}`, () => expect(issuesOf(() => parseRecordInput(input)).message).toMatch(message));

  it('prefixes issue paths and reports every problem', () => {
    const error = issuesOf(() =>
      parseRecordInput({ record_key: 1, range_key1: 'x', extra: 1 }, ['records', 2]),
    );
    expect(error.issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['records.2.record_key', 'records.2.range_key1', 'records.2.extra']),
    );
    expect(error.message).toMatch(/^Invalid record: records\.2\./);
  });
});

describe('limits', () => {
  it('SSE: record_key length and characters, other key lengths', () => {
    expect(() => checkSseLimits({ record_key: 'k'.repeat(128), key1: '🙂'.repeat(256) })).not.toThrow();
    for (const ch of ['/', '#', '?', '\n'])
      expect(issuesOf(() => checkSseLimits({ record_key: `a${ch}b` })).message).toMatch(
        /record_key: must not contain/,
      );
    expect(issuesOf(() => checkSseLimits({ record_key: 'k'.repeat(129) })).message).toMatch(
      /record_key: must have at most 128 characters in SSE mode/,
    );
    const error = issuesOf(() =>
      checkSseLimits({
        record_key: 'k',
        parent_key: 'p'.repeat(129),
        service_key2: 's'.repeat(257),
        key7: 'x'.repeat(257),
      }),
    );
    expect(error.issues.map((i) => i.path[0])).toEqual(['parent_key', 'service_key2', 'key7']);
  });

  it('plain keys: key1..key20 at most 256 code points', () => {
    expect(() => checkPlainKeyLimits({ record_key: 'r'.repeat(1000), key1: '🙂'.repeat(256) })).not.toThrow();
    expect(issuesOf(() => checkPlainKeyLimits({ record_key: 'k', key20: 'x'.repeat(257) })).message).toMatch(
      /key20: must have at most 256 characters when hashSearchKeys is false/,
    );
  });
});

describe('dates and attachments', () => {
  it('toIsoString gives UTC with milliseconds', () => {
    expect(toIsoString('2024-01-31T13:00:00+01:00')).toBe('2024-01-31T12:00:00.000Z');
    expect(toIsoString(dayjs('2024-01-31T12:00:00.5Z'))).toBe('2024-01-31T12:00:00.500Z');
    expect(() => toIsoString('yesterday')).toThrow(InputValidationError);
  });

  it('fromWireDate reads any offset and tolerates junk', () => {
    expect(fromWireDate('2024-01-31T12:00:00.123456+00:00')).toEqual(new Date('2024-01-31T12:00:00.123Z'));
    expect(fromWireDate(null)).toBeNull();
    expect(fromWireDate('junk')).toBeNull();
  });

  it('fromWireAttachmentMeta converts the dates', () => {
    const meta = fromWireAttachmentMeta({
      file_id: 'f',
      filename: 'a.pdf',
      hash: 'a'.repeat(64),
      mime_type: 'application/pdf',
      size: 10,
      created_at: '2021-07-26T15:34:28.910+00:00',
      updated_at: '2021-07-26T15:34:29.910+00:00',
      download_link: 'https://x',
    });
    expect(meta.created_at).toEqual(new Date('2021-07-26T15:34:28.910Z'));
    expect(meta.updated_at.getTime() - meta.created_at.getTime()).toBe(1000);
  });
});
