/** Reading the row-level cluster assignments that `msCluster` gives (`midia ms cluster --assignments FILE`): for `msCompare`'s `byCluster`. */
import { toColumnTable } from '../../engine/convert.js';
import { readDataFile } from '../../engine/read-file.js';
import type { ColumnTable } from '../../models/design/types.js';
import { DataValidationError, MidiaError, UsageError } from '../../util/errors.js';

/**
 * Reads `pseudonym,cluster` rows (CSV, Parquet or Arrow by extension); rows
 * with a missing pseudonym or cluster are skipped.
 * @throws {UsageError} when the file cannot be read; {@link DataValidationError} naming the file and the missing column.
 * @example const clusters = await readClusterAssignments('clusters.csv') // Map { 'P-0001' => '1', ... }
 */
export async function readClusterAssignments(file: string): Promise<Map<string, string>> {
  let t: ColumnTable;
  try {
    t = toColumnTable(await readDataFile(file));
  } catch (err) {
    if (err instanceof MidiaError) throw err;
    throw new UsageError(`--by-cluster: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const ids = t.pseudonym;
  const cl = t.cluster;
  if (!ids || !cl) throw new DataValidationError([{ file, row: 0, field: !ids ? 'pseudonym' : 'cluster', message: 'the --by-cluster file needs columns pseudonym and cluster' }]);
  const m = new Map<string, string>();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    const c = cl[i];
    if (id === null || id === undefined || c === null || c === undefined || (typeof c === 'number' && Number.isNaN(c))) continue;
    m.set(String(id), String(c));
  }
  return m;
}
