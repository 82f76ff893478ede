/** Output helpers of the CLI: aligned text tables, CSV, JSON, and the progress bar on stderr. */
import type { Writable } from 'node:stream';
import type { ProgressCallback } from '../util/progress.js';

export type Cell = string | number | boolean | null | undefined;

/** Formats a number as R prints it in tables: up to `digits` significant digits. */
export function formatNumber(v: number, digits = 4): string {
  if (Number.isNaN(v)) return 'NA';
  if (!Number.isFinite(v)) return v > 0 ? 'Inf' : '-Inf';
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e15)) return v.toExponential(digits - 1);
  return String(Number(v.toPrecision(digits)));
}

function cellText(c: Cell, digits: number): string {
  if (c === null || c === undefined) return 'NA';
  if (typeof c === 'number') return formatNumber(c, digits);
  return String(c);
}

/** An aligned plain-text table (numbers right-aligned). */
export function textTable(header: readonly string[], rows: readonly (readonly Cell[])[], digits = 4): string {
  const text = rows.map((r) => r.map((c) => cellText(c, digits)));
  const widths = header.map((h, j) => Math.max(h.length, ...text.map((r) => (r[j] ?? '').length)));
  const numeric = header.map((_, j) => rows.length > 0 && rows.every((r) => typeof r[j] === 'number' || r[j] === null || r[j] === undefined));
  const fmt = (cells: readonly string[]) =>
    cells.map((c, j) => (numeric[j] ? c.padStart(widths[j] ?? 0) : c.padEnd(widths[j] ?? 0))).join('  ').trimEnd();
  return [fmt(header), ...text.map(fmt)].join('\n') + '\n';
}

/** RFC 4180 CSV. */
export function csvText(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const esc = (c: Cell): string => {
    if (c === null || c === undefined) return '';
    const s = typeof c === 'number' && Number.isNaN(c) ? '' : String(c);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header.map(esc).join(','), ...rows.map((r) => r.map(esc).join(','))].join('\n') + '\n';
}

/** JSON's replacer for numbers JSON cannot hold: NaN and Infinity become null. */
const finiteOrNull = (_k: string, v: unknown): unknown => (typeof v === 'number' && !Number.isFinite(v) ? null : v);

/** JSON with NaN and Infinity written as null (JSON has neither). */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, finiteOrNull, 2) + '\n';
}

/** JSON on one line (NaN and Infinity as null), for the contracts that print one compact object per run (`ms cdw --json`, `patterns ... --json`). */
export function compactJsonText(value: unknown): string {
  return JSON.stringify(value, finiteOrNull) + '\n';
}

/** Writes text to a stream, ending it with a newline if it lacks one. */
export function writeLine(stream: Writable, text: string): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

/**
 * A progress callback that draws a bar on a terminal stream (`\r`-updated,
 * at most ~10 redraws a second), or does nothing when `enabled` is false.
 */
export function progressBar(stream: Writable, enabled: boolean): ProgressCallback {
  if (!enabled) return () => {};
  let last = 0;
  let lastStep = '';
  return ({ step, done, total }) => {
    const now = Date.now();
    const finished = total !== null && done >= total;
    if (!finished && step === lastStep && now - last < 100) return;
    last = now;
    lastStep = step;
    const width = 30;
    let line: string;
    if (total !== null && total > 0) {
      const frac = Math.min(1, done / total);
      const filled = Math.round(frac * width);
      line = `${step} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.round(frac * 100)}%`;
    } else line = `${step} ${done.toLocaleString('en')}`;
    stream.write(`\r\x1b[2K${line}${finished ? '\n' : ''}`);
  };
}
