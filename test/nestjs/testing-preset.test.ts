/**
 * The test preset: clients of a local PoP (its `storageOptions`, and so `IncountryTestingModule`) back off
 * from 10 ms, so a test that injects a 503 does not wait a second per retry. createStorage is wrapped (not
 * replaced) to see the options the module hands it; the retries themselves run against the real PoP.
 */
import { Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { describe, expect, it, vi } from 'vitest';
import type { LocalPop } from '../../src/server/index.js';
import * as createStorageModule from '../../src/storage/create-storage.js';
import type { Storage } from '../../src/storage/storage.js';

vi.mock('../../src/storage/create-storage.js', async (importOriginal) => {
  const original = await importOriginal<typeof createStorageModule>();
  return { ...original, createStorage: vi.fn(original.createStorage) };
});

const { INCOUNTRY_LOCAL_POP, INCOUNTRY_STORAGE, IncountryTestingModule } = await import(
  '../../src/nestjs/index.js'
);

function moduleOf(metadata: Parameters<typeof Module>[0]): Type {
  class TestModule {}
  Module(metadata)(TestModule);
  return TestModule;
}

describe('IncountryTestingModule retry preset', () => {
  it('keeps the short back-off when a test sets other httpOptions, and retries a 503 through to success', async () => {
    const app = await NestFactory.createApplicationContext(
      moduleOf({
        imports: [
          IncountryTestingModule.forRoot({ storageOptions: { options: { httpOptions: { timeout: 5 } } } }),
        ],
      }),
      { logger: false },
    );
    try {
      const options = vi.mocked(createStorageModule.createStorage).mock.calls.at(-1)?.[0];
      expect(options?.options?.httpOptions).toEqual({ retryBaseDelay: 0.01, timeout: 5 });

      const pop = app.get<LocalPop>(INCOUNTRY_LOCAL_POP);
      const storage = app.get<Storage>(INCOUNTRY_STORAGE);
      pop.admin.addFault({ route: 'read', status: 503, times: 2 });
      await storage.write('us', { record_key: 'k1', body: 'b' });
      await expect(storage.read('us', 'k1')).resolves.toMatchObject({ record: { record_key: 'k1' } });
      expect(
        pop.admin
          .requests()
          .filter((r) => r.route === 'read')
          .map((r) => r.status),
      ).toEqual([503, 503, 200]);
    } finally {
      await app.close();
    }
  });
});
