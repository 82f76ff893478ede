/**
 * Reads a plain data file (CSV/TSV, Parquet, Arrow IPC) into model-ready
 * columns, outside the cohort store: for public datasets and exported
 * analysis tables, which need no study declaration.
 *
 * CSV columns are typed as R's `read.csv` types them (`type.convert(as.is =
 * TRUE)`, see engine/r-type-convert.ts and docs/data-files.md): `T`/`F`/
 * `TRUE`/`FALSE` columns are logical, whole numbers integer, other numbers
 * double, and every other column text with its own labels (`yes`/`no` stays
 * text). `NA` and blank fields are missing. ISO dates (`2020-01-31`) are read
 * as dates (days since 1970-01-01), where R would keep text.
 *
 * Speed: DuckDB's `read_csv` parses the file (in parallel); its sniffer
 * proposes types from a sample, numeric columns are then parsed straight to
 * DOUBLE and copied chunk by chunk into preallocated Float64Arrays
 * (engine/convert.ts); only columns the sniffer does not call numeric or date
 * are read as text and typed here by R's rules. When a value later in the file
 * does not fit the sampled type, the file is read again with types sniffed
 * from every row. Parquet is read by DuckDB (its schema types are kept),
 * Arrow IPC by apache-arrow.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { extname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from './duckdb.js';
import type { Column, ColumnTable } from '../models/design/types.js';
import { DataValidationError, UsageError } from '../util/errors.js';
import { readResult, toModelTable, type ColumnKind, type ResultColumns } from './read-result.js';
import { firstRaggedRow } from './csv-field-count.js';
import { rColumnType, rValues } from './r-type-convert.js';
import { ident, literal } from './sql.js';

export type DataFileFormat = 'csv' | 'parquet' | 'arrow';

/** Format from the file extension (.csv .tsv .txt -> csv; .parquet; .arrow .ipc .feather -> arrow). */
export function formatOf(file: string): DataFileFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv';
  if (ext === '.parquet') return 'parquet';
  if (ext === '.arrow' || ext === '.ipc' || ext === '.feather') return 'arrow';
  throw new UsageError(`Cannot tell the format of ${file} from its extension (use .csv, .tsv, .parquet or .arrow)`);
}

async function readArrowFile(file: string): Promise<ResultColumns> {
  // Loaded here only: apache-arrow costs 0.3 s of start-up CPU that CSV and Parquet reads do not need.
  const { tableFromIPC, Type } = await import('apache-arrow');
  const table = tableFromIPC(readFileSync(file));
  const names: string[] = [];
  const kinds: ColumnKind[] = [];
  const columns: Column[] = [];
  for (const field of table.schema.fields) {
    const vec = table.getChild(field.name);
    if (!vec) continue;
    names.push(field.name);
    const id = field.type.typeId;
    if (id === Type.Int || id === Type.Float || id === Type.Decimal || id === Type.Bool || id === Type.Date) {
      const out = new Float64Array(vec.length);
      for (let i = 0; i < vec.length; i++) {
        const v: unknown = vec.get(i);
        if (v === null || v === undefined) out[i] = Number.NaN;
        else if (typeof v === 'bigint') out[i] = Number(v);
        else if (typeof v === 'boolean') out[i] = v ? 1 : 0;
        else if (v instanceof Date) out[i] = Math.round(v.getTime() / 86_400_000);
        else out[i] = Number(v);
      }
      columns.push(out);
      kinds.push(id === Type.Date ? 'date' : id === Type.Bool ? 'boolean' : id === Type.Int ? 'integer' : 'number');
    } else {
      const out: (string | null)[] = new Array(vec.length);
      for (let i = 0; i < vec.length; i++) {
        const v: unknown = vec.get(i);
        out[i] = v === null || v === undefined ? null : String(v);
      }
      columns.push(out);
      kinds.push('string');
    }
  }
  return { names, kinds, columns, rowCount: table.numRows };
}

/** Options of {@link readDataFile}. */
export interface ReadDataFileOptions {
  /** File format (default: from the extension, see {@link formatOf}). */
  format?: DataFileFormat;
  /**
   * Read only these columns, in the file's order (default: all). Names the
   * file does not have are ignored here (the model frame reports them); when
   * none is in the file the first column is read, for the row count.
   */
  columns?: readonly string[];
}

