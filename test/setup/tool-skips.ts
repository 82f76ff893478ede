/**
 * The end-of-run note on tests skipped for missing external tools (Jupyter
 * with the tslab kernel, Debian's Chromium): vitest's summary says only
 * "N skipped", so a vitest reporter (./tool-skips-reporter.ts, listed after
 * the default reporter in vitest.config.ts) prints which tests were skipped,
 * why, and how to install the tools, as the last lines of `npm test`.
 * In CI (env CI) a missing tool fails the run instead (test/render/prerequisites.ts).
 */

/** External tools some test files need, by file (paths relative to the repository root). */
export const TOOL_TESTS: Readonly<Record<'jupyter' | 'chromium', { files: readonly string[]; what: string }>> = {
  jupyter: { files: ['test/notebooks/execute.test.ts'], what: 'notebook' },
  chromium: { files: ['test/render/browser.test.ts', 'test/cli/demo.test.ts', 'test/cli/figure.test.ts', 'test/cli/mstate.test.ts'], what: 'browser' },
};

/** Skipped tests counted per test file. */
export interface FileSkips {
  /** Path relative to the repository root, with forward slashes. */
  file: string;
  skipped: number;
}

/**
 * The note printed at the end of a run, or null when no test of a missing
 * tool was skipped.
 * @param skips skipped tests per file
 * @param missing reasons of the tools that are unavailable (absent: available)
 * @example toolSkipNote([{ file: 'test/notebooks/execute.test.ts', skipped: 5 }], { jupyter: 'jupyter not found' })
 * // => '5 notebook tests skipped: jupyter not found ...'
 */
export function toolSkipNote(skips: readonly FileSkips[], missing: Partial<Record<keyof typeof TOOL_TESTS, string>>): string | null {
  const lines: string[] = [];
  for (const [tool, spec] of Object.entries(TOOL_TESTS) as [keyof typeof TOOL_TESTS, (typeof TOOL_TESTS)[keyof typeof TOOL_TESTS]][]) {
    const reason = missing[tool];
    if (reason === undefined) continue;
    const n = skips.filter((s) => spec.files.includes(s.file)).reduce((sum, s) => sum + s.skipped, 0);
    if (n > 0) lines.push(`${n} ${spec.what} test${n === 1 ? '' : 's'} skipped: ${reason}`);
  }
  if (lines.length === 0) return null;
  return [
    ...lines,
    'npm test needs Jupyter (jupyter-nbconvert with the tslab kernel) and Chromium; run `bash .ci/run` to install them and run the tests (with CI=true, where a missing tool fails the run).',
  ].join('\n');
}
