/**
 * The decoded record is written out field by field (src/crypto/record-assembly.ts, for speed); these check
 * that the hand-written list keeps the catalogue: every field, in catalogue order, originals before wire
 * values, and unset fields null.
 */
import { describe, expect, it } from 'vitest';
import { assembleRecord } from '../../src/crypto/record-assembly.js';
import { RANGE_KEYS, STRING_KEYS } from '../../src/fields.js';

describe('assembleRecord', () => {
  it('has every field of the catalogue, in its order', () => {
    const record = assembleRecord({ record_key: 'h' }, { meta: {}, body: null, precommit: null, version: 0 });
    expect(Object.keys(record)).toEqual([
      ...STRING_KEYS,
      ...RANGE_KEYS,
      'body',
      'precommit_body',
      'version',
      'is_encrypted',
      'created_at',
      'updated_at',
      'expires_at',
      'attachments',
    ]);
    expect(record).toMatchObject({ record_key: 'h', key20: null, range_key10: null, attachments: [] });
  });

  it('takes each string key from the envelope, else from the wire', () => {
    const wire = Object.fromEntries([
      ...STRING_KEYS.map((field) => [field, `wire-${field}`]),
      ...RANGE_KEYS.map((field, i) => [field, i === 9 ? 2n ** 62n : i]),
    ]) as unknown as Parameters<typeof assembleRecord>[0];
    const meta = Object.fromEntries(
      STRING_KEYS.filter((_, i) => i % 2 === 0).map((field) => [field, `meta-${field}`]),
    );
    const record = assembleRecord(wire, { meta, body: 'b', precommit: 'p', version: 3 });
    STRING_KEYS.forEach((field, i) => {
      expect(record[field], field).toBe(i % 2 === 0 ? `meta-${field}` : `wire-${field}`);
    });
    RANGE_KEYS.forEach((field, i) => {
      expect(record[field], field).toBe(i === 9 ? 2n ** 62n : i);
    });
    expect(record).toMatchObject({ body: 'b', precommit_body: 'p', version: 3 });
  });

  it('reads the legacy meta.key as the record key only when meta.record_key is absent', () => {
    const parts = { body: null, precommit: null, version: 0 };
    expect(assembleRecord({ record_key: 'h' }, { ...parts, meta: { key: 'legacy' } }).record_key).toBe(
      'legacy',
    );
    expect(
      assembleRecord({ record_key: 'h' }, { ...parts, meta: { key: 'legacy', record_key: 'k' } }).record_key,
    ).toBe('k');
  });
});
