/**
 * Headless Chromium (Debian's /usr/bin/chromium, never a downloaded browser)
 * through playwright-core: open an HTML file with a fresh profile, check that
 * it loads cleanly and that every plotly figure drew its traces.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { MidiaError } from '../util/errors.js';
import { FIGURE_CLASS } from './figure-html.js';

/** Default browser: Debian's chromium package. Override with env `MIDIA_CHROMIUM`. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/**
 * Chromium flags: headless, no sandbox (containers and CI run as root), no
 * GPU, and nothing that phones home (background networking, component
 * updates, sync, first-run).
 */
export const CHROMIUM_ARGS: readonly string[] = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]);

/** Options shared by the browser helpers. */
export interface BrowserOptions {
  /** Chromium executable. Default: env `MIDIA_CHROMIUM`, else {@link DEFAULT_CHROMIUM}. */
  executablePath?: string;
  /** Viewport size in CSS pixels. Default 1200 x 800. */
  viewport?: { width: number; height: number };
  /** Device scale factor (2 gives sharp PNGs). Default 1. */
  deviceScaleFactor?: number;
  /** Milliseconds to wait for figures to draw. Default 30000. */
  timeoutMs?: number;
  /** Milliseconds to wait for the page's load event (a report inlines 4.8 MB of plotly.js). Default 60000. */
  loadTimeoutMs?: number;
}

/** The Chromium executable the helpers would use (env `MIDIA_CHROMIUM` or /usr/bin/chromium). */
export function chromiumExecutable(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env['MIDIA_CHROMIUM'] || DEFAULT_CHROMIUM;
}

/** Whether the Chromium executable exists (tests use it to decide whether they can run). */
export function chromiumAvailable(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return existsSync(chromiumExecutable(env));
}

/**
 * Runs `fn` with a new page of a headless Chromium that has a fresh,
 * temporary user-data-dir; closes the browser and deletes the profile after.
 * @throws MidiaError `E_RENDER` when Chromium is missing or fails to start
 */
export async function withChromiumPage<T>(fn: (page: Page) => Promise<T>, options: BrowserOptions = {}): Promise<T> {
  const executablePath = options.executablePath ?? chromiumExecutable();
  if (!existsSync(executablePath)) throw new MidiaError('E_RENDER', `Chromium not found at ${executablePath} (install Debian's chromium package or set MIDIA_CHROMIUM)`);
  const { chromium } = await import('playwright-core');
  const profile = await mkdtemp(join(tmpdir(), 'midia-chromium-'));
  let context: BrowserContext | undefined;
  try {
    try {
      context = await chromium.launchPersistentContext(profile, {
        executablePath,
        headless: true,
        args: [...CHROMIUM_ARGS],
        viewport: options.viewport ?? { width: 1200, height: 800 },
        deviceScaleFactor: options.deviceScaleFactor ?? 1,
        offline: true,
      });
    } catch (cause) {
      throw new MidiaError('E_RENDER', `Chromium at ${executablePath} failed to start: ${(cause as Error).message}`, { cause });
    }
    const page = context.pages()[0] ?? (await context.newPage());
    return await fn(page);
  } finally {
    if (context) await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

/** What {@link inspectHtmlFile} saw. */
export interface PageInspection {
  /** Console messages of type 'error', and uncaught page errors. */
  errors: string[];
  /** URLs requested that are not file: or data: (none expected: figures are offline). */
  networkRequests: string[];
  /** Each figure container: its id, whether plotly initialized it, and the number of drawn trace groups. */
  plots: { id: string; drawn: boolean; traces: number }[];
}

/** Selector of drawn trace groups inside a plotly graph div (cartesian traces and Sankey diagrams). */
export const TRACE_SELECTOR = 'g.trace, g.sankey';

async function collectPlots(page: Page): Promise<PageInspection['plots']> {
  return page.$$eval(`.${FIGURE_CLASS}`, (divs, sel) => divs.map((d) => ({ id: d.id, drawn: d.classList.contains('js-plotly-plot'), traces: d.querySelectorAll(sel).length })), TRACE_SELECTOR);
}

/**
 * Opens an HTML file in headless Chromium, waits until every `.midia-figure`
 * has drawn at least one trace (or the timeout passes), and reports console
 * errors, network requests and per-figure trace counts.
 * @throws MidiaError `E_RENDER` when the file does not exist or Chromium is missing
 */
export async function inspectHtmlFile(file: string, options: BrowserOptions = {}): Promise<PageInspection> {
  const path = resolve(file);
  if (!existsSync(path)) throw new MidiaError('E_RENDER', `No such file: ${path}`);
  return withChromiumPage(async (page) => {
    const errors: string[] = [];
    const networkRequests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith('file:') && !url.startsWith('data:') && !url.startsWith('blob:')) networkRequests.push(url);
    });
    await page.goto(pathToFileURL(path).href, { waitUntil: 'load', timeout: options.loadTimeoutMs ?? 60_000 });
    await waitForFigures(page, options.timeoutMs ?? 30_000);
    return { errors, networkRequests, plots: await collectPlots(page) };
  }, options);
}

/** Waits until every figure container on the page has drawn a trace; returns false on timeout. */
export async function waitForFigures(page: Page, timeoutMs: number): Promise<boolean> {
  try {
    // A string expression: this project compiles without the DOM library.
    const check = `Array.from(document.querySelectorAll(${JSON.stringify(`.${FIGURE_CLASS}`)})).every((d) => d.classList.contains('js-plotly-plot') && d.querySelectorAll(${JSON.stringify(TRACE_SELECTOR)}).length > 0)`;
    await page.waitForFunction(check, undefined, { timeout: timeoutMs, polling: 100 });
    return true;
  } catch {
    return false;
  }
}
