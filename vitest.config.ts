import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // the default summary, then a note on tests skipped for a missing Jupyter or Chromium (why, and how to install them)
    reporters: ['default', './test/setup/tool-skips-reporter.ts'],
  },
});
