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
 * 4. keeps only the columns that map to a canonical column (the others are
 *    dropped and listed in the report's `unmappedColumns`), and redacts the
 *    free-text columns (`events.detail`, `treatments.stop_reason`): first the
 *    identifier patterns (free-text.ts), then every word that occurs in a name
 *    or source-id column of the same file (`[redacted:name]`,
 *    `[redacted:source-id]`), counted per kind in the report's `redactions`;
 * 5. writes the pseudonymized rows, in source order, to a Parquet file in the
 *    process's private temporary directory (engine/temp-dir.ts: mode 0700,
 *    removed after the import, on exit, and by the next run after a kill)
 *    (`COPY (SELECT ...) TO ...`), the pseudonym computed in SQL for all rows at
 *    once (pseudonym.ts), and imports that file with the normal loader, mapping
 *    references to `idColumn` redirected to `pseudonym`; rejected records are
 *    reported against the original file (same row numbers); the import log
 *    names the original file.
 *
 * Pseudonyms must have an accepted form (pseudonym-format.ts): a keyed
 * pseudonymization's own prefix and length are accepted; a trust-centre list
 * is checked row by row against the accepted forms before it is used.
 *
 * Raw identifiers thus never enter the database and are never written to disk:
 * they are read by DuckDB's file readers and written only to the temporary
 * Parquet file in pseudonymized and redacted form. (No DuckDB table, temporary
 * or not, is created from the raw columns, except the Arrow staging TEMP table,
 * which lives in memory; DuckDB's spill files go to the private directory.)
 */
import { createReadStream } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { RecordBatchReader } from 'apache-arrow';
import { DataValidationError, MidiaError, StoreError, UsageError, type RecordIssue } from '../../util/errors.js';
import { defaultDelimiter, detectFormat } from '../import/format.js';
import { parseColumnMapping, resolveMapping, type ColumnMapping } from '../import/mapping.js';
import type { InnerImportOptions } from '../import/types.js';
import { withPrivateTempDir } from '../temp-dir.js';
import { addRedactionCounts, FREE_TEXT_PATTERNS, redactionCountSql, redactSql, type RedactionCounts, type RedactionKind } from './free-text.js';
import { acceptedPseudonymPattern, describeAcceptedPseudonyms, resolveImportPattern } from './pseudonym-format.js';
import { stageArrowFile } from '../import/read-arrow.js';
import { openFileSource, readerError } from '../import/read-file.js';
import { ImportValidationError, MAX_LISTED_ISSUES, type ImportFormat, type ImportIssue, type ImportOptions, type ImportReport } from '../import/types.js';
import { quoteIdent, quoteLiteral } from '../store-sql.js';
import { META_SCHEMA } from '../store-migrations.js';
import { IdentifyingDataError } from './errors.js';
import { detectIdentifierColumns, type IdentifierColumn } from './identifiers.js';
import { decodeKey, loadPseudonymKey, MIN_KEY_BYTES } from './key.js';
import { DEFAULT_PSEUDONYM_HEX_LENGTH, DEFAULT_PSEUDONYM_PREFIX, normalizeSql, pseudonymSql, resolvePseudonymOptions } from './pseudonym.js';
import type { PseudonymizationSummary, PseudonymizeOptions } from './types.js';

/** The loader the pre-stage hands the pseudonymized file to (engine/import/import-file.ts). */
export type ImportFileFunction = (connection: DuckDBConnection, file: string, options: InnerImportOptions) => Promise<ImportReport>;

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
  try {
    return await withPrivateTempDir(async (dir) => {
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
      // Only columns that map to a canonical column are copied; the rest are dropped (and reported).
      const candidates = columns.filter((c) => c !== p.idColumn && !flagged.some((f) => f.column === c));
      const planned = resolveMapping(options.table, innerMapping, ['pseudonym', ...candidates, ...(generalised ? ['birth_year', 'birth_month'] : [])]);
      const used = new Set(planned.columns.map((c) => c.sourceColumn).filter((c): c is string => c !== null));
      const kept = candidates.filter((c) => used.has(c));
      const unmapped = candidates.filter((c) => !used.has(c));
      const freeText = new Set(planned.columns.filter((c) => c.freeText && c.sourceColumn !== null && kept.includes(c.sourceColumn)).map((c) => c.sourceColumn!));

      const idText = `CAST(${quoteIdent(p.idColumn)} AS VARCHAR)`;
      const idNorm = normalizeSql(idText);
      const birthFormat = p.birthDateFormat ?? options.dateFormat;
      const birthText = generalised ? `nullif(trim(CAST(${quoteIdent(generalised)} AS VARCHAR)), '')` : null;
      const birthDate = birthText ? (birthFormat ? `CAST(try_strptime(${birthText}, ${quoteLiteral(birthFormat)}) AS DATE)` : `TRY_CAST(${birthText} AS DATE)`) : null;

      // Row numbers (a window over the whole source) are needed only to name rejected
      // rows, and to keep file order through joins. A keyed copy without joins keeps
      // file order by itself when DuckDB preserves insertion order (its default).
      const ordered = (await connection.runAndReadAll(`SELECT current_setting('preserve_insertion_order')`)).getRowsJS()[0]?.[0] === true;
      const tc = trustCentre ? await trustCentreRelation(connection, p.mappingFile!, await acceptedForTrustCentre(connection, options)) : '';
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

      // 4. free text: identifier patterns, then the words of the name and id columns, removed before anything is written
      const wordSources = [...flagged.filter((f) => f.kind === 'name' || f.kind === 'source-id'), { column: p.idColumn, kind: 'source-id' as const }];
      let redactions: RedactionCounts = {};
      const redacted = new Map<string, string>();
      const ctes: string[] = [];
      let joins = '';
      if (freeText.size) {
        ctes.push(`__names AS (${nameWordsSql(relation(false), wordSources)})`);
        let k = 0;
        for (const col of freeText) {
          const text = `nullif(CAST(__src.${quoteIdent(col)} AS VARCHAR), '')`;
          ctes.push(`__tok${k} AS (${tokensSql(relation(true), redactSql(text))})`);
          ctes.push(`__red${k} AS (SELECT __row, ${redactedTextSql()} AS __txt FROM __tok${k} LEFT JOIN __names AS n ON n.w = lower(__tok${k}.tok) GROUP BY __row)`);
          joins += ` LEFT JOIN __red${k} ON __red${k}.__row = __src.__row`;
          redacted.set(col, `__red${k}.__txt`);
          try {
            const byPattern = (await connection.runAndReadAll(redactionCountSql(text.replace('__src.', 's.'), relation(false)))).getRowsJS()[0] ?? [];
            const found: RedactionCounts = {};
            FREE_TEXT_PATTERNS.forEach((fp, i) => {
              const n = Number(byPattern[i] ?? 0);
              if (n > 0) found[fp.kind] = n;
            });
            const byWord = (
              await connection.runAndReadAll(
                `WITH ${ctes[0]}, __t AS (${tokensSql(relation(true), redactSql(text))}) SELECT n.kind, count(*) FROM __t JOIN __names AS n ON n.w = lower(__t.tok) GROUP BY n.kind`,
              )
            ).getRowsJS();
            for (const [kind, n] of byWord) found[String(kind) as RedactionKind] = (found[String(kind) as RedactionKind] ?? 0) + Number(n);
            redactions = addRedactionCounts(redactions, found);
          } catch (error) {
            throw dbError(file, error);
          }
          k += 1;
        }
      }

      // 5. the pseudonymized copy, in source order, in the private temporary directory
      const out = join(dir, 'pseudonymized.parquet');
      const select = [
        `${pseudonymExpr} AS pseudonym`,
        ...kept.map((c) => (redacted.has(c) ? `${redacted.get(c)} AS ${quoteIdent(c)}` : `__src.${quoteIdent(c)}`)),
        ...(birthDate ? [`CAST(year(${birthDate}) AS VARCHAR) AS birth_year`, `CAST(month(${birthDate}) AS VARCHAR) AS birth_month`] : []),
      ];
      try {
        const copyFrom = !trustCentre && ordered && !joins ? `${fromWith(false)}` : `${from}${joins} ORDER BY __src.__row`;
        await connection.run(`COPY (${ctes.length ? `WITH ${ctes.join(', ')} ` : ''}SELECT ${select.join(', ')} FROM ${copyFrom}) TO ${quoteLiteral(out)} (FORMAT parquet)`);
      } catch (error) {
        throw dbError(file, error);
      }
      if (staging !== null) {
        await connection.run(`DROP TABLE IF EXISTS ${staging}`);
        staging = null;
      }
      const inner: InnerImportOptions = { ...options, format: 'parquet', mapping: innerMapping };
      delete inner.pseudonymize;
      delete inner.delimiter;
      if (pOpts && (pOpts.prefix !== DEFAULT_PSEUDONYM_PREFIX || pOpts.length !== DEFAULT_PSEUDONYM_HEX_LENGTH)) {
        inner.extraPseudonymForms = [`${escapeRegExp(pOpts.prefix)}[0-9a-f]{${pOpts.length}}`];
      }
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
      return { ...report, file, format, pseudonymization: summary, unmappedColumns: unmapped, redactions: addRedactionCounts(redactions, report.redactions) };
    });
  } finally {
    if (staging !== null) await connection.run(`DROP TABLE IF EXISTS ${staging}`).catch(() => undefined);
  }
}

