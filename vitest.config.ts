import { readFileSync } from 'node:fs';
import { configDefaults, defineConfig } from 'vitest/config';

// CI asks for a machine-readable summary too, so .ci/run can print one plain closing line.
const jsonReport = process.env.VITEST_JSON_REPORT;

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineConfig({
  // The published build puts the version in the same way (tsup.config.ts).
  define: { __INCOUNTRY_TS_VERSION__: JSON.stringify(version) },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    // The real-browser suite runs on its own (vitest.browser.config.ts, `npm run test:browser`).
    exclude: [...configDefaults.exclude, 'test/browser/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: jsonReport ? ['default', ['json', { outputFile: jsonReport }]] : ['default'],
  },
});
