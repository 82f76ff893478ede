/**
 * The HTML report: a title, sections of prose, figures and tables, written as
 * one self-contained `index.html` (plotly.js inlined once) that opens from disk.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FigureSpec } from '../charts/types.js';
import { escapeHtml } from './escape.js';
import { figureFragment, figureId, htmlDocument } from './figure-html.js';
import { tableHtml, type TableInput } from './table-html.js';

/** One block of a report section. */
export type ReportBlock =
  | { kind: 'text'; text: string }
  | { kind: 'figure'; figure: FigureSpec; caption?: string }
  | { kind: 'table'; table: TableInput; caption?: string; digits?: number; maxRows?: number };

/** A titled section. */
export interface ReportSection {
  heading: string;
  blocks: ReportBlock[];
}

/** A whole report. */
export interface Report {
  title: string;
  /** A line under the title (data source, seed, date). Default: none. */
  subtitle?: string;
  sections: ReportSection[];
}

/**
 * The report as one HTML document. Figure ids are unique (`fig-<caption>`,
 * numbered on collision). Text is escaped; blank lines start new paragraphs.
 */
export function reportHtml(report: Report): string {
  const used = new Map<string, number>();
  const uniqueId = (text: string): string => {
    const base = figureId(text);
    const k = used.get(base) ?? 0;
    used.set(base, k + 1);
    return k === 0 ? base : `${base}-${k + 1}`;
  };
  const body: string[] = [`<h1>${escapeHtml(report.title)}</h1>`];
  if (report.subtitle) body.push(`<p class="note">${escapeHtml(report.subtitle)}</p>`);
  for (const section of report.sections) {
    body.push(`<section>\n<h2>${escapeHtml(section.heading)}</h2>`);
    for (const block of section.blocks) {
      if (block.kind === 'text') for (const para of block.text.split(/\n\s*\n/)) body.push(`<p>${escapeHtml(para.trim())}</p>`);
      else if (block.kind === 'figure') {
        const label = block.caption ?? block.figure.meta?.title ?? section.heading;
        body.push('<figure>');
        body.push(figureFragment(block.figure, uniqueId(label)));
        if (block.caption) body.push(`<figcaption class="note">${escapeHtml(block.caption)}</figcaption>`);
        body.push('</figure>');
      } else {
        const opts: { caption?: string; digits?: number; maxRows?: number } = {};
        if (block.caption !== undefined) opts.caption = block.caption;
        if (block.digits !== undefined) opts.digits = block.digits;
        if (block.maxRows !== undefined) opts.maxRows = block.maxRows;
        body.push(tableHtml(block.table, opts));
      }
    }
    body.push('</section>');
  }
  return htmlDocument(report.title, body.join('\n'), { plotly: true });
}

/**
 * Writes the report to `DIR/index.html` (creating DIR) and returns the absolute path of the file.
 * @example await writeReport('out/report', report) // => '/abs/out/report/index.html'
 */
export async function writeReport(dir: string, report: Report): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = resolve(join(dir, 'index.html'));
  await writeFile(file, reportHtml(report), 'utf8');
  return file;
}
