/**
 * Rendering of figure specs and tables outside notebooks: standalone HTML
 * (plotly.js inlined, no CDN), the HTML report, PNG through headless Chromium.
 *
 * Entry point `midia-hub/render` (README, "Library API"); the root `midia-hub`
 * re-exports a curated part of it (docs/public-api.md).
 */
export { figureHtml, figureFragment, figureId, htmlDocument, plotlyScriptTag, DEFAULT_PLOTLY_CONFIG, FIGURE_CLASS } from './figure-html.js';
export type { FigureHtmlOptions } from './figure-html.js';
export { tableHtml, formatCell, columnTableRows, DEFAULT_TABLE_OPTIONS } from './table-html.js';
export type { TableCell, TableHtmlOptions, TableInput } from './table-html.js';
export { fitTables, coxTable, kaplanMeierTable, logRankTable, zphTable, rmstTable, formatP } from './fit-tables.js';
export type { CaptionedTable, SummarizableFit } from './fit-tables.js';
export { timelineSummaryTable } from './timeline-table.js';
export { reportHtml, writeReport } from './report.js';
export type { Report, ReportBlock, ReportSection } from './report.js';
export { escapeHtml, scriptJson } from './escape.js';
export { readPlotlyBundle, plotlyBundlePath, plotlyVersion } from './plotly-bundle.js';
export { chromiumExecutable, chromiumAvailable, withChromiumPage, inspectHtmlFile, waitForFigures, CHROMIUM_ARGS, DEFAULT_CHROMIUM, TRACE_SELECTOR } from './browser.js';
export type { BrowserOptions, PageInspection } from './browser.js';
export { figureToPng, htmlFileToPng, DEFAULT_PNG_OPTIONS } from './png.js';
export type { PngOptions } from './png.js';
export { figureMimeBundle, tableMimeBundle, fitMimeBundle, tableText, PLOTLY_MIME } from './mime-bundle.js';
export type { MimeBundle, FigureBundleOptions } from './mime-bundle.js';
