/**
 * The client entry never loads OpenTelemetry (docs/architecture.md#import-rules): neither in the sources
 * nor, once built, in dist/index.js and dist/index.cjs (scripts/check-package.sh checks the tarball's
 * copies too). Only incountry-ts/otel imports @opentelemetry/api.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bareImports } from '../../scripts/package-check/client-imports.mjs';

const otelImports = (entry: string) =>
  [...bareImports(entry).keys()].filter((specifier) => specifier.startsWith('@opentelemetry/'));

describe('the client entry and OpenTelemetry', () => {
  it('src/index.ts reaches no @opentelemetry package, and src/otel/index.ts reaches only the API', () => {
    expect(otelImports('src/index.ts')).toEqual([]);
    expect(otelImports('src/otel/index.ts')).toEqual(['@opentelemetry/api']);
  });

  it.skipIf(!existsSync('dist/index.js'))(
    'dist/index.js and dist/index.cjs contain no @opentelemetry import',
    () => {
      expect(otelImports('dist/index.js')).toEqual([]);
      expect(otelImports('dist/index.cjs')).toEqual([]);
      expect(otelImports('dist/otel/index.js')).toEqual(['@opentelemetry/api']);
      expect(otelImports('dist/otel/index.cjs')).toEqual(['@opentelemetry/api']);
    },
  );
});
