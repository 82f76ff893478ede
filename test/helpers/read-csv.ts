/**
 * Minimal CSV reader for tests: header row, comma separator, double-quoted
 * fields (with "" as an escaped quote), empty field = missing. A column is
 * numeric (Float64Array, NaN for missing) when every non-empty value parses
 * as a number; otherwise it is an array of strings with null for missing.
 */
import { readFileSync } from 'node:fs';
import type { Column, ColumnTable } from '../../models/design/types.js';

function parseRecords(text: string): { fields: string[]; quoted: boolean[] }[] {
  const records: { fields: string[]; quoted: boolean[] }[] = [];
  let fields: string[] = [];
  let quoted: boolean[] = [];
  let field = '';
  let wasQuoted = false;
  let inQuotes = false;
  let i = 0;
  const n = text.length;
  const endField = (): void => {
    fields.push(field);
    quoted.push(wasQuoted);
    field = '';
    wasQuoted = false;
  };
  const endRecord = (): void => {
    endField();
    if (!(fields.length === 1 && fields[0] === '' && !quoted[0])) records.push({ fields, quoted });
    fields = [];
    quoted = [];
  };
  while (i < n) {
    const c = text[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
      } else field += c;
      i++;
      continue;
    }
    if (c === '"') {
      inQuotes = true;
      wasQuoted = true;
    } else if (c === ',') endField();
    else if (c === '\n') endRecord();
    else if (c !== '\r') field += c;
    i++;
  }
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

/** Read a CSV file into columns (see the module comment for the typing rule). */
export function readCsvColumns(path: string): ColumnTable {
  const records = parseRecords(readFileSync(path, 'utf8'));
  const header = records[0];
  if (!header) return {};
  const rows = records.slice(1);
  const out: Record<string, Column> = {};
  header.fields.forEach((name, j) => {
    const raw = rows.map((r) => r.fields[j] ?? '');
    const numeric = raw.every((v) => v === '' || (v.trim() !== '' && Number.isFinite(Number(v))));
    out[name] = numeric
      ? Float64Array.from(raw, (v) => (v === '' ? NaN : Number(v)))
      : raw.map((v) => (v === '' ? null : v));
  });
  return out;
}
