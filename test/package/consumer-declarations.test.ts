/**
 * The published declarations from a consumer's side, compiled against the package by name (see
 * support/packed-declarations.ts): user code that returns builders, repositories and results emits its
 * own declarations (`declaration: true`, as `nest build` does), and CommonJS consumers under `node16` and
 * `nodenext` compile with `skipLibCheck: false`.
 */
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PackedDeclarations, packDeclarations } from './support/packed-declarations.js';

const SERVICE = `
import { z } from 'zod';
import {
  createStorage,
  defineEntity,
  defineRepository,
  type PlainSearchKeys,
  type RepositoryOf,
  SecretKeyAccessor,
  type Storage,
  type TypedFilter,
} from 'incountry-ts';

const User = z.object({ id: z.string(), email: z.string(), age: z.number().int(), bio: z.string() });
export const userEntity = defineEntity({
  model: User,
  fields: { id: 'record_key', email: 'key1', age: 'range_key1' },
});

export class UsersService {
  constructor(
    private readonly users: RepositoryOf<typeof userEntity>,
    private readonly storage: Storage<PlainSearchKeys>,
  ) {}
  adults() { return this.users.in('us').where('age').gte(18); }
  countryRepository() { return this.users.in('us'); }
  repository() { return defineRepository(this.storage, userEntity); }
  condition() { return this.users.in('us').where('email'); }
  sorted() { return this.users.in('us').sortBy('age', 'desc').limit(10).offset(20); }
  async page() { return this.users.in('us').where('email').eq('a').find(); }
  async first() { return this.users.in('us').findOne(); }
  dynamic() { return this.users.in('us').$dynamic(); }
  either(flag: boolean) { return this.users.in('us').$if(flag, (q) => q.where('age').lt(65)); }
  records() {
    return this.storage.in('us').where('key1').eq('a').or((b) => b.where('key2').eq('x').where('key3').eq('y'));
  }
  compiled() { return this.storage.in('us').where('range_key1').gt(1).sortBy('key1', 'asc').toQuery(); }
  async found() { return this.storage.find('us', { key1: 'a' }, { limit: 5 }); }
  filter() { return { key1: 'a', range_key1: { $gte: 1 } } satisfies TypedFilter<PlainSearchKeys>; }
}

export const storage = createStorage({
  environmentId: 'env',
  clientId: 'id',
  clientSecret: 'secret',
  secretKeyAccessor: new SecretKeyAccessor(() => 'secret'),
  options: { hashSearchKeys: false },
});
`;

const CJS_CONSUMER = `
import { z } from 'zod';
import { createStorage, defineRepository, SecretKeyAccessor } from 'incountry-ts';

export async function main() {
  const storage = await createStorage({
    environmentId: 'env',
    clientId: 'id',
    clientSecret: 'secret',
    secretKeyAccessor: new SecretKeyAccessor(() => 'secret'),
    options: { hashSearchKeys: false },
  });
  const users = defineRepository(storage, {
    model: z.object({ id: z.string(), email: z.string(), age: z.number().int() }),
    fields: { id: 'record_key', email: 'key1', age: 'range_key1' },
  });
  await storage.find('us', { key1: { $like: 'a' } }, { sort: [{ key1: 'asc' }] });
  return users.in('us').where('email').like('ada').sortBy('age', 'desc').find();
}
`;

let packed: PackedDeclarations;

beforeAll(() => {
  packed = packDeclarations();
}, 120_000);

afterAll(() => packed?.remove());

describe('consumer declarations', () => {
  it('user code returning builders, repositories, results and filters emits declarations (declaration: true)', () => {
    const errors = packed.compile(
      {
        'esm/package.json': '{ "type": "module" }',
        'esm/users.service.ts': SERVICE,
      },
      {
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        target: ts.ScriptTarget.ES2022,
        strict: true,
        declaration: true,
        emitDeclarationOnly: true,
        skipLibCheck: true,
        types: ['node'],
        outDir: `${packed.dir}/esm/out`,
      },
    );
    expect(errors).toStrictEqual([]);
  });

  it.each([
    ['node16', ts.ModuleKind.Node16, ts.ModuleResolutionKind.Node16],
    ['nodenext', ts.ModuleKind.NodeNext, ts.ModuleResolutionKind.NodeNext],
  ])('a CommonJS consumer under module %s compiles with skipLibCheck: false', (name, module, resolution) => {
    const errors = packed.compile(
      {
        [`cjs-${name}/package.json`]: '{ "type": "commonjs" }',
        [`cjs-${name}/index.ts`]: CJS_CONSUMER,
      },
      {
        module,
        moduleResolution: resolution,
        target: ts.ScriptTarget.ES2022,
        strict: true,
        skipLibCheck: false,
        types: ['node'],
        noEmit: true,
      },
    );
    expect(errors.filter((e) => !e.startsWith('node_modules/zod/'))).toStrictEqual([]);
  });
});