/** DuckDB type names the CSV sniffer gives integer columns. */
const SNIFFED_INTEGER = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT']);
/** R's largest integer (.Machine$integer.max): larger whole numbers are double in R. */
const INT_MAX = 2147483647;

/** How one CSV column is read: the type DuckDB parses it as, and how its values are typed afterwards. */
interface CsvColumnPlan {
  name: string;
  /** `DOUBLE` (numbers, typed integer or double afterwards), `DATE`, or `VARCHAR` (typed by R's rules). */
  read: 'DOUBLE' | 'DATE' | 'VARCHAR';
  sniffedInteger: boolean;
}

/** How DuckDB reads the CSV file: delimiter, whether types are sniffed from every row, columns forced to text. */
interface CsvDialect {
  /** Forced delimiter, or null to let DuckDB detect it. */
  delim: string | null;
  sampleAll: boolean;
  /** Columns read as text whatever the sniffer says (a value DuckDB could not convert). */
  asText: ReadonlySet<string>;
}

/** What DuckDB's sniffer found: the dialect as `read_csv` options, and every column with its type. */
interface CsvSniff {
  /** `read_csv` options of the detected dialect (delim, quote, escape, new_line, comment, date formats). */
  options: string[];
  columns: { name: string; type: string }[];
}

/** The sniffer's text for "none" (`sniff_csv` writes `(empty)` where `read_csv` takes `''`). */
const sniffText = (v: unknown): string => (v === null || v === undefined || v === '(empty)' ? '' : String(v));

/** Options every read shares: read.csv reads the first line as the header and never skips lines (skip = 0). */
function baseOptions(file: string, dialect: CsvDialect): string[] {
  const parts = [literal(file), 'header = true', "nullstr = ['', 'NA']", 'skip = 0'];
  if (dialect.delim !== null) parts.push(`delim = ${literal(dialect.delim)}`);
  return parts;
}

/**
 * Sniffs the file once (DuckDB `sniff_csv`, a sample of 20,480 rows, or every
 * row after a late mismatch): the dialect and the column types, so that the
 * read itself runs with `auto_detect = false` and does not sniff again.
 */
async function sniffCsv(conn: DuckDBConnection, file: string, dialect: CsvDialect): Promise<CsvSniff> {
  const parts = baseOptions(file, dialect);
  if (dialect.sampleAll) parts.push('sample_size = -1');
  const reader = await conn.runAndReadAll(
    `SELECT Delimiter, Quote, Escape, NewLineDelimiter, Comment, DateFormat, TimestampFormat, Columns FROM sniff_csv(${parts.join(', ')})`,
  );
  const row = reader.getRowObjectsJS()[0] as Record<string, unknown>;
  const options = [
    `delim = ${literal(sniffText(row.Delimiter))}`,
    `quote = ${literal(sniffText(row.Quote))}`,
    `escape = ${literal(sniffText(row.Escape))}`,
    `new_line = ${literal(sniffText(row.NewLineDelimiter))}`,
    `comment = ${literal(sniffText(row.Comment))}`,
  ];
  if (sniffText(row.DateFormat)) options.push(`dateformat = ${literal(sniffText(row.DateFormat))}`);
  if (sniffText(row.TimestampFormat)) options.push(`timestampformat = ${literal(sniffText(row.TimestampFormat))}`);
  const columns = (row.Columns as { name: string; type: string }[]).map((c) => ({ name: String(c.name), type: String(c.type) }));
  return { options, columns };
}

/** The `read_csv` call with the sniffed dialect and the planned types (columns not read are text: never parsed). */
function csvReader(file: string, dialect: CsvDialect, sniff: CsvSniff, plan: readonly CsvColumnPlan[]): string {
  const read = new Map(plan.map((c) => [c.name, c.read]));
  const columns = sniff.columns.map((c) => `${literal(c.name)}: '${read.get(c.name) ?? 'VARCHAR'}'`).join(', ');
  return `read_csv(${[...baseOptions(file, dialect).filter((o) => !o.startsWith('delim')), 'auto_detect = false', ...sniff.options, `columns = {${columns}}`].join(', ')})`;
}

