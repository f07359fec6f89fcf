import { describe, expect, it } from 'vitest';
import { StorageConfigValidationError } from '../../../src/errors.js';
import { createStoreFromUrl } from '../../../src/server/store/index.js';
import { dropSchema, postgresUrl, testSchemaName } from './store-targets.js';

describe('createStoreFromUrl', () => {
  it('opens sqlite::memory:', async () => {
    const store = createStoreFromUrl('sqlite::memory:');
    await store.init();
    expect(await store.ping()).toBe(true);
    await store.close();
  });

  it.each(['', 'sqlite:', 'sqlite://host/x.db', 'mysql://localhost/db', 'pop.db'])(
    'rejects %j with a configuration error',
    (url) => {
      expect(() => createStoreFromUrl(url)).toThrow(StorageConfigValidationError);
    },
  );

  it('never echoes a PostgreSQL password', () => {
    const error = (() => {
      try {
        createStoreFromUrl('postgres://user:s3cret-canary@host/db?schema=Bad-Name');
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(StorageConfigValidationError);
    expect(error?.message).not.toContain('s3cret-canary');
    expect(JSON.stringify(error)).not.toContain('s3cret-canary');
  });

  it.runIf(postgresUrl)('opens postgres:// with ?schema=', async () => {
    const schema = testSchemaName();
    const store = createStoreFromUrl(`${postgresUrl}?schema=${schema}`);
    try {
      await store.init();
      await store.write({ environmentId: 'e', country: 'us' }, { record_key: 'a' }, new Date());
      expect(await store.ping()).toBe(true);
    } finally {
      await store.close();
      await dropSchema(postgresUrl!, schema);
    }
  });
});
