import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../../../src/errors.js';
import { insertValuesAppender } from '../../../src/server/store/insert-values.js';
import { INSERT_COLUMNS, insertRow } from '../../../src/server/store/record-row.js';
import type { WireWriteRecord } from '../../../src/wire/index.js';

const scope = { environmentId: 'env', country: 'us' };

describe('insert values appender', () => {
  it('appends exactly the values of the full insert row, in column order, row after row', () => {
    const records: WireWriteRecord[] = [
      { record_key: 'a' },
      {
        record_key: 'b',
        key1: 'k1',
        key20: 'k20',
        service_key5: 's5',
        parent_key: null,
        range_key1: 7,
        range_key10: -3,
        body: 'body',
        precommit_body: 'pre',
        version: 2,
        is_encrypted: false,
        expires_at: '2030-01-01T00:00:00.000001+00:00',
      },
      { record_key: 'c', is_encrypted: true, range_key2: 2n ** 60n },
    ];
    const append = insertValuesAppender(INSERT_COLUMNS);
    const values: unknown[] = [];
    for (const record of records) append(values, scope, record, 42n);
    const expected = records.flatMap((record) => {
      const row = insertRow(scope, record, 42n) as Record<string, unknown>;
      return INSERT_COLUMNS.map((c) => row[c]);
    });
    expect(values).toEqual(expected);
    expect(values).toHaveLength(records.length * INSERT_COLUMNS.length);
  });

  it('rejects what the write columns reject', () => {
    const append = insertValuesAppender(INSERT_COLUMNS);
    expect(() => append([], scope, { record_key: 'a', expires_at: 'not a date' }, 0n)).toThrow(
      InputValidationError,
    );
  });
});
