import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// The inspector's real-browser suite (`npm run test:browser`): chromium is slow to start and the 20,000-record
// scope takes a while to fill, so it runs apart from `npm test`, one file at a time.
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineConfig({
  define: { __INCOUNTRY_TS_VERSION__: JSON.stringify(version) },
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
