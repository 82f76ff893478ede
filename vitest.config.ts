import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The ledger signing key is created on first use in the user's configuration directory
    // (docs/ledger.md): tests (and the CLI processes and notebooks they start) use a throw-away
    // directory instead of the developer's ~/.config. Tests that need a specific key set
    // MIDIA_LEDGER_KEY_FILE or XDG_CONFIG_HOME themselves.
    env: { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'midia-test-config-')) },
    // the default summary, then a note on tests skipped for a missing Jupyter or Chromium (why, and how to install them)
    reporters: ['default', './test/setup/tool-skips-reporter.ts'],
  },
});
