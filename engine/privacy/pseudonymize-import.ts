/**
 * Import of identifying data: a pre-stage that pseudonymizes a source before
 * the normal import sees it, and the gate that refuses identifying sources
 * given to a plain import.
 *
 * The pre-stage (`importFile(file, { ..., pseudonymize })`):
 * 1. reads the source with DuckDB's readers (Arrow: a TEMP staging table);
 * 2. classifies its columns (identifiers.ts): the `idColumn` becomes the
 *    pseudonym; a birth-date column becomes `birth_year` and `birth_month` when
 *    the target table is `patients` and the source has no such columns
 *    (otherwise it is dropped); every other flagged column is dropped;
 * 3. checks every row in one scan: a missing or empty id, an id unknown to the
 *    trust-centre mapping, an unreadable birth date reject the whole import,
 *    naming the original file, row and column (never the identifying value);
 * 4. writes the pseudonymized rows, in source order, to a temporary Parquet file
 *    (`COPY (SELECT ...) TO ...`), the pseudonym computed in SQL for all rows at
 *    once (pseudonym.ts), and imports that file with the normal loader, mapping
 *    references to `idColumn` redirected to `pseudonym`; rejected records are
 *    reported against the original file (same row numbers); the import log
 *    names the original file. The temporary directory is removed afterwards.
 *
 * Raw identifiers thus never enter the database: they are read by DuckDB's
 * file readers and written only to the temporary Parquet file in pseudonymized
 * form. (No DuckDB table, temporary or not, is created from the raw columns,
 * except the Arrow staging TEMP table, which lives in memory.)
 */
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { RecordBatchReader } from 'apache-arrow';
import { DataValidationError, MidiaError, StoreError, UsageError, type RecordIssue } from '../../util/errors.js';
import { defaultDelimiter, detectFormat } from '../import/format.js';
import { parseColumnMapping, type ColumnMapping } from '../import/mapping.js';
import { stageArrowFile } from '../import/read-arrow.js';
import { openFileSource, readerError } from '../import/read-file.js';
import { ImportValidationError, MAX_LISTED_ISSUES, type ImportFormat, type ImportIssue, type ImportOptions, type ImportReport } from '../import/types.js';
import { quoteIdent, quoteLiteral } from '../store-sql.js';
import { META_SCHEMA } from '../store-migrations.js';
import { IdentifyingDataError } from './errors.js';
import { detectIdentifierColumns, type IdentifierColumn } from './identifiers.js';
import { decodeKey, loadPseudonymKey, MIN_KEY_BYTES } from './key.js';
import { normalizeSql, pseudonymSql, resolvePseudonymOptions } from './pseudonym.js';
import type { PseudonymizationSummary, PseudonymizeOptions } from './types.js';

/** The loader the pre-stage hands the pseudonymized file to (engine/import/import-file.ts). */
export type ImportFileFunction = (connection: DuckDBConnection, file: string, options: ImportOptions) => Promise<ImportReport>;

/** Removes long hex runs (key-derived SQL literals) from a database message before it is shown. */
function scrub(message: string): string {
  return message.replace(/[0-9a-fA-F]{32,}/g, '<redacted>');
}

