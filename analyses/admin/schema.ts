/**
 * The canonical schema as the surfaces print it (`midia schema`): Markdown,
 * a JSON document, or the DuckDB DDL of every stored table (engine/schema.ts,
 * docs/schema.md).
 */
import { CANONICAL_TABLES, SCHEMA_VERSION, STORE_TABLES, TABLES, schemaMarkdown, tableDdl } from '../../engine/schema.js';

/** The schema as JSON: the canonical tables under `tables`, the reports table under `reports`. */
export function schemaJson(): { version: typeof SCHEMA_VERSION; tables: (typeof TABLES)[keyof typeof TABLES][]; reports: (typeof TABLES)['reports'] } {
  return { version: SCHEMA_VERSION, tables: CANONICAL_TABLES.map((t) => TABLES[t]), reports: TABLES.reports };
}

/** The DDL of every stored table (the five canonical tables and reports). */
export function schemaSql(): string {
  return STORE_TABLES.map((t) => `${tableDdl(t)};\n`).join('\n');
}

/** The schema as Markdown (docs/schema.md). */
export function schemaText(): string {
  return schemaMarkdown();
}
