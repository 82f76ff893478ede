/**
 * Importing a FHIR R4 file (Bundle JSON or NDJSON): resources are mapped to
 * canonical records (fhir.ts), staged per table and validated by the same SQL
 * as files; QuestionnaireResponses become patient-reported outcomes, checked
 * and scored by the mapping and stored through the reports' write path
 * (engine/reports/write-reports.ts) after the tables, so that they may name
 * patients of the same file; all are written in one transaction, or nothing.
 */
import { readFile } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CANONICAL_TABLES, TABLES } from '../schema.js';
import { StoreError } from '../../util/errors.js';
import { addRedactionCounts, type RedactionCounts } from '../privacy/free-text.js';
import { importContext } from './context.js';
import { countRedactions } from './redaction-count.js';
import { mapFhirResources } from './fhir.js';
import { parseFhirText } from './fhir-read.js';
import { resolveMapping } from './mapping.js';
import { runImportPipeline, type PipelineSource } from './pipeline.js';
import { createStagingTable, toText } from './stage.js';
import { finishImport } from './import-log.js';
import { ImportValidationError, MAX_LISTED_ISSUES, type ImportIssue, type ImportReport, type RecordImportOptions, type TableImportCount } from './types.js';
import type { MappedReport } from './fhir.js';
import { dateProblem } from '../../models/pro/plain-report.js';
import { writeReports, type NewReport } from '../reports/write-reports.js';
import { PLAUSIBILITY, type StoreTableName } from '../schema.js';
import { latestDate, type ValidationContext } from './validate-sql.js';

/** Imports a FHIR file inside the caller's transaction (the unit of `importBatch`, engine/import/import-batch.ts). */
export async function importFhirInTransaction(connection: DuckDBConnection, file: string, options: RecordImportOptions = {}): Promise<ImportReport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new StoreError(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  const startedAt = new Date();
  const parsed = parseFhirText(text, file);
  const mapped = mapFhirResources(parsed.entries, { file, source: options.source ?? null });
  const { ctx, pattern } = await importContext(connection, options);
  const structural: ImportIssue[] = [...parsed.issues, ...mapped.issues, ...reportDateIssues(mapped.reports, file, ctx)];
  const sources: PipelineSource[] = [];
  const staged: string[] = [];
  for (const table of CANONICAL_TABLES) {
    const recs = mapped.records[table];
    if (!recs.length) continue;
    const names = TABLES[table].columns.map((c) => c.name);
    const staging = await createStagingTable(connection, names);
    staging.appendColumns(names.map((n) => recs.map((r) => toText(r.values[n]))));
    staging.finish();
    staged.push(staging.name);
    const resolved = resolveMapping(table, {}, names, {});
    sources.push({
      table,
      file,
      relation: staging.relation,
      columns: resolved.columns,
      locate: (row, column) => {
        const rec = recs[row - 1]!;
        const field = column === null ? rec.resourcePath : (rec.paths[column] ?? [rec.resourcePath, column].filter(Boolean).join('.'));
        return { row: rec.row, field };
      },
    });
  }
  let counts: Partial<Record<StoreTableName, TableImportCount>>;
  try {
    counts = await runImportPipeline(connection, sources, { ...(options.onProgress ? { onProgress: options.onProgress } : {}), context: ctx });
  } catch (error) {
    if (error instanceof ImportValidationError) {
      const issues = [...structural, ...(error.issues as ImportIssue[])].sort((a, b) => a.row - b.row).slice(0, MAX_LISTED_ISSUES);
      throw new ImportValidationError(issues, error.rejected + new Set(structural.map((i) => i.row)).size);
    }
    throw error;
  }
  if (structural.length) {
    throw new ImportValidationError(structural.slice(0, MAX_LISTED_ISSUES), new Set(structural.map((i) => i.row)).size);
  }
  if (mapped.reports.length) {
    const written = await writeReports(connection, mapped.reports.map((r) => newReport(r, file, options.source ?? null)));
    if (written.issues.length) {
      throw new ImportValidationError(written.issues.slice(0, MAX_LISTED_ISSUES), new Set(written.issues.map((i) => i.row)).size);
    }
    counts = { ...counts, reports: { loaded: written.loaded, duplicates: written.duplicates } };
  }
  let redactions: RedactionCounts = {};
  for (const source of sources) redactions = addRedactionCounts(redactions, await countRedactions(connection, source));
  for (const name of staged) await connection.run(`DROP TABLE IF EXISTS ${name}`);
  const report = await finishImport(connection, file, 'fhir', counts, options.source ?? null, startedAt, mapped.skipped);
  return { ...report, redactions, pseudonymPattern: pattern };
}

/** Issues of report dates outside the plausibility rules (from 1900 to the import's day plus the tolerance). */
function reportDateIssues(reports: readonly MappedReport[], file: string, ctx: ValidationContext): ImportIssue[] {
  const range = { earliestDate: PLAUSIBILITY.earliestDate, latestDate: latestDate(ctx) };
  const out: ImportIssue[] = [];
  for (const r of reports) {
    const problem = dateProblem(r.date, range);
    if (problem !== null) out.push({ file, row: r.row, field: [r.resourcePath, 'authored'].filter(Boolean).join('.'), message: problem, value: r.date, table: 'reports', column: 'date' });
  }
  return out;
}

/** A mapped QuestionnaireResponse as a report to write, named by its file, row and fields. */
function newReport(r: MappedReport, file: string, source: string | null): NewReport {
  const at = (field: string): string => [r.resourcePath, field].filter(Boolean).join('.');
  return {
    pseudonym: r.pseudonym,
    instrument: r.instrument,
    date: r.date,
    answers: r.answers,
    scores: r.scores,
    provenance: r.provenance,
    source,
    replace: r.replace,
    origin: { file, row: r.row, pseudonym: { field: at('subject.reference'), pointer: '/subject/reference' }, date: { field: at('authored'), pointer: '/authored' } },
  };
}
