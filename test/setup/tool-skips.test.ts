/**
 * The end-of-run note on tests skipped for missing tools (test/setup/tool-skips.ts):
 * counted per tool from the files that need it, with the reason and the way to
 * install; nothing when the tools are there or nothing of theirs was skipped.
 */
import { describe, expect, it } from 'vitest';
import { toolSkipNote } from './tool-skips.js';

describe('toolSkipNote', () => {
  const skips = [
    { file: 'test/notebooks/execute.test.ts', skipped: 5 },
    { file: 'test/render/browser.test.ts', skipped: 4 },
    { file: 'test/cli/figure.test.ts', skipped: 1 },
    { file: 'test/models/other.test.ts', skipped: 7 },
  ];

  it('names each missing tool with its skipped tests and the reason, then how to install', () => {
    const note = toolSkipNote(skips, { jupyter: 'jupyter not found on PATH', chromium: 'chromium not found' });
    expect(note?.split('\n')).toEqual([
      '5 notebook tests skipped: jupyter not found on PATH',
      '5 browser tests skipped: chromium not found',
      'npm test needs Jupyter (jupyter-nbconvert with the tslab kernel) and Chromium; run `bash .ci/run` to install them and run the tests (with CI=true, where a missing tool fails the run).',
    ]);
  });

  it('only the missing tool, singular for one test', () => {
    const note = toolSkipNote([{ file: 'test/cli/demo.test.ts', skipped: 1 }, ...skips.slice(0, 1)], { chromium: 'no chromium' });
    expect(note?.split('\n')[0]).toBe('1 browser test skipped: no chromium');
    expect(note).not.toContain('notebook');
  });

  it('null when the tools are there, or when none of their tests was skipped (a -t filter skipping other files)', () => {
    expect(toolSkipNote(skips, {})).toBeNull();
    expect(toolSkipNote([{ file: 'test/models/other.test.ts', skipped: 30 }], { jupyter: 'x', chromium: 'y' })).toBeNull();
  });
});
