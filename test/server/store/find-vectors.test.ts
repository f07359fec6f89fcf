/**
 * Server acceptance of the Java SDK's find bodies (vectors/find-requests.json): each parses with the wire
 * schema and runs on every database; the numeric one finds the record it describes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordStore, Scope } from '../../../src/server/store/index.js';
import { findRequestSchema } from '../../../src/wire/index.js';
import { loadVectors } from '../../support/vectors.js';
import { type OpenedStore, storeTargets } from './store-targets.js';

interface FindRequestVector {
  id: string;
  expected_request_body: unknown;
}

const SCOPE: Scope = { environmentId: 'envId', country: 'us' };
const NOW = new Date('2030-01-01T00:00:00Z');

describe('find-requests vectors', () => {
  const vectors = loadVectors<{ vectors: FindRequestVector[] }>('find-requests').vectors;

  describe.each(storeTargets())('on $name', (target) => {
    let opened: OpenedStore;
    let store: RecordStore;
    beforeAll(async () => {
      opened = await target.open();
      store = opened.store;
      // find-numbers asks for range_key1..10 = 0..9 and version = 10.
      await store.write(
        SCOPE,
        {
          record_key: 'numbers',
          ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`range_key${i + 1}`, i])),
          version: 10,
        },
        NOW,
      );
      await store.write(SCOPE, { record_key: 'other', range_key1: 0 }, NOW);
    });
    afterAll(async () => {
      await opened.dispose();
    });

    it.each(vectors.map((v) => [v.id, v] as const))('%s parses and runs', async (_id, vector) => {
      const request = findRequestSchema.parse(vector.expected_request_body);
      const result = await store.find(SCOPE, request, NOW);
      expect(result.total).toBe(result.records.length);
      if (vector.id === 'find-numbers') expect(result.records.map((r) => r.record_key)).toEqual(['numbers']);
    });
  });
});