function planCsv(sniff: CsvSniff, dialect: CsvDialect, wanted: readonly string[] | undefined): CsvColumnPlan[] {
  let plan: CsvColumnPlan[] = sniff.columns.map((c) => {
    const t = c.type;
    const sniffedInteger = SNIFFED_INTEGER.has(t);
    const numeric = sniffedInteger || t === 'DOUBLE' || t === 'FLOAT';
    const read = dialect.asText.has(c.name) ? 'VARCHAR' : numeric ? 'DOUBLE' : t === 'DATE' ? 'DATE' : 'VARCHAR';
    return { name: c.name, read, sniffedInteger };
  });
  if (wanted) {
    const keep = new Set(wanted);
    const some = plan.filter((c) => keep.has(c.name));
    plan = some.length ? some : plan.slice(0, 1);
  }
  return plan;
}

/** Types the text columns by R's rules and the numeric columns as integer or double. */
function typeAsR(result: ResultColumns, plan: readonly CsvColumnPlan[]): ResultColumns {
  const kinds = [...result.kinds];
  const columns = [...result.columns];
  plan.forEach((c, j) => {
    const col = columns[j] as Column;
    if (c.read === 'VARCHAR' && !(col instanceof Float64Array)) {
      const type = rColumnType(col);
      if (type === 'character') kinds[j] = 'string';
      else {
        columns[j] = rValues(col, type);
        kinds[j] = type === 'logical' ? 'boolean' : type === 'integer' ? 'integer' : 'number';
      }
    } else if (c.read === 'DOUBLE' && col instanceof Float64Array) {
      let integer = c.sniffedInteger;
      for (let i = 0; integer && i < col.length; i++) {
        const v = col[i] as number;
        if (!Number.isNaN(v) && (!Number.isInteger(v) || Math.abs(v) > INT_MAX)) integer = false;
      }
      kinds[j] = integer ? 'integer' : 'number';
    }
  });
  return { names: result.names, kinds, columns, rowCount: result.rowCount };
}

async function readCsvWith(conn: DuckDBConnection, file: string, wanted: readonly string[] | undefined, dialect: CsvDialect): Promise<ResultColumns> {
  const sniff = await sniffCsv(conn, file, dialect);
  const plan = planCsv(sniff, dialect, wanted);
  const result = await conn.run(`SELECT ${plan.map((c) => ident(c.name)).join(', ')} FROM ${csvReader(file, dialect, sniff, plan)}`);
  return typeAsR(await readResult(result), plan);
}

/** The column of a DuckDB conversion error (a value that does not fit the column's type; '' when unnamed), or null for other errors. */
function mismatchedColumn(err: unknown): string | null {
  if (!(err instanceof Error) || !/Conversion Error|Could not convert/i.test(err.message)) return null;
  return /converting column "([^"]+)"/.exec(err.message)?.[1] ?? '';
}

/**
 * Reads a CSV file. A value that does not fit the type sniffed from the first
 * rows makes DuckDB sniff every row; a value it still cannot convert (`0x1A`
 * in a BIGINT column) makes that column text, typed by R's rules.
 */
async function readCsv(conn: DuckDBConnection, file: string, wanted: readonly string[] | undefined): Promise<ResultColumns> {
  const asText = new Set<string>();
  const dialect: CsvDialect = { delim: extname(file).toLowerCase() === '.tsv' ? '\t' : null, sampleAll: false, asText };
  for (;;) {
    let result: ResultColumns;
    try {
      result = await readCsvWith(conn, file, wanted, dialect);
    } catch (err) {
      const column = mismatchedColumn(err);
      if (column === null) throw err;
      if (!dialect.sampleAll) dialect.sampleAll = true;
      else if (column !== '' && !asText.has(column)) asText.add(column);
      else throw err;
      continue;
    }
    // One detected column whose name holds commas: rows of unequal length defeated the
    // delimiter detection. Read with read.csv's comma, which names the row at fault.
    if (dialect.delim === null && result.names.length === 1 && (result.names[0] as string).includes(',')) {
      dialect.delim = ',';
      continue;
    }
    return result;
  }
}

