/**
 * The run-time re-check of mappings (for JavaScript callers and `as` casts): the same messages as the
 * compile-time RepositoryTypeErrors.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  defineEntity,
  defineRepository,
  type Storage,
  StorageConfigValidationError,
} from '../../src/index.js';
import { fieldShape } from '../../src/repository/model-schema.js';

const Model = z.object({
  id: z.string(),
  email: z.string(),
  age: z.number().int(),
  born: z.date().optional(),
  tags: z.array(z.string()),
  maybeId: z.string().optional(),
  role: z.enum(['admin', 'user']),
  level: z.literal([1, 2, 3]),
  computed: z.string().transform((s) => s.length),
});

// Only `in`/`find` are touched before the first query; defineRepository checks the mapping eagerly.
const fakeStorage = { find: () => Promise.reject(new Error('not used')) } as unknown as Storage;

function mappingError(fields: Record<string, string>, model: unknown = Model): string {
  try {
    defineRepository(fakeStorage, { model, fields } as never);
  } catch (error) {
    expect(error).toBeInstanceOf(StorageConfigValidationError);
    return (error as Error).message;
  }
  throw new Error('expected the mapping to be rejected');
}

describe('defineRepository mapping checks at run time', () => {
  it.each([
    [{ id: 'record_key', email: 'range_key1' }, 'email is a string but range_key1 holds integers'],
    [{ id: 'record_key', age: 'key1' }, 'age is a number but key1 holds strings'],
    [{ id: 'record_key', email: 'key1', role: 'key1' }, 'role and email are both mapped to key1'],
    [{ email: 'key1' }, 'no model field is mapped to record_key'],
    [{ id: 'record_key', nope: 'key1' }, 'nope is not a field of the model'],
    [{ id: 'record_key', tags: 'key3' }, 'tags is an array but key3 holds strings'],
    [{ id: 'record_key', born: 'range_key2' }, 'born is a Date but range_key2 holds integers'],
    [{ id: 'record_key', email: 'expires_at' }, 'email is a string but expires_at holds dates'],
    [{ maybeId: 'record_key' }, 'maybeId may be missing, but record_key needs a string on every entity'],
    [{ age: 'record_key' }, 'age is a number but record_key holds strings'],
    [
      { id: 'record_key', email: 'body' },
      'email is mapped to body, which is not one of record_key, key1..key20, profile_key, parent_key, service_key1..5, range_key1..10 or expires_at',
    ],
  ])('%o → %s', (fields, message) => {
    expect(mappingError(fields)).toBe(`defineRepository() call failed: ${message}`);
  });

  it('accepts enums, literals and schemas it cannot see through (checked per value on save)', () => {
    expect(() =>
      defineRepository(fakeStorage, {
        model: Model,
        fields: {
          id: 'record_key',
          role: 'key1',
          level: 'range_key1',
          computed: 'range_key2',
          born: 'expires_at',
        },
      }),
    ).not.toThrow();
  });

  it('rejects a model that is not a zod object and fields that are not an object', () => {
    expect(mappingError({ id: 'record_key' }, z.string())).toBe(
      'defineRepository() call failed: model must be a zod object schema (z.object({ … }))',
    );
    expect(() => defineRepository(fakeStorage, { model: Model, fields: null } as never)).toThrow(
      'defineRepository() call failed: fields must be an object mapping model fields to record fields',
    );
    expect(() => defineRepository(null as never, { model: Model, fields: { id: 'record_key' } })).toThrow(
      'defineRepository() call failed: storage must be a Storage from createStorage()',
    );
  });

  it("queries run on the storage client's own executor: a look-alike storage fails at in()", () => {
    const repository = defineRepository(fakeStorage, { model: Model, fields: { id: 'record_key' } } as never);
    expect(() => (repository as { in(country: string): unknown }).in('us')).toThrow(
      'defineRepository() call failed: storage must be a Storage from createStorage()',
    );
  });

  it('defineEntity checks the same rules, names itself in its messages and freezes the definition', () => {
    const entity = defineEntity({ model: Model, fields: { id: 'record_key', email: 'key1' } });
    expect(Object.isFrozen(entity.fields)).toBe(true);
    expect(() => defineEntity({ model: Model, fields: { email: 'key1' } } as never)).toThrow(
      'defineEntity() call failed: no model field is mapped to record_key',
    );
  });
});

describe('fieldShape', () => {
  it.each([
    [z.string(), { kind: 'string', optional: false, nullable: false }],
    [z.email().optional(), { kind: 'string', optional: true, nullable: false }],
    [z.number().int().nullable(), { kind: 'number', optional: false, nullable: true }],
    [z.nullish(z.date()), { kind: 'date', optional: true, nullable: true }],
    [z.string().default('x'), { kind: 'string', optional: false, nullable: false }],
    [z.enum(['a', 'b']), { kind: 'string', optional: false, nullable: false }],
    [z.union([z.string(), z.null()]), { kind: 'string', optional: false, nullable: true }],
    [z.union([z.string(), z.number()]), { kind: 'unknown', optional: false, nullable: false }],
    [z.string().pipe(z.email()), { kind: 'string', optional: false, nullable: false }],
    [z.object({}), { kind: 'object', optional: false, nullable: false }],
    [z.boolean().readonly(), { kind: 'boolean', optional: false, nullable: false }],
  ])('%#', (schema, shape) => {
    expect(fieldShape(schema)).toEqual(shape);
  });
});