/** Characters a word of a name or id consists of (Latin letters with diacritics, digits). */
const WORD = '[0-9A-Za-zÀ-ÖØ-öø-ÿ]+';

/** Name particles and other short words never redacted on their own (they would hide ordinary words of the text). */
export const NAME_WORD_STOPLIST: readonly string[] = ['von', 'van', 'der', 'den', 'dem', 'de', 'del', 'la', 'le', 'les', 'du', 'da', 'di', 'zu', 'zum', 'zur', 'und', 'el', 'al', 'bin', 'ter', 'ten', 'am', 'im', 'an', 'in', 'op', 'st'];

/**
 * SQL of the words (lower case, `w`) found in the name and source-id columns of a
 * source, with the kind of the column (`name` preferred): words of at least two
 * characters with a letter, not in {@link NAME_WORD_STOPLIST}; from id columns also
 * digit runs of at least three digits.
 */
function nameWordsSql(from: string, sources: readonly { column: string; kind: string }[]): string {
  const parts = sources.map(
    (c) =>
      `SELECT lower(unnest(regexp_extract_all(CAST(s.${quoteIdent(c.column)} AS VARCHAR), ${quoteLiteral(WORD)}))) AS w, ${quoteLiteral(c.kind === 'name' ? 'name' : 'source-id')} AS kind FROM ${from} AS s`,
  );
  const stop = NAME_WORD_STOPLIST.map(quoteLiteral).join(', ');
  return (
    `SELECT w, min(kind) AS kind FROM (${parts.join(' UNION ALL ')}) ` +
    `WHERE w IS NOT NULL AND w NOT IN (${stop}) AND ((length(w) >= 2 AND regexp_matches(w, '[a-zà-öø-ÿ]')) OR (kind = 'source-id' AND length(w) >= 3)) GROUP BY w`
  );
}

