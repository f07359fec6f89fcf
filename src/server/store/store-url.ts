/**
 * Database URLs as people type them (`incountry pop --db`, per-country routes): one string picks the
 * engine and its location.
 */
import { StorageConfigValidationError } from '../../errors.js';
import { createPostgresStore } from './postgres-store.js';
import type { RecordStore } from './record-store.js';
import { createSqliteStore } from './sqlite-store.js';

function invalidUrl(message: string): StorageConfigValidationError {
  // The URL itself stays out of the message: a PostgreSQL URL may carry a password.
  return new StorageConfigValidationError(`invalid database URL: ${message}`, {
    issues: [{ path: ['url'], message }],
  });
}

/**
 * Creates a store from a URL: `sqlite::memory:`, `sqlite:./pop.db`, `sqlite:/abs/path.db`,
 * `postgres://…` or `postgresql://…` (optionally `?schema=name` to keep the tables in their own schema).
 * Call `init()` on the result before use.
 *
 * @example
 * const store = createStoreFromUrl('sqlite::memory:');
 * await store.init();
 */
export function createStoreFromUrl(url: string): RecordStore {
  if (typeof url !== 'string' || url.trim() === '') throw invalidUrl('expected a non-empty string');
  if (url.startsWith('sqlite:')) {
    const location = url.slice('sqlite:'.length);
    if (location === ':memory:') return createSqliteStore({ filename: ':memory:' });
    if (location === '' || location.startsWith('//'))
      throw invalidUrl('write sqlite::memory:, sqlite:./relative.db or sqlite:/absolute/path.db');
    return createSqliteStore({ filename: location });
  }
  if (/^postgres(?:ql)?:\/\//.test(url)) {
    if (!URL.canParse(url)) throw invalidUrl('not a valid postgres:// URL');
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema') ?? undefined;
    parsed.searchParams.delete('schema');
    return createPostgresStore({ url: parsed.toString(), schema });
  }
  throw invalidUrl('use sqlite::memory:, sqlite:<path> or postgres://…');
}
