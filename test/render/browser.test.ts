/**
 * Browser checks (issue "Notebooks and figures", Checks): standalone figures
 * and the HTML report open in Debian's headless Chromium with no console
 * errors and no network requests, and every plot draws its traces; PNG output
 * is a real image. Skipped with a warning where chromium is missing; in CI
 * (env CI) a missing chromium fails.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectHtmlFile } from '../../render/browser.js';
import { figureHtml } from '../../render/figure-html.js';
import { figureToPng, htmlFileToPng } from '../../render/png.js';
import { reportHtml } from '../../render/report.js';
import { pointFigure, stepFigure } from './figure-fixtures.js';
import { chromiumStatus, IN_CI } from './prerequisites.js';

const chromium = chromiumStatus();
const dir = mkdtempSync(join(tmpdir(), 'midia-render-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** PNG width and height from the IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  expect(b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('headless Chromium', () => {
  it.runIf(IN_CI || chromium.ok)('chromium is installed', () => {
    expect(chromium.ok, chromium.reason).toBe(true);
  });

  it.skipIf(!chromium.ok)('a standalone figure draws all its traces, offline, with no console errors', async () => {
    const file = join(dir, 'figure.html');
    writeFileSync(file, figureHtml(stepFigure()));
    const seen = await inspectHtmlFile(file);
    expect(seen.errors).toEqual([]);
    expect(seen.networkRequests).toEqual([]);
    expect(seen.plots).toHaveLength(1);
    expect(seen.plots[0]?.drawn).toBe(true);
    expect(seen.plots[0]?.traces).toBe(3);
  });

  it.skipIf(!chromium.ok)('the inspection reports console errors and undrawn figures (the check can fail)', async () => {
    const file = join(dir, 'broken.html');
    // a figure container whose script throws: no traces drawn, one page error
    const html = figureHtml(pointFigure('ok')).replace('</body>', '<div class="midia-figure" id="empty"></div><script>throw new Error("boom")</script></body>');
    writeFileSync(file, html);
    const seen = await inspectHtmlFile(file, { timeoutMs: 1500 });
    expect(seen.errors.some((e) => e.includes('boom'))).toBe(true);
    expect(seen.plots.find((p) => p.id === 'empty')).toEqual({ id: 'empty', drawn: false, traces: 0 });
    expect(seen.plots.find((p) => p.id !== 'empty')?.traces).toBe(1);
  });

  it.skipIf(!chromium.ok)('a report with several figures and tables draws every plot', async () => {
    const file = join(dir, 'report.html');
    writeFileSync(
      file,
      reportHtml({
        title: 'Test report',
        sections: [
          { heading: 'Curves', blocks: [{ kind: 'text', text: 'Two curves.' }, { kind: 'figure', figure: stepFigure(), caption: 'Steps' }] },
          { heading: 'Points', blocks: [{ kind: 'figure', figure: pointFigure('P') }, { kind: 'figure', figure: pointFigure('P') }, { kind: 'table', table: [{ a: 1 }] }] },
        ],
      }),
    );
    const seen = await inspectHtmlFile(file);
    expect(seen.errors).toEqual([]);
    expect(seen.networkRequests).toEqual([]);
    expect(seen.plots.map((p) => p.traces)).toEqual([3, 1, 1]);
    expect(new Set(seen.plots.map((p) => p.id)).size).toBe(3);
  });

  it.skipIf(!chromium.ok)('renders a figure and an HTML file to PNG', async () => {
    const png = await figureToPng({ ...pointFigure('png'), layout: { ...pointFigure('png').layout, width: 400, height: 300 } }, join(dir, 'sub', 'fig.png'), { scale: 2 });
    expect(pngSize(png)).toEqual({ width: 800, height: 600 });
    const html = join(dir, 'figure.html');
    writeFileSync(html, figureHtml(stepFigure()));
    const page = await htmlFileToPng(html, join(dir, 'page.png'), { width: 700, height: 500, scale: 1 });
    expect(pngSize(page).width).toBe(700);
    expect(readFileSync(page).length).toBeGreaterThan(5000);
  });
});
