/**
 * Every `@example` in src/ compiles (STYLE: "Keep examples compiling"). Each block is type-checked as a
 * module of its own with the public API imported, plus the documented file's own exports (so internal
 * helpers' examples can call them), against the shared context below: the variables examples use without
 * declaring them. A failure names the file, the symbol and the example line.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkExamples, type ExampleFailure } from './support/check-examples.js';
import { extractCodeBlocks, extractExamples, sourceFiles } from './support/extract-examples.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * What examples may use without declaring it. Keep it to the names the docs use everywhere; an example
 * that needs anything else declares it.
 */
const CONTEXT = `
type Plain = { readonly plainSearchKeys: true };
/** A storage created with hashSearchKeys: false, so every documented query compiles. */
declare const storage: import('incountry-ts').Storage<Plain>;
/** A query on that storage. */
declare const q: import('incountry-ts').StorageQuery<Plain>;
declare const pop: import('incountry-ts/server').LocalPop;
declare const secretKeyAccessor: import('incountry-ts').SecretKeyAccessor;
declare const accessor: import('incountry-ts').SecretKeyAccessor;
declare const fileId: string;
declare const executor: import('incountry-ts').QueryExecutor<import('incountry-ts').StorageRecord>;
declare const onlyAdults: boolean;

/** The model the repository examples use. */
declare const User: import('zod').ZodObject<{
  id: import('zod').ZodString;
  email: import('zod').ZodEmail;
  name: import('zod').ZodString;
  age: import('zod').ZodNumber;
}>;
type User = import('zod').infer<typeof User>;
declare const userEntity: import('incountry-ts').EntityDefinition<
  typeof User,
  { readonly id: 'record_key'; readonly email: 'key1'; readonly age: 'range_key1' }
>;
declare const users: import('incountry-ts').RepositoryOf<typeof userEntity, Plain>;
declare const newUsers: User[];
declare const Order: import('zod').ZodObject<{ orderId: import('zod').ZodString; userId: import('zod').ZodString }>;
declare const orderEntity: import('incountry-ts').EntityDefinition<
  typeof Order,
  { readonly orderId: 'record_key'; readonly userId: 'parent_key' }
>;

/** A running Nest application, and the pieces Nest examples take from @nestjs/core and the app. */
declare const app: import('@nestjs/common').INestApplication;
declare const NestFactory: typeof import('@nestjs/core').NestFactory;
declare class AppModule {}
/** The application's configured IncountryModule, as docs/repositories.md keeps it. */
declare const incountry: import('@nestjs/common').DynamicModule;

/** Node helpers examples use for streams. */
declare const pipeline: typeof import('node:stream/promises').pipeline;
declare const createWriteStream: typeof import('node:fs').createWriteStream;
`;

/** The guides whose ```ts blocks must compile (docs/type-errors.md shows errors on purpose). */
const GUIDES = [
  'quickstart.md',
  'querying.md',
  'repositories.md',
  'key-rotation.md',
  'local-pop.md',
  'telemetry.md',
];

function reportOf(failures: readonly ExampleFailure[]): string {
  return failures.map((f) => `${f.file}:${f.line} ${f.symbol}\n    ${f.errors.join('\n    ')}`).join('\n');
}

describe('documentation code compiles', () => {
  // One program for both, so the compiler loads the library once (the whole file stays well under 30 s).
  const examples = sourceFiles(resolve(ROOT, 'src')).flatMap((file) => extractExamples(ROOT, file));
  const blocks = GUIDES.map((guide) => resolve(ROOT, 'docs', guide))
    .filter((path) => existsSync(path))
    .flatMap((path) => extractCodeBlocks(ROOT, path));
  const failures = checkExamples(ROOT, [...examples, ...blocks], CONTEXT);

  it('every @example in src/ type-checks', () => {
    expect(examples.length).toBeGreaterThan(100);
    const own = failures.filter((f) => f.file.startsWith('src/'));
    // To fix one: declare what the example uses (`declare const codec: RecordCodec;`) or make it
    // self-contained; show an intentional error with `// @ts-expect-error` inside a ```ts fence.
    expect(reportOf(own), `${own.length} of ${examples.length} examples do not compile`).toBe('');
  });

  it('every ts code block of the guides type-checks', () => {
    expect(blocks.length).toBeGreaterThan(10);
    const own = failures.filter((f) => f.file.startsWith('docs/'));
    expect(reportOf(own), `${own.length} of ${blocks.length} guide blocks do not compile`).toBe('');
  });
});
