/**
 * A vitest reporter that ends the run with the note of ./tool-skips.ts: which
 * tests were skipped because Jupyter or Chromium is missing, and how to
 * install them. Listed after 'default' in vitest.config.ts, so the note comes
 * after vitest's summary.
 */
import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { chromiumStatus, jupyterStatus } from '../render/prerequisites.js';
import { TOOL_TESTS, toolSkipNote, type FileSkips } from './tool-skips.js';

export default class ToolSkipsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const watched = new Set(Object.values(TOOL_TESTS).flatMap((t) => t.files));
    const skips: FileSkips[] = [];
    for (const m of testModules) {
      const file = relative(process.cwd(), m.moduleId).split('\\').join('/');
      if (!watched.has(file)) continue;
      let skipped = 0;
      for (const t of m.children.allTests()) if (t.result().state === 'skipped') skipped++;
      if (skipped) skips.push({ file, skipped });
    }
    if (skips.length === 0) return;
    const missing: Partial<Record<keyof typeof TOOL_TESTS, string>> = {};
    const jupyter = jupyterStatus({ quiet: true });
    if (!jupyter.ok) missing.jupyter = jupyter.reason;
    const chromium = chromiumStatus({ quiet: true });
    if (!chromium.ok) missing.chromium = chromium.reason;
    const note = toolSkipNote(skips, missing);
    if (note) process.stdout.write(`\n${note.split('\n').map((l) => ` ⚠ ${l}`).join('\n')}\n\n`);
  }
}
