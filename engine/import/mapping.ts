/**
 * Declarative column mapping: how the columns of a CSV/Parquet/NDJSON/Arrow
 * source become the canonical columns of a table. Pure functions: the mapping
 * is validated with zod and turned into SQL text expressions; the loaders run
 * them in DuckDB.
 *
 * A mapping entry is either the name of the source column, or an object:
 * `{ column?, constant?, values?, dateFormat? }`:
 * - `column`: source column to read (default: the canonical name);
 * - `constant`: a fixed value for every row (instead of a column);
 * - `values`: recode table applied to the source text, e.g. `{ F: 'female', M: 'male' }`
 *   (values not in the table pass through unchanged and are then validated);
 * - `dateFormat`: strptime format of a DATE column, e.g. `'%d.%m.%Y'`.
 *
 * Unmapped canonical columns read the same-named source column (exact name,
 * else case-insensitive match), else are NULL. A required column that is
 * neither mapped nor present fails the import once, at the header (row 0),
 * naming the field, rather than once per row. Extra source columns are dropped:
 * never read into the store, and listed in the import report (`unmappedColumns`).
 *
 * @example
 * ```json
 * { "pseudonym": "PID", "sex": { "column": "GENDER", "values": { "F": "female", "M": "male" } },
 *   "index_date": { "column": "DIAG_DATE", "dateFormat": "%d.%m.%Y" }, "diagnosis": { "constant": "breast_cancer" } }
 * ```
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { TABLES, type CanonicalTableName, type ColumnSpec } from '../schema.js';
import { UnknownColumnError, UsageError } from '../../util/errors.js';
import { quoteIdent, quoteLiteral } from '../store-sql.js';
import { isFreeTextColumn } from '../privacy/free-text.js';

/** zod schema of one mapping entry. */
export const ColumnMappingEntrySchema = z.union([
  z.string().min(1),
  z
    .object({
      column: z.string().min(1).optional(),
      constant: z.union([z.string(), z.number()]).optional(),
      values: z.record(z.string(), z.string()).optional(),
      dateFormat: z.string().min(1).optional(),
    })
    .strict()
    .refine((e) => !(e.column !== undefined && e.constant !== undefined), 'give either column or constant, not both'),
]);

/** zod schema of a column mapping: canonical column -> entry. */
export const ColumnMappingSchema = z.record(z.string(), ColumnMappingEntrySchema);

/** One mapping entry (see the module documentation). */
export type ColumnMappingEntry = z.infer<typeof ColumnMappingEntrySchema>;
/** Column mapping: canonical column name -> source column name or entry object. */
export type ColumnMapping = Record<string, ColumnMappingEntry>;

/**
 * Validates a column mapping (e.g. parsed JSON) for a table.
 *
 * @throws UsageError for a malformed mapping; UnknownColumnError for a key that is not a column of `table`.
 * @example parseColumnMapping({ sex: 'GENDER' }, 'patients')
 */
export function parseColumnMapping(value: unknown, table?: CanonicalTableName): ColumnMapping {
  const parsed = ColumnMappingSchema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new UsageError(`invalid column mapping at '${first?.path.join('.') ?? ''}': ${first?.message ?? 'malformed'}`);
  }
  if (table) {
    const names = TABLES[table].columns.map((c) => c.name);
    for (const key of Object.keys(parsed.data)) if (!names.includes(key)) throw new UnknownColumnError(key, names);
  }
  return parsed.data;
}

/**
 * Reads and validates a column mapping from a JSON file (the CLI's `--mapping FILE`).
 *
 * @throws UsageError when the file cannot be read or is not valid JSON or not a valid mapping.
 */
