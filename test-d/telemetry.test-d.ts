/**
 * Telemetry at the type level: `otelTelemetry()` (and hand-written hooks) fit `createStorage`'s
 * `telemetry` option in every encryption mode, without changing the storage's query configuration, and a
 * wrong value is the option check's error.
 */
import { expectAssignable, expectError, expectType } from 'tsd';
import {
  createStorage,
  EncryptionType,
  type HashedSearchKeys,
  type OperationContext,
  type PlainSearchKeys,
  SecretKeyAccessor,
  type Storage,
  type StorageTelemetry,
} from '../dist/index.js';
import { incountryHttpSpanHooks, type OtelTelemetryOptions, otelTelemetry } from '../dist/otel/index.js';

declare const options: {
  readonly environmentId: string;
  readonly endpoint: string;
  readonly oauthToken: string;
};
const secretKeyAccessor = new SecretKeyAccessor(() => 'secret');

expectType<StorageTelemetry>(otelTelemetry());
expectType<StorageTelemetry>(
  otelTelemetry({ requireParentSpan: true, attemptSpans: true, captureQueryShape: true }),
);
expectAssignable<OtelTelemetryOptions>({});

const hooks: StorageTelemetry = {
  operation: <T>(context: OperationContext, run: () => Promise<T>) => {
    context.returnedRows satisfies number | undefined;
    return run();
  },
};

expectType<Promise<Storage<HashedSearchKeys>>>(
  createStorage({ ...options, secretKeyAccessor, telemetry: otelTelemetry() }),
);
expectType<Promise<Storage<PlainSearchKeys>>>(
  createStorage({ ...options, encrypt: EncryptionType.SSE, telemetry: hooks }),
);
expectError(createStorage({ ...options, encrypt: EncryptionType.OFF, telemetry: { trace: true } }));

expectAssignable<(request: { path: string; hostname: string }) => object>(
  incountryHttpSpanHooks().startOutgoingSpanHook,
);
