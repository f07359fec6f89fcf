/**
 * Nothing secret leaks: with canary secrets, keys and record values, no error's message, stack, JSON or
 * util.inspect view (deep, with hidden properties) contains them (STYLE "Errors").
 */
import { describe, expect, it } from 'vitest';
import type { CustomEncryptionConfig } from '../../src/crypto/custom-cipher.js';
import { encodePlaintext } from '../../src/crypto/plaintext-cipher.js';
import { createRecordCodec } from '../../src/crypto/record-codec.js';
import { SecretKeyAccessor } from '../../src/crypto/secret-key-accessor.js';
import type { SecretsData } from '../../src/crypto/secrets-data.js';
import { StorageError } from '../../src/errors.js';
import {
  checkPlainKeyLimits,
  checkSseLimits,
  parseRecordInput,
  toIsoString,
} from '../../src/record-input.js';
import type { WireRecord } from '../../src/wire/record.js';
import { leakViews } from '../support/leak-views.js';

const CANARY_SECRET = 'canary-secret-5f1e9c';
const CANARY_KEY_BYTES = Buffer.from('canary-key-bytes-0123456789abcde'); // 32 bytes
const CANARY_KEY = CANARY_KEY_BYTES.toString('base64');
const CANARY_VALUE = 'canary-value-a8d7b2';
const CANARIES = [CANARY_SECRET, CANARY_KEY, CANARY_VALUE, CANARY_KEY_BYTES.toString('hex')];

async function caught(action: () => unknown): Promise<StorageError> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(StorageError);
    return error as StorageError;
  }
  throw new Error('expected the action to throw');
}

function expectNoLeak(error: StorageError): void {
  const views = [...leakViews(error), JSON.stringify(error.issues)];
  for (const view of views) for (const canary of CANARIES) expect(view).not.toContain(canary);
}

const accessor = (data: string | SecretsData) => new SecretKeyAccessor(() => data);