export async function loadColumnMapping(file: string, table?: CanonicalTableName): Promise<ColumnMapping> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read mapping file ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`mapping file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  return parseColumnMapping(json, table);
}

/** A canonical column with the SQL text expression that produces it from the source (alias `s`). */
export interface ResolvedColumn {
  spec: ColumnSpec;
  /** SQL VARCHAR expression over the source relation `s`; NULL means missing. */
  expr: string;
  /** Source column it reads, or `null` for constants and absent columns. */
  sourceColumn: string | null;
  /** strptime format for DATE columns, or `null` for ISO dates. */
  dateFormat: string | null;
  /**
   * A free-text column (`events.detail`, `treatments.stop_reason`): the validation SQL
   * redacts identifiers in it (engine/privacy/free-text.ts); `expr` is the text before redaction.
   */
  freeText: boolean;
}

/** Defaults applied while resolving a mapping. */
export interface ResolveDefaults {
  /** Date format of DATE columns without their own. Default: `null` (ISO only). */
  dateFormat?: string | null;
  /** Provenance for the `source` column where the record has none. Default: `null`. */
  source?: string | null;
}

/** Result of resolving a mapping against the columns a source actually has. */
export interface ResolvedMapping {
  columns: ResolvedColumn[];
  /** Mapped source columns that the source lacks: `[canonical, source]` pairs. */
  missing: Array<[string, string]>;
  /** Required canonical columns with neither a mapping nor a same-named source column. */
  absentRequired: string[];
  /** Source columns that map to no canonical column: never read into the store (listed in the import report). */
  unmapped: string[];
}

function textOf(column: string): string {
  return `NULLIF(CAST(s.${quoteIdent(column)} AS VARCHAR), '')`;
}

function findColumn(available: readonly string[], name: string): string | null {
  if (available.includes(name)) return name;
  const lower = name.toLowerCase();
  return available.find((a) => a.toLowerCase() === lower) ?? null;
}

/**
 * Resolves a mapping for a table against the source's column names into one
 * SQL text expression per canonical column (pure; no database access).
 *
 * @param table canonical table
 * @param mapping validated mapping (default `{}`)
 * @param available column names of the source
 * @example resolveMapping('visits', {}, ['pseudonym', 'date', 'type']).columns[1].expr // => `NULLIF(CAST(s."date" AS VARCHAR), '')`
 */
export function resolveMapping(
  table: CanonicalTableName,
  mapping: ColumnMapping = {},
  available: readonly string[],
  defaults: ResolveDefaults = {},
): ResolvedMapping {
  const missing: Array<[string, string]> = [];
  const absentRequired: string[] = [];
  const columns = TABLES[table].columns.map((spec): ResolvedColumn => {
    const entry = mapping[spec.name];
    const obj = typeof entry === 'string' ? { column: entry } : (entry ?? {});
    let expr: string;
    let sourceColumn: string | null = null;
    if (obj.constant !== undefined) {
      expr = quoteLiteral(String(obj.constant));
    } else {
      const wanted = obj.column ?? spec.name;
      const found = obj.column !== undefined ? (available.includes(wanted) ? wanted : null) : findColumn(available, wanted);
      if (found === null && obj.column !== undefined) missing.push([spec.name, wanted]);
      else if (found === null && spec.required) absentRequired.push(spec.name);
      sourceColumn = found;
      expr = found === null ? 'CAST(NULL AS VARCHAR)' : textOf(found);
    }
    if (obj.values && Object.keys(obj.values).length) {
      const whens = Object.entries(obj.values).map(([from, to]) => `WHEN ${quoteLiteral(from)} THEN ${quoteLiteral(to)}`);
      expr = `(CASE ${expr} ${whens.join(' ')} ELSE ${expr} END)`;
    }
    if (spec.name === 'source' && defaults.source) expr = `coalesce(${expr}, ${quoteLiteral(defaults.source)})`;
    const dateFormat = spec.type === 'DATE' ? (obj.dateFormat ?? defaults.dateFormat ?? null) : null;
    return { spec, expr, sourceColumn, dateFormat, freeText: isFreeTextColumn(table, spec.name) };
  });
  const used = new Set(columns.map((c) => c.sourceColumn).filter((c): c is string => c !== null));
  return { columns, missing, absentRequired, unmapped: available.filter((c) => !used.has(c)) };
}