function dbError(file: string, error: unknown): Error {
  if (error instanceof MidiaError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DataValidationError([{ file, row: 0, field: null, message: `cannot pseudonymize the file: ${scrub(message.split('\n')[0] ?? '')}` }]);
}

/** Column names of a source file (Arrow: its schema; others: DuckDB's reader). */
export async function sourceColumns(connection: DuckDBConnection, file: string, format: ImportFormat, delimiter: string | undefined): Promise<string[]> {
  if (format === 'arrow') {
    try {
      await access(file, constants.R_OK);
    } catch (error) {
      throw new StoreError(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
    }
    try {
      const reader = await RecordBatchReader.from(createReadStream(file));
      await reader.open();
      const names = reader.schema.fields.map((f) => f.name);
      await reader.cancel();
      return names;
    } catch (error) {
      throw readerError(file, error);
    }
  }
  return (await openFileSource(connection, file, format, delimiter !== undefined ? { delimiter } : {})).columns;
}

/**
 * The gate of plain imports: refuses a source whose column names look like
 * direct identifiers or a source identifier (identifiers.ts). One exception: a
 * source-id-like column that the mapping explicitly maps to `pseudonym` (e.g.
 * `{ pseudonym: 'PID' }`) is the caller's declaration that the column already
 * holds pseudonyms, and is admitted; names, addresses, contact data, insurance
 * numbers and birth dates never are.
 *
 * @throws IdentifyingDataError naming the columns and their kinds.
 */
export async function refuseIdentifyingSource(connection: DuckDBConnection, file: string, options: Pick<ImportOptions, 'format' | 'delimiter' | 'mapping'>): Promise<void> {
  const format = options.format ?? detectFormat(file);
  const delimiter = options.delimiter ?? defaultDelimiter(file);
  const declared = options.mapping?.pseudonym !== undefined ? entrySource(options.mapping.pseudonym) : undefined;
  const flagged = detectIdentifierColumns(await sourceColumns(connection, file, format, delimiter)).filter((c) => !(c.kind === 'source-id' && c.column === declared));
  if (flagged.length) throw new IdentifyingDataError(file, flagged);
}

function resolveKey(p: PseudonymizeOptions): Buffer {
  if (p.key !== undefined) {
    if (typeof p.key === 'string') return decodeKey(p.key, 'pseudonymize.key');
    if (p.key.length < MIN_KEY_BYTES) throw new UsageError(`pseudonymize.key is ${p.key.length} bytes; at least ${MIN_KEY_BYTES} are needed`);
    return Buffer.from(p.key);
  }
  return loadPseudonymKey({ ...(p.keyFile !== undefined ? { keyFile: p.keyFile } : {}), ...(p.env ? { env: p.env } : {}) });
}

function entrySource(entry: ColumnMapping[string]): string | undefined {
  return typeof entry === 'string' ? entry : entry.column;
}

/** Redirects mapping entries that read `idColumn` to the `pseudonym` column; refuses entries that read a dropped column. */
function rewriteMapping(mapping: ColumnMapping, idColumn: string, dropped: readonly IdentifierColumn[], generalised: string | null): ColumnMapping {
  const out: ColumnMapping = {};
  for (const [canonical, entry] of Object.entries(mapping)) {
    const src = entrySource(entry);
    if (src === idColumn) {
      if (canonical !== 'pseudonym') throw new UsageError(`mapping: '${canonical}' reads the id column '${idColumn}', which is replaced by the pseudonym; only 'pseudonym' may read it`);
      out[canonical] = typeof entry === 'string' ? 'pseudonym' : { ...entry, column: 'pseudonym' };
      continue;
    }
    const hit = dropped.find((d) => d.column === src) ?? (src !== undefined && src === generalised ? { column: src, kind: 'birth-date' } : undefined);
    if (hit) throw new UsageError(`mapping: '${canonical}' reads column '${hit.column}', a direct identifier (${hit.kind}) that pseudonymization removes; map another column or rename it in the source`);
    out[canonical] = entry;
  }
  return out;
}

/**
 * Pseudonymizes a source and imports it (see the module documentation).
 *
 * @throws UsageError without a key (keyed method), with both a key and a mapping file, or for a mapping that reads a removed column;
 *   DataValidationError (ImportValidationError) naming the original file, row and column of rejected rows; StoreError when a file cannot be read.
 */
export async function importPseudonymized(connection: DuckDBConnection, file: string, options: ImportOptions, importFile: ImportFileFunction): Promise<ImportReport> {
  const p = options.pseudonymize;
  if (!p) throw new UsageError('importPseudonymized needs options.pseudonymize');
  if (typeof p.idColumn !== 'string' || p.idColumn === '') throw new UsageError('pseudonymize.idColumn is required (the source column with the patient identifier)');
  const trustCentre = p.mappingFile !== undefined;
  if (trustCentre && (p.key !== undefined || p.keyFile !== undefined)) throw new UsageError('pseudonymize: give either a trust-centre mappingFile or a key (key/keyFile), not both');
  const key = trustCentre ? null : resolveKey(p);
  const pOpts = trustCentre ? null : resolvePseudonymOptions({ ...(p.domain !== undefined ? { domain: p.domain } : {}), ...(p.length !== undefined ? { length: p.length } : {}), ...(p.prefix !== undefined ? { prefix: p.prefix } : {}) });
  const format = options.format ?? detectFormat(file);
  const delimiter = options.delimiter ?? defaultDelimiter(file);
  const mapping = parseColumnMapping(options.mapping ?? {}, options.table);

  let relation: (withRow: boolean) => string;
  let columns: string[];
  let staging: string | null = null;
  if (format === 'arrow') {
    const staged = await stageArrowFile(connection, file);
    relation = staged.relation;
    columns = [...staged.columns];
    staging = staged.name;
  } else {
    const src = await openFileSource(connection, file, format, delimiter !== undefined ? { delimiter } : {});
    relation = src.relation;
    columns = src.columns;
  }
  const dir = mkdtempSync(join(tmpdir(), 'midia-pseudonymize-'));
  try {
    const list = columns.map((c) => `'${c}'`).join(', ');
    if (!columns.includes(p.idColumn)) {
      throw new DataValidationError([{ file, row: 0, field: p.idColumn, message: `id column '${p.idColumn}' is not in the file (columns: ${list})` }]);
    }
    if (columns.includes('pseudonym')) {
      throw new DataValidationError([{ file, row: 0, field: 'pseudonym', message: `the file already has a 'pseudonym' column; with pseudonymize the pseudonym is computed from '${p.idColumn}'` }]);
    }
    const flagged = detectIdentifierColumns(columns).filter((c) => c.column !== p.idColumn);
    const birthColumns = flagged.filter((c) => c.kind === 'birth-date');
    const hasBirthColumns = columns.some((c) => c === 'birth_year' || c === 'birth_month') || mapping.birth_year !== undefined || mapping.birth_month !== undefined;
    const generalised = options.table === 'patients' && birthColumns.length > 0 && !hasBirthColumns ? birthColumns[0]!.column : null;
    const dropped = flagged.filter((c) => c.column !== generalised);
    const innerMapping = rewriteMapping(mapping, p.idColumn, dropped, generalised);
    const kept = columns.filter((c) => c !== p.idColumn && !flagged.some((f) => f.column === c));

    const idText = `CAST(${quoteIdent(p.idColumn)} AS VARCHAR)`;
    const idNorm = normalizeSql(idText);
    const birthFormat = p.birthDateFormat ?? options.dateFormat;
    const birthText = generalised ? `nullif(trim(CAST(${quoteIdent(generalised)} AS VARCHAR)), '')` : null;
    const birthDate = birthText ? (birthFormat ? `CAST(try_strptime(${birthText}, ${quoteLiteral(birthFormat)}) AS DATE)` : `TRY_CAST(${birthText} AS DATE)`) : null;

    // Row numbers (a window over the whole source) are needed only to name rejected
    // rows, and to keep file order through the trust-centre join. A keyed copy without
    // joins keeps file order by itself when DuckDB preserves insertion order (its default).
    const ordered = (await connection.runAndReadAll(`SELECT current_setting('preserve_insertion_order')`)).getRowsJS()[0]?.[0] === true;
    const tc = trustCentre ? await trustCentreRelation(connection, p.mappingFile!) : '';
    const fromWith = (withRow: boolean) => `${relation(withRow)} AS __src${trustCentre ? ` LEFT JOIN ${tc} AS __tc ON __tc.__sid = ${idNorm}` : ''}`;
    const from = fromWith(true);
    const pseudonymExpr = trustCentre ? '__tc.__psn' : pseudonymSql(idText, key!, pOpts!);

    // 3. one scan for rejected rows (values are never reported: they identify people)
    const problems: string[] = [`CASE WHEN ${idText} IS NULL OR ${idNorm} = '' THEN 'missing or empty source identifier' END`];
    if (trustCentre) problems.push(`CASE WHEN ${idText} IS NOT NULL AND ${idNorm} <> '' AND __tc.__psn IS NULL THEN 'source identifier not in the trust-centre mapping ${p.mappingFile!.replace(/'/g, "''")}' END`);
    const problemFields = [p.idColumn, ...(trustCentre ? [p.idColumn] : [])];
    if (birthDate) {
      problems.push(`CASE WHEN ${birthText} IS NOT NULL AND ${birthDate} IS NULL THEN 'birth date is not a date${birthFormat ? ` in format ${birthFormat.replace(/'/g, "''")}` : ' (YYYY-MM-DD)'}' END`);
      problemFields.push(generalised!);
    }
    const checkSql = `SELECT __row, ${problems.map((_, i) => `__q${i}`).join(', ')}, count(*) OVER () AS __total FROM (SELECT __src.__row AS __row, ${problems.map((sql, i) => `${sql} AS __q${i}`).join(', ')} FROM ${from}) AS __x WHERE ${problems.map((_, i) => `__q${i} IS NOT NULL`).join(' OR ')} ORDER BY __row LIMIT ${MAX_LISTED_ISSUES}`;
    let rows: unknown[][] = [];
    try {
      const bad = (await connection.runAndReadAll(`SELECT count(*) FROM ${fromWith(false)} WHERE ${problems.map((sql) => `(${sql}) IS NOT NULL`).join(' OR ')}`)).getRowsJS()[0]?.[0];
      if (Number(bad) > 0) rows = (await connection.runAndReadAll(checkSql)).getRowsJS();
    } catch (error) {
      throw dbError(file, error);
    }
    if (rows.length) {
      const issues: ImportIssue[] = [];
      for (const r of rows) {
        problems.forEach((_, i) => {
          const message = r[1 + i];
          if (message !== null && message !== undefined) issues.push({ file, row: Number(r[0]), field: problemFields[i]!, message: String(message), table: options.table });
        });
      }
      throw new ImportValidationError(issues, Number(rows[0]![1 + problems.length]));
    }

    // 4. the pseudonymized copy, in source order
    const out = join(dir, 'pseudonymized.parquet');
    const select = [
      `${pseudonymExpr} AS pseudonym`,
      ...kept.map((c) => `__src.${quoteIdent(c)}`),
      ...(birthDate ? [`CAST(year(${birthDate}) AS VARCHAR) AS birth_year`, `CAST(month(${birthDate}) AS VARCHAR) AS birth_month`] : []),
    ];
    try {
      const copyFrom = !trustCentre && ordered ? `${fromWith(false)}` : `${from} ORDER BY __src.__row`;
      await connection.run(`COPY (SELECT ${select.join(', ')} FROM ${copyFrom}) TO ${quoteLiteral(out)} (FORMAT parquet)`);
    } catch (error) {
      throw dbError(file, error);
    }
    if (staging !== null) {
      await connection.run(`DROP TABLE IF EXISTS ${staging}`);
      staging = null;
    }
    const inner: ImportOptions = { ...options, format: 'parquet', mapping: innerMapping };
    delete inner.pseudonymize;
    delete inner.delimiter;
    let report: ImportReport;
    try {
      report = await importFile(connection, out, inner);
    } catch (error) {
      throw renameFile(error, out, file);
    }
    await connection.run(`UPDATE ${META_SCHEMA}.imports SET file = ${quoteLiteral(file)}, format = ${quoteLiteral(format)} WHERE id = ${Number(report.importId)}`);
    const summary: PseudonymizationSummary = {
      method: trustCentre ? 'trust-centre' : 'hmac-sha256',
      domain: pOpts ? pOpts.domain : null,
      idColumn: p.idColumn,
      dropped: dropped.map((d) => ({ column: d.column, kind: d.kind })),
      generalised,
    };
    return { ...report, file, format, pseudonymization: summary };
  } finally {
    if (staging !== null) await connection.run(`DROP TABLE IF EXISTS ${staging}`).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Issues of the inner import, reported against the original file. */
function renameFile(error: unknown, from: string, to: string): unknown {
  if (!(error instanceof DataValidationError)) return error;
  const issues: RecordIssue[] = error.issues.map((i) => ({ ...i, file: i.file === from ? to : i.file, message: i.message.split(from).join(to) }));
  return error instanceof ImportValidationError ? new ImportValidationError(issues as ImportIssue[], error.rejected, { cause: error }) : new DataValidationError(issues, { cause: error });
}

/**
 * The trust-centre mapping as a relation (`__sid` normalized source id, `__psn` pseudonym),
 * after checking it: columns `source_id` and `pseudonym`, no empty pseudonym, no
 * source id with two different pseudonyms.
 *
 * @throws DataValidationError naming the mapping file and row.
 */
async function trustCentreRelation(connection: DuckDBConnection, mappingFile: string): Promise<string> {
  const src = await openFileSource(connection, mappingFile, 'csv');
  for (const c of ['source_id', 'pseudonym']) {
    if (!src.columns.includes(c)) throw new DataValidationError([{ file: mappingFile, row: 0, field: c, message: `trust-centre mapping needs columns source_id and pseudonym (has: ${src.columns.join(', ')})` }]);
  }
  const base = `(SELECT __row, ${normalizeSql('source_id')} AS __sid, nullif(trim(pseudonym), '') AS __psn FROM ${src.relation(true)})`;
  const bad = (
    await connection.runAndReadAll(
      `SELECT __row, CASE WHEN __psn IS NULL THEN 'empty pseudonym' WHEN __sid IS NULL OR __sid = '' THEN 'empty source_id' ELSE 'source_id mapped to two different pseudonyms' END
       FROM (SELECT __row, __sid, __psn, count(DISTINCT __psn) OVER (PARTITION BY __sid) AS __n FROM ${base})
       WHERE __psn IS NULL OR __sid IS NULL OR __sid = '' OR __n > 1 ORDER BY __row LIMIT ${MAX_LISTED_ISSUES}`,
    )
  ).getRowsJS();
  if (bad.length) throw new DataValidationError(bad.map((r) => ({ file: mappingFile, row: Number(r[0]), field: null, message: String(r[1]) })));
  return `(SELECT DISTINCT __sid, __psn FROM ${base})`;
}

