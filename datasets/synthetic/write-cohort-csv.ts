/**
 * Serialize a synthetic cohort: one CSV per canonical table (header = the
 * canonical column names in schema order, ISO dates, empty field = missing,
 * RFC 4180 quoting, LF line ends) and `truth.json`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CANONICAL_TABLES, TABLES, type CanonicalTableName } from '../../engine/schema.js';
import type { SyntheticCohort } from './types.js';

/** One CSV field: empty for null/undefined, numbers by JavaScript's shortest round-trip form, quoted per RFC 4180 when needed. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? String(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV text of one canonical table. */
export function tableToCsv(table: CanonicalTableName, records: readonly object[]): string {
  const names = TABLES[table].columns.map((c) => c.name);
  const lines: string[] = [names.join(',')];
  for (const rec of records) {
    const r = rec as Record<string, unknown>;
    lines.push(names.map((n) => csvField(r[n])).join(','));
  }
  return lines.join('\n') + '\n';
}

/** CSV text of every canonical table of the cohort, keyed by file name (`patients.csv`, ...). */
export function cohortToCsv(cohort: SyntheticCohort): Record<`${CanonicalTableName}.csv`, string> {
  const out = {} as Record<`${CanonicalTableName}.csv`, string>;
  for (const t of CANONICAL_TABLES) out[`${t}.csv`] = tableToCsv(t, cohort[t]);
  return out;
}

/** `truth.json` text (two-space indentation, trailing newline). */
export function truthToJson(cohort: SyntheticCohort): string {
  return JSON.stringify(cohort.truth, null, 2) + '\n';
}

/**
 * Write patients.csv, events.csv, observations.csv, treatments.csv, visits.csv
 * and truth.json into `dir` (created if missing; existing files are replaced).
 * @returns the absolute paths written, in that order.
 * @example await writeCohortCsv(generateCohort(), 'out/cohort')
 */
export async function writeCohortCsv(cohort: SyntheticCohort, dir: string): Promise<string[]> {
  const root = resolve(dir);
  await mkdir(root, { recursive: true });
  const files: string[] = [];
  const csv = cohortToCsv(cohort);
  for (const t of CANONICAL_TABLES) {
    const file = join(root, `${t}.csv`);
    await writeFile(file, csv[`${t}.csv`], 'utf8');
    files.push(file);
  }
  const truthFile = join(root, 'truth.json');
  await writeFile(truthFile, truthToJson(cohort), 'utf8');
  files.push(truthFile);
  return files;
}
