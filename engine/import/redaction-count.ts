/**
 * Counting what the free-text redaction removes from a source (for the import
 * report): one aggregate query per free-text column over the source relation,
 * with the same patterns, in the same order, as the validation SQL applies them
 * (engine/privacy/free-text.ts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { addRedactionCounts, FREE_TEXT_PATTERNS, redactionCountSql, type RedactionCounts } from '../privacy/free-text.js';
import type { PipelineSource } from './pipeline.js';

/** The matches per kind in the free-text columns of a source (kinds without matches absent). */
export async function countRedactions(connection: DuckDBConnection, source: Pick<PipelineSource, 'relation' | 'columns'>): Promise<RedactionCounts> {
  let counts: RedactionCounts = {};
  for (const col of source.columns) {
    if (!col.freeText || col.expr === 'CAST(NULL AS VARCHAR)') continue;
    const row = (await connection.runAndReadAll(redactionCountSql(col.expr, source.relation(false)))).getRowsJS()[0] ?? [];
    const found: RedactionCounts = {};
    FREE_TEXT_PATTERNS.forEach((p, i) => {
      const n = Number(row[i] ?? 0);
      if (n > 0) found[p.kind] = n;
    });
    counts = addRedactionCounts(counts, found);
  }
  return counts;
}
