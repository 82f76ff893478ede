/**
 * Finds the first row of a delimited text file whose number of fields differs
 * from the header's: the row a reader should name when it rejects a ragged
 * file (DuckDB's sniffer only says that no dialect fits). Fields may be quoted
 * with `"` (a doubled `""` inside is a quote) and then hold delimiters and line
 * breaks, as RFC 4180 has it. The file is streamed, so memory stays small.
 */
import { createReadStream } from 'node:fs';

/** The first row whose field count differs from the header's. */
export interface RaggedRow {
  /** 1-based data row (header excluded). */
  row: number;
  fields: number;
  headerFields: number;
}

/**
 * @param file a delimited text file with a header line
 * @param delim the one-character delimiter (`,`, `;`, `\t`)
 * @returns the first ragged row, or null when every row has the header's count
 * @example await firstRaggedRow('a,b\n1,2\n3,4,5\n', ',') // => { row: 2, fields: 3, headerFields: 2 } (for a file with that text)
 */
export async function firstRaggedRow(file: string, delim: string): Promise<RaggedRow | null> {
  const d = delim.charCodeAt(0);
  const QUOTE = 34;
  const LF = 10;
  const CR = 13;
  let inQuotes = false;
  let fields = 1;
  let lineHasContent = false;
  let record = 0; // 0 = header
  let headerFields = -1;
  const endRecord = (): RaggedRow | null => {
    if (!lineHasContent) return null; // blank lines are skipped, as read.csv does
    if (record === 0) headerFields = fields;
    else if (fields !== headerFields) return { row: record, fields, headerFields };
    record++;
    fields = 1;
    lineHasContent = false;
    return null;
  };
  for await (const chunk of createReadStream(file)) {
    const bytes = chunk as Buffer;
    for (let i = 0; i < bytes.length; i++) {
      const c = bytes[i] as number;
      if (inQuotes) {
        if (c === QUOTE) inQuotes = false;
        continue;
      }
      if (c === QUOTE) {
        // an opening quote, or the second of `""` inside a quoted field: (back) into the quotes
        inQuotes = true;
        lineHasContent = true;
        continue;
      }
      if (c === LF) {
        const ragged = endRecord();
        if (ragged) return ragged;
      } else if (c === d) {
        fields++;
        lineHasContent = true;
      } else if (c !== CR) lineHasContent = true;
    }
  }
  return endRecord();
}
