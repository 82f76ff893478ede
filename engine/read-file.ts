/**
 * Reads a plain data file (CSV/TSV, Parquet, Arrow IPC) into model-ready
 * columns, outside the cohort store: for public datasets and exported
 * analysis tables, which need no study declaration. CSV and Parquet are read
 * by DuckDB (types inferred as R's read.csv would: numbers, booleans, text);
 * Arrow IPC by apache-arrow.
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromIPC, Type } from 'apache-arrow';
import type { Column } from '../models/design/types.js';
import { DataValidationError, UsageError } from '../util/errors.js';
import { readResult, type ColumnKind, type ResultColumns } from './convert.js';
import { literal } from './sql.js';

export type DataFileFormat = 'csv' | 'parquet' | 'arrow';

/** Format from the file extension (.csv .tsv .txt -> csv; .parquet; .arrow .ipc .feather -> arrow). */
export function formatOf(file: string): DataFileFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv';
  if (ext === '.parquet') return 'parquet';
  if (ext === '.arrow' || ext === '.ipc' || ext === '.feather') return 'arrow';
  throw new UsageError(`Cannot tell the format of ${file} from its extension (use .csv, .tsv, .parquet or .arrow)`);
}

function readArrowFile(file: string): ResultColumns {
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

/**
 * Reads a data file into columns (numbers as Float64Array with NaN for
 * missing, text as string arrays with null, dates as days since 1970-01-01).
 * @throws DataValidationError naming the file when it cannot be read.
 */
export async function readDataFile(file: string, format: DataFileFormat = formatOf(file)): Promise<ResultColumns> {
  if (!existsSync(file)) throw new UsageError(`No such file: ${file}`);
  if (format === 'arrow') {
    try {
      return readArrowFile(file);
    } catch (err) {
      throw new DataValidationError([{ file, row: 0, field: null, message: `not a readable Arrow IPC file: ${err instanceof Error ? err.message : String(err)}` }]);
    }
  }
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const reader = format === 'csv' ? `read_csv(${literal(file)}, header = true, nullstr = ['', 'NA'])` : `read_parquet(${literal(file)})`;
    return await readResult(await conn.run(`SELECT * FROM ${reader}`));
  } catch (err) {
    throw new DataValidationError([{ file, row: 0, field: null, message: err instanceof Error ? err.message : String(err) }], { cause: err });
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