describe('canary: no secret or value in errors', () => {
  it('decrypting with the wrong secret or key', async () => {
    const writer = await createRecordCodec({
      mode: 'LOCAL',
      environmentId: 'e',
      secretKeyAccessor: accessor(CANARY_SECRET),
    });
    const wire = (await writer.encode({ record_key: CANARY_VALUE, body: CANARY_VALUE })) as WireRecord;
    const wrongPassword = await createRecordCodec({
      mode: 'LOCAL',
      environmentId: 'e',
      secretKeyAccessor: accessor('other'),
    });
    expectNoLeak(await caught(() => wrongPassword.decode(wire)));
    const wrongKey = await createRecordCodec({
      mode: 'LOCAL',
      environmentId: 'e',
      secretKeyAccessor: accessor({
        currentVersion: 0,
        secrets: [{ secret: CANARY_KEY, version: 0, isKey: true }],
      }),
    });
    expectNoLeak(await caught(() => wrongKey.decode(wire)));
    expectNoLeak(await caught(() => wrongKey.decode({ ...wire, version: 4 })));
  });

  it('corrupt bodies and envelopes', async () => {
    const codec = await createRecordCodec({
      mode: 'LOCAL',
      environmentId: 'e',
      secretKeyAccessor: accessor(CANARY_SECRET),
    });
    for (const body of [
      encodePlaintext(`{"meta": ${CANARY_VALUE}`), // JSON.parse would quote this
      encodePlaintext(`["${CANARY_VALUE}"]`),
      encodePlaintext(`{"meta":{},"payload":{"v":"${CANARY_VALUE}"}}`),
      `2:${Buffer.from(CANARY_VALUE).toString('base64')}`,
      `1:${Buffer.from(CANARY_VALUE).toString('hex')}`,
      `${CANARY_VALUE}:x`,
      `x:${CANARY_VALUE}:y`,
      `pt:${CANARY_VALUE}!`,
    ])
      expectNoLeak(await caught(() => codec.decode({ record_key: 'k', body })));
  });

  it('bad secrets and failing secret getters', async () => {
    const bad: unknown[] = [
      { currentVersion: 0, secrets: [{ secret: CANARY_SECRET, version: 0, isKey: true }] },
      { currentVersion: 1, secrets: [{ secret: CANARY_SECRET, version: 0 }] },
      {
        currentVersion: 0,
        secrets: [
          { secret: CANARY_SECRET, version: 0 },
          { secret: CANARY_KEY, version: 0 },
        ],
      },
      {
        currentVersion: 0,
        secrets: [{ secret: CANARY_KEY, version: 0, isKey: true, isForCustomEncryption: true }],
      },
      { currentVersion: 0, secrets: [{ secret: CANARY_SECRET, version: '0' }] },
      { currentVersion: 0, secrets: [{ secret: CANARY_SECRET, version: 0, isForCustomEncryption: true }] },
      { currentVersion: 0, secrets: [{ secret: CANARY_KEY, version: 0, isForCustomEncryption: true }] },
      [CANARY_SECRET],
      { secret: CANARY_SECRET },
    ];
    for (const data of bad) {
      const a = new SecretKeyAccessor(() => data as SecretsData);
      expectNoLeak(
        await caught(() => createRecordCodec({ mode: 'LOCAL', environmentId: 'e', secretKeyAccessor: a })),
      );
    }
    // A getter's message is the user's own text and is kept, but never with a secret the accessor holds:
    // a refresh that fails quoting the secrets it had loaded has them cut out.
    let load: () => SecretsData = () => ({
      currentVersion: 1,
      secrets: [
        { secret: CANARY_SECRET, version: 0 },
        { secret: CANARY_KEY, version: 1, isKey: true },
      ],
    });
    const throwing = new SecretKeyAccessor(() => load());
    await throwing.getSecrets();
    load = () => {
      throw new Error(`vault said ${CANARY_SECRET}, and then ${CANARY_KEY}`);
    };
    const refreshError = await caught(() => throwing.refresh());
    expectNoLeak(refreshError);
    expect(refreshError.message).toContain('vault said [redacted], and then [redacted]');
    load = () => Promise.reject(new Error(CANARY_KEY)) as never;
    expectNoLeak(await caught(() => throwing.refresh()));
  });

  it('bad custom ciphers, at start-up and at decrypt time', async () => {
    const secrets: SecretsData = {
      currentVersion: 1,
      secrets: [{ secret: CANARY_KEY, version: 1, isForCustomEncryption: true }],
    };
    const configs: CustomEncryptionConfig[] = [
      {
        version: 'throws',
        encrypt: (text, key) => {
          throw new Error(`${text} ${key.toString('hex')} ${CANARY_SECRET}`);
        },
        decrypt: (t) => t,
      },
      { version: 'returns-key', encrypt: (_t, key) => key as never, decrypt: (t) => t },
      { version: 'lossy', encrypt: (t) => t, decrypt: (_t, key) => key.toString('base64') },
    ];
    for (const config of configs)
      expectNoLeak(
        await caught(() =>
          createRecordCodec({
            mode: 'LOCAL',
            environmentId: 'e',
            secretKeyAccessor: accessor(secrets),
            customEncryptionConfigs: [config],
          }),
        ),
      );

    let fail = false;
    const flaky: CustomEncryptionConfig = {
      version: 'flaky',
      isCurrent: true,
      encrypt: (t) => t,
      decrypt: (t, key) => {
        if (fail) throw new Error(`${t} ${key.toString('base64')}`);
        return t;
      },
    };
    const codec = await createRecordCodec({
      mode: 'LOCAL',
      environmentId: 'e',
      secretKeyAccessor: accessor(secrets),
      customEncryptionConfigs: [flaky],
    });
    const wire = (await codec.encode({ record_key: CANARY_VALUE, body: CANARY_VALUE })) as WireRecord;
    fail = true;
    expectNoLeak(await caught(() => codec.decode(wire)));
  });

  it('bad record input', async () => {
    const inputs: unknown[] = [
      { record_key: CANARY_VALUE, range_key1: CANARY_VALUE },
      { record_key: CANARY_VALUE, range_key2: 1.5, key1: 5, body: 7 },
      { record_key: CANARY_VALUE, expires_at: CANARY_VALUE },
      { record_key: CANARY_VALUE, expires_at: { toDate: () => new Date(CANARY_VALUE) } },
      { record_key: CANARY_VALUE, unknown_field: CANARY_VALUE },
      { record_key: '', key2: CANARY_VALUE, version: 3 },
      CANARY_VALUE,
    ];
    for (const input of inputs) expectNoLeak(await caught(() => parseRecordInput(input, ['records', 0])));
    expectNoLeak(await caught(() => checkSseLimits({ record_key: `${CANARY_VALUE}/#` })));
    expectNoLeak(await caught(() => checkSseLimits({ record_key: 'k', key3: CANARY_VALUE.repeat(40) })));
    expectNoLeak(await caught(() => checkPlainKeyLimits({ record_key: 'k', key3: CANARY_VALUE.repeat(40) })));
    expectNoLeak(await caught(() => toIsoString(CANARY_VALUE)));
    const sse = await createRecordCodec({ mode: 'SSE', environmentId: 'e' });
    expectNoLeak(await caught(() => sse.encode({ record_key: `${CANARY_VALUE}?` })));
  });

  it("keeps a getter's kind, code and own message but none of its other properties", async () => {
    const throwing = new SecretKeyAccessor(() => {
      throw Object.assign(new RangeError('vault sealed'), { code: 'E_VAULT', secret: CANARY_KEY });
    });
    const error = await caught(() => throwing.getSecrets());
    expectNoLeak(error);
    expect(error.cause).toMatchObject({
      name: 'CauseSummary',
      message: 'RangeError (E_VAULT): vault sealed',
    });
    expect(Object.keys(error)).not.toContain('cause');
  });
});
