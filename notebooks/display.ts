/**
 * Display in tslab notebooks: the only module that imports tslab.
 *
 * - `show(figure)` emits the plotly MIME bundle
 *   (`application/vnd.plotly.v1+json`) with a self-contained HTML fallback
 *   (plotly.js from node_modules, no CDN) and a text line;
 * - `showTable(rows | columnTable)` shows a table as HTML (and text);
 * - `showFit(fit)` shows the summary tables of a Cox, Kaplan-Meier,
 *   log-rank, cox.zph or RMST result.
 *
 * The bundles are built by render/mime-bundle.ts; this file only sends them.
 * Import it in a notebook from the compiled project (see notebooks/README in
 * the project README, "Notebooks"):
 * `import { show, showTable, showFit } from '../dist/notebooks/display.js';`
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import * as tslab from 'tslab';
import type { FigureSpec } from '../charts/types.js';
import { escapeHtml } from '../render/escape.js';
import type { SummarizableFit } from '../render/fit-tables.js';
import { figureMimeBundle, fitMimeBundle, tableMimeBundle, type MimeBundle } from '../render/mime-bundle.js';
import type { TableHtmlOptions, TableInput } from '../render/table-html.js';
import { MidiaError } from '../util/errors.js';

/** Receives one display_data bundle. */
export type DisplaySink = (bundle: MimeBundle) => void;

interface TslabJupyter {
  lastWriteDisplayData: ((data: { data: MimeBundle; metadata: Record<string, unknown>; transient: Record<string, unknown> }, update: boolean) => void) | null;
}

/**
 * The default sink: tslab's display channel. tslab's public `display.raw`
 * sends one MIME type per message; a bundle (plotly JSON plus HTML fallback,
 * so each front end picks what it can draw) goes through the same writer
 * that `display.raw` uses. Outside a tslab kernel it throws.
 */
function tslabSink(bundle: MimeBundle): void {
  const jupyter = createRequire(import.meta.url)('tslab/dist/jupyter.js') as TslabJupyter;
  const write = jupyter.lastWriteDisplayData;
  if (write === null) throw new MidiaError('E_RENDER', `show() needs a tslab notebook kernel (tslab ${tslab.versions.tslab}); outside notebooks use render/ (figureHtml, figureToPng)`);
  write({ data: bundle, metadata: {}, transient: {} }, false);
}

let sink: DisplaySink = tslabSink;
let plotlySent = false;
let counter = 0;
const session = randomBytes(4).toString('hex');

/**
 * Replaces where bundles go (tests capture them); returns the previous sink.
 * Resets the "plotly.js already sent" state.
 */
export function setDisplaySink(next: DisplaySink): DisplaySink {
  const previous = sink;
  sink = next;
  plotlySent = false;
  return previous;
}

/** Options of {@link show}. */
export interface ShowOptions {
  /**
   * Put plotly.js into this figure's HTML fallback: `'once'` (default: only
   * the first figure of the kernel session carries the 4.8 MB bundle; later
   * fallbacks use it) or `'always'` (every output self-contained, e.g. before
   * copying single outputs elsewhere).
   */
  inlinePlotly?: 'once' | 'always';
}

/**
 * Shows a figure spec (from charts/) as the plotly MIME bundle with an HTML fallback.
 * @example show(kaplanMeierFigure(kaplanMeier('Surv(rfstime, status) ~ hormon', gbsg)))
 */
export function show(figure: FigureSpec, options: ShowOptions = {}): void {
  const includePlotly = (options.inlinePlotly ?? 'once') === 'always' || !plotlySent;
  counter += 1;
  sink(figureMimeBundle(figure, { id: `midia-fig-${session}-${counter}`, includePlotly }));
  if (includePlotly) plotlySent = true;
}

/**
 * Shows rows of records or a column table as an HTML table (numbers to 4 significant digits, NA for missing).
 * @example showTable([{ group: 'ER+', n: 100 }], { caption: 'Patients' })
 */
export function showTable(table: TableInput, options: TableHtmlOptions = {}): void {
  sink(tableMimeBundle(table, options));
}

/**
 * Shows a fit's summary tables (Cox: HR with CI and p; Kaplan-Meier: medians; log-rank; cox.zph; RMST).
 * @example showFit(coxph('Surv(rfstime, status) ~ hormon + er', gbsg))
 */
export function showFit(fit: SummarizableFit, options: Omit<TableHtmlOptions, 'caption' | 'columns'> = {}): void {
  sink(fitMimeBundle(fit, options));
}

/** Shows a short paragraph of text (escaped) as HTML, e.g. a computed sentence under a figure. */
export function showText(text: string): void {
  sink({ 'text/html': `<p>${escapeHtml(text)}</p>`, 'text/plain': text });
}
