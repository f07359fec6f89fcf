/**
 * The built client entry never loads OpenTelemetry (docs/architecture.md#import-rules): dist/index.js and
 * dist/index.cjs, with every chunk they load. The sources are checked by test/nestjs/entry-isolation.test.ts,
 * the tarball's copies by scripts/check-package.sh. Skipped before the first build (`npm test` builds
 * after the unit tests; `npm run build` first to include it).
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bareImports } from '../../scripts/package-check/client-imports.mjs';

const otelImports = (entry: string) =>
  [...bareImports(entry).keys()].filter((specifier) => specifier.startsWith('@opentelemetry/'));

describe('the client entry and OpenTelemetry', () => {
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
