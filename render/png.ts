/**
 * Static images: a figure spec or an HTML file rendered to PNG by headless
 * Chromium (see browser.ts), for documents where an interactive figure cannot go.
 */
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FigureSpec } from '../charts/types.js';
import { MidiaError } from '../util/errors.js';
import { withChromiumPage, waitForFigures, type BrowserOptions } from './browser.js';
import { FIGURE_CLASS, figureHtml } from './figure-html.js';

/** Options of {@link figureToPng} and {@link htmlFileToPng}. */
export interface PngOptions extends BrowserOptions {
  /** Figure size in CSS pixels when the spec sets none. Default 900 x 560. */
  width?: number;
  height?: number;
  /** Pixel density (device scale factor). Default 2 (sharp on high-DPI screens and in print). */
  scale?: number;
}

/** Defaults of {@link PngOptions}. */
export const DEFAULT_PNG_OPTIONS = Object.freeze({ width: 900, height: 560, scale: 2, timeoutMs: 30_000 });

/**
 * Renders one figure to a PNG file: writes a standalone HTML page to a
 * temporary folder, opens it in headless Chromium, waits for the traces and
 * screenshots the figure. Does not modify `spec`.
 * @throws MidiaError `E_RENDER` when Chromium is missing or the figure does not draw in time
 * @example await figureToPng(kaplanMeierFigure(fit), 'km.png')
 */
export async function figureToPng(spec: FigureSpec, outFile: string, options: PngOptions = {}): Promise<string> {
  const width = spec.layout.width ?? options.width ?? DEFAULT_PNG_OPTIONS.width;
  const height = spec.layout.height ?? options.height ?? DEFAULT_PNG_OPTIONS.height;
  const sized: FigureSpec = { ...spec, layout: { ...spec.layout, width, height }, config: { ...(spec.config ?? {}), responsive: false, displayModeBar: false, staticPlot: true } };
  const dir = await mkdtemp(join(tmpdir(), 'midia-png-'));
  try {
    const html = join(dir, 'figure.html');
    await writeFile(html, figureHtml(sized), 'utf8');
    return await screenshot(html, outFile, { ...options, viewport: { width: width + 80, height: height + 80 } }, `.${FIGURE_CLASS}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Renders an HTML file (a report or a standalone figure) to a full-page PNG
 * after its figures have drawn.
 * @throws MidiaError `E_RENDER` when the file or Chromium is missing, or figures do not draw in time
 */
export async function htmlFileToPng(htmlFile: string, outFile: string, options: PngOptions = {}): Promise<string> {
  if (!existsSync(htmlFile)) throw new MidiaError('E_RENDER', `No such file: ${htmlFile}`);
  return screenshot(htmlFile, outFile, { ...options, viewport: { width: options.width ?? 1200, height: options.height ?? 800 } }, null);
}

async function screenshot(htmlFile: string, outFile: string, options: PngOptions, selector: string | null): Promise<string> {
  const out = resolve(outFile);
  await mkdir(dirname(out), { recursive: true });
  const timeoutMs = options.timeoutMs ?? DEFAULT_PNG_OPTIONS.timeoutMs;
  await withChromiumPage(
    async (page) => {
      await page.goto(pathToFileURL(resolve(htmlFile)).href, { waitUntil: 'load', timeout: options.loadTimeoutMs ?? 60_000 });
      if (!(await waitForFigures(page, timeoutMs))) throw new MidiaError('E_RENDER', `Figures in ${htmlFile} did not draw within ${timeoutMs} ms`);
      if (selector) await page.locator(selector).first().screenshot({ path: out, type: 'png' });
      else await page.screenshot({ path: out, type: 'png', fullPage: true });
    },
    { ...options, deviceScaleFactor: options.scale ?? DEFAULT_PNG_OPTIONS.scale },
  );
  return out;
}
