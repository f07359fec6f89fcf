/**
 * The local PoP as the tests' server: started once per file on 127.0.0.1, reset between tests.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { SecretKeyAccessor } from '../../../src/index.js';
import { type LocalPop, type LocalPopOptions, startLocalPop } from '../../../src/server/index.js';

/**
 * Starts a PoP for the current test file and tears it down afterwards; faults, request log and data are
 * cleared after every test.
 */
export function useLocalPop(options: LocalPopOptions = {}): { readonly pop: LocalPop } {
  let pop: LocalPop | undefined;
  beforeAll(async () => {
    pop = await startLocalPop(options);
  });
  afterEach(async () => {
    pop?.admin.clearFaults();
    pop?.admin.clearRequests();
    await pop?.admin.reset();
  });
  afterAll(async () => {
    await pop?.close();
  });
  return {
    get pop(): LocalPop {
      if (!pop) throw new Error('the local PoP is not running yet (use it inside a test)');
      return pop;
    },
  };
}

/** A one-secret accessor. */
export function passwordAccessor(password = 'test password'): SecretKeyAccessor {
  return new SecretKeyAccessor(() => password);
}

/** Routes of the storage API seen by the PoP, in order (the token and countries calls excluded). */
export function storageCalls(pop: LocalPop): string[] {
  return pop.admin
    .requests()
    .filter((r) => r.route !== 'token' && r.route !== 'countries')
    .map((r) => `${r.method} ${r.route} ${r.status}`);
}
