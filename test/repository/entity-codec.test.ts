/**
 * The entity <-> record mapping without a server: slots, body encoding, nulls, and the per-value checks
 * for fields whose kind the schema does not reveal.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InputValidationError, ModelValidationError, type StorageRecord } from '../../src/index.js';
import { createEntityCodec } from '../../src/repository/entity-codec.js';

const Model = z.object({
  id: z.string(),
  email: z.string(),
  note: z.string().nullable(),
  nick: z.string().optional(),
  score: z.string().transform((s) => Number(s)),
  born: z.date(),
  extra: z.unknown().optional(),
});
const fields = { id: 'record_key', email: 'key1', note: 'key2', nick: 'key3', score: 'range_key1' } as const;

function stored(patch: Partial<StorageRecord>): StorageRecord {
  const nulls = Object.fromEntries(
    [
      'profile_key',
      'parent_key',
      ...Array.from({ length: 5 }, (_, i) => `service_key${i + 1}`),
      ...Array.from({ length: 20 }, (_, i) => `key${i + 1}`),
      ...Array.from({ length: 10 }, (_, i) => `range_key${i + 1}`),
    ].map((f) => [f, null]),
  );
  return {
    ...nulls,
    record_key: 'r1',
    body: null,
    precommit_body: null,
    version: 0,
    is_encrypted: true,
    created_at: null,
    updated_at: null,
    expires_at: null,
    attachments: [],
    ...patch,
  } as StorageRecord;
}

describe('createEntityCodec', () => {
  const codec = createEntityCodec<z.output<typeof Model>>(Model, fields);
  const born = new Date('2000-02-29T00:00:00.000Z');

  it('maps slots, leaves undefined out, keeps null, and tags Dates in the body', () => {
    const { entity, record } = codec.encode(
      { id: 'u1', email: 'a@b.c', note: null, score: '7', born },
      'save',
    );
    expect(entity.score).toBe(7);
    expect(record).toEqual({
      record_key: 'u1',
      key1: 'a@b.c',
      key2: null,
      range_key1: 7,
      body: JSON.stringify({ born: { $date: '2000-02-29T00:00:00.000Z' } }),
    });
  });

  it('decodes slots over body values, null as null only where the model wants null', () => {
    const decoded = codec.decode(
      stored({
        record_key: 'u1',
        key1: 'a@b.c',
        key2: null,
        range_key1: 7,
        body: JSON.stringify({ born: { $date: born.toISOString() }, email: 'stale@old.c', score: 'x' }),
      }),
    );
    // score is a transform: the stored 7 does not re-parse as a string input.
    expect(decoded.ok).toBe(false);
    const plain = createEntityCodec(
      z.object({ id: z.string(), email: z.string(), note: z.string().nullable(), born: z.date() }),
      {
        id: 'record_key',
        email: 'key1',
        note: 'key2',
      },
    );
    const ok = plain.decode(
      stored({
        record_key: 'u1',
        key1: 'a@b.c',
        body: JSON.stringify({ born: { $date: born.toISOString() }, email: 'x' }),
      }),
    );
    expect(ok).toEqual({ ok: true, entity: { id: 'u1', email: 'a@b.c', note: null, born } });
  });

  it('checks values of fields whose kind the schema hides, naming the field and slot', () => {
    const loose = createEntityCodec(z.object({ id: z.string(), v: z.union([z.string(), z.number()]) }), {
      id: 'record_key',
      v: 'range_key2',
    });
    expect(() => loose.encode({ id: 'u1', v: 'seven' }, 'save')).toThrow(
      'save() call failed: the entity does not match the model: v: must be a safe integer or a 64-bit bigint to be stored in range_key2',
    );
    expect(() => loose.encode({ id: 'u1', v: 1.5 }, 'save')).toThrow(InputValidationError);
    expect(loose.encode({ id: 'u1', v: 2 }, 'save').record).toMatchObject({ range_key2: 2 });
  });

  it('rejects an empty id and bodies that cannot be JSON, without values in messages', () => {
    expect(() => codec.encode({ id: '', email: 'e', note: null, score: '1', born }, 'save')).toThrow(
      'save() call failed: the entity does not match the model: id: must be a non-empty string (record_key)',
    );
    const error = (() => {
      try {
        codec.encode({ id: 'u1', email: 'e', note: null, score: '1', born, extra: 10n }, 'save');
      } catch (e) {
        return e as InputValidationError;
      }
    })();
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error?.message).toBe(
      'save() call failed: the unmapped fields of the entity must be JSON-serialisable (no bigint, functions or cycles)',
    );
  });

  it('reports a body that is not a JSON object as ModelValidationError', () => {
    for (const body of ['[1,2]', 'not json', '42']) {
      const decoded = codec.decode(stored({ body }));
      expect(decoded.ok).toBe(false);
      if (!decoded.ok) expect(decoded.error).toBeInstanceOf(ModelValidationError);
    }
  });

  it('leaves objects that merely look like tagged dates alone', () => {
    const any = createEntityCodec(z.object({ id: z.string(), meta: z.unknown() }), { id: 'record_key' });
    const decoded = any.decode(stored({ body: JSON.stringify({ meta: { $date: 'not a date' } }) }));
    expect(decoded).toEqual({ ok: true, entity: { id: 'r1', meta: { $date: 'not a date' } } });
  });
});
