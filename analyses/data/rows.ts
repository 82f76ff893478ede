/**
 * The rows of a data analysis' result (`table`, `query`) as the surfaces write
 * them: plain records (dates as ISO text, bigint as numbers; engine/convert.ts
 * converts once) or Arrow IPC bytes.
 */
import type { ResultColumns } from '../../engine/read-result.js';

/** A row as a record of JSON-ready cells. */
export type ResultRow = Record<string, string | number | boolean | null>;

/** The result's rows as records. */
export async function resultRows(result: ResultColumns): Promise<ResultRow[]> {
  const { toRows } = await import('../../engine/convert.js');
  return toRows(result);
}

/**
 * The result as Arrow IPC bytes: `file` (the random-access format of `.arrow`
 * files) or `stream` (the streaming format written to stdout).
 */
export async function resultArrowIpc(result: ResultColumns, format: 'file' | 'stream'): Promise<Uint8Array> {
  const [{ toArrowTable }, { tableToIPC }] = await Promise.all([import('../../engine/convert.js'), import('apache-arrow')]);
  return tableToIPC(toArrowTable(result), format);
}