/** SQL of the tokens (`__row`, `tok`, `pos`: words and the text between them) of a text expression over `__src`. */
function tokensSql(fromWithRow: string, text: string): string {
  return (
    `SELECT __row, unnest(t) AS tok, generate_subscripts(t, 1) AS pos FROM ` +
    `(SELECT __src.__row AS __row, regexp_extract_all(${text}, ${quoteLiteral(`${WORD}|[^0-9A-Za-zÀ-ÖØ-öø-ÿ]+`)}) AS t FROM ${fromWithRow} AS __src WHERE ${text} IS NOT NULL)`
  );
}

/** The text of a row put together again, each word found in `__names` replaced by its mark. */
function redactedTextSql(): string {
  return `string_agg(CASE WHEN n.kind IS NULL THEN tok ELSE '[redacted:' || n.kind || ']' END, '' ORDER BY pos)`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}

/** The accepted pseudonym forms a trust-centre list is checked against (the store's and the import's pattern). */
async function acceptedForTrustCentre(connection: DuckDBConnection, options: ImportOptions): Promise<{ pattern: string; describe: string }> {
  const pattern = await resolveImportPattern(connection, options.pseudonymPattern);
  return { pattern: acceptedPseudonymPattern(pattern), describe: describeAcceptedPseudonyms(pattern) };
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
async function trustCentreRelation(connection: DuckDBConnection, mappingFile: string, accepted: { pattern: string; describe: string }): Promise<string> {
  const src = await openFileSource(connection, mappingFile, 'csv');
  for (const c of ['source_id', 'pseudonym']) {
    if (!src.columns.includes(c)) throw new DataValidationError([{ file: mappingFile, row: 0, field: c, message: `trust-centre mapping needs columns source_id and pseudonym (has: ${src.columns.join(', ')})` }]);
  }
  const base = `(SELECT __row, ${normalizeSql('source_id')} AS __sid, nullif(trim(pseudonym), '') AS __psn FROM ${src.relation(true)})`;
  const form = `regexp_full_match(__psn, ${quoteLiteral(accepted.pattern)})`;
  const bad = (
    await connection.runAndReadAll(
      `SELECT __row, CASE WHEN __psn IS NULL THEN 'empty pseudonym' WHEN __sid IS NULL OR __sid = '' THEN 'empty source_id'
         WHEN NOT ${form} THEN 'the pseudonym is not of an accepted form (${accepted.describe.replace(/'/g, "''")}); other forms only with --pseudonym-pattern REGEX'
         ELSE 'source_id mapped to two different pseudonyms' END
       FROM (SELECT __row, __sid, __psn, count(DISTINCT __psn) OVER (PARTITION BY __sid) AS __n FROM ${base})
       WHERE __psn IS NULL OR __sid IS NULL OR __sid = '' OR NOT ${form} OR __n > 1 ORDER BY __row LIMIT ${MAX_LISTED_ISSUES}`,
    )
  ).getRowsJS();
  if (bad.length) throw new DataValidationError(bad.map((r) => ({ file: mappingFile, row: Number(r[0]), field: null, message: String(r[1]) })));
  return `(SELECT DISTINCT __sid, __psn FROM ${base})`;
}