/** The delimiter of a .tsv file, else the most frequent of `,` `;` tab `|` in the header line (read.csv's comma on a tie). */
function headerDelimiter(file: string): string {
  if (extname(file).toLowerCase() === '.tsv') return '\t';
  const fd = openSync(file, 'r');
  let head: string;
  try {
    const buf = Buffer.alloc(65536);
    head = buf.subarray(0, readSync(fd, buf, 0, buf.length, 0)).toString('utf8').split('\n')[0] ?? '';
  } finally {
    closeSync(fd);
  }
  let best = ',';
  let most = -1;
  for (const d of [',', ';', '\t', '|']) {
    const k = head.split(d).length - 1;
    if (k > most) [best, most] = [d, k];
  }
  return best;
}

/** The file row (1-based, header excluded) and column a DuckDB CSV error names, when it names them. */
function issueOf(file: string, err: unknown): { file: string; row: number; field: string | null; message: string } {
  const message = err instanceof Error ? err.message : String(err);
  const line = /CSV Error on Line: (\d+)/.exec(message);
  const column = /column "([^"]+)"/i.exec(message);
  const first = message.split('\n').find((l) => l.trim() !== '') ?? message;
  const detail = message.split('\n').find((l) => /^(Error when|Expected Number of Columns)/.test(l.trim()));
  return {
    file,
    row: line ? Math.max(0, Number(line[1]) - 1) : 0,
    field: column ? (column[1] as string) : null,
    message: detail ? `${first.trim()}: ${detail.trim()}` : first.trim(),
  };
}

/**
 * Reads a data file into columns (numbers as Float64Array with NaN for
 * missing, logical as 0/1 of kind `boolean`, text as string arrays with null,
 * dates as days since 1970-01-01). CSV columns are typed as R's `read.csv`
 * types them (see the file header).
 * @throws UsageError when the file does not exist; DataValidationError naming
 *   the file (and the row and column where DuckDB names them) when it cannot
 *   be read.
 * @example (await readDataFile('gbsg2.csv')).kinds // => ['string', 'number', ...]
 */
export async function readDataFile(file: string, options: ReadDataFileOptions = {}): Promise<ResultColumns> {
  const format = options.format ?? formatOf(file);
  if (!existsSync(file)) throw new UsageError(`No such file: ${file}`);
  if (format === 'arrow') {
    try {
      return await readArrowFile(file);
    } catch (err) {
      throw new DataValidationError([{ file, row: 0, field: null, message: `not a readable Arrow IPC file: ${err instanceof Error ? err.message : String(err)}` }]);
    }
  }
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    if (format === 'parquet') {
      const reader = `read_parquet(${literal(file)})`;
      let select = '*';
      if (options.columns) {
        const names = ((await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${reader}`)).getRowObjectsJS() as { column_name: string }[]).map((r) => r.column_name);
        const keep = new Set(options.columns);
        const some = names.filter((n) => keep.has(n));
        select = (some.length ? some : names.slice(0, 1)).map(ident).join(', ');
      }
      return await readResult(await conn.run(`SELECT ${select} FROM ${reader}`));
    }
    return await readCsv(conn, file, options.columns);
  } catch (err) {
    if (err instanceof DataValidationError || err instanceof UsageError) throw err;
    const ragged = format === 'csv' && err instanceof Error && /sniffing file|Expected Number of Columns/i.test(err.message) ? await firstRaggedRow(file, headerDelimiter(file)) : null;
    if (ragged) throw new DataValidationError([{ file, row: ragged.row, field: null, message: `${ragged.fields} fields where the header has ${ragged.headerFields}` }], { cause: err });
    throw new DataValidationError([issueOf(file, err)], { cause: err });
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/**
 * A data file as the models see it (R's data frame after `read.csv`):
 * {@link readDataFile}, with logical columns as the factor FALSE/TRUE
 * ({@link toModelTable}).
 * @example coxph('Surv(time, cens) ~ horTh', await readDataTable('gbsg2.csv')) // term horThyes
 */
export async function readDataTable(file: string, options: ReadDataFileOptions = {}): Promise<ColumnTable> {
  return toModelTable(await readDataFile(file, options));
}
