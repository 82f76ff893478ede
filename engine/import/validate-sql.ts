/**
 * SQL text of record validation (pure: builds strings, decodes bit masks).
 *
 * Every canonical column `i` of a source becomes two columns: `t_i`, the text
 * as read (NULL = missing), and `v_i`, the typed value (NULL when missing or
 * unparsable). Each check sets one bit of a BIGINT mask per row:
 * bit `4i` missing required value, `4i+1` bad type/format, `4i+2` not an
 * allowed value, `4i+3` out of range (the column's bounds, narrowed by the
 * plausibility rules: dates from 1900 to today + 1 day, birth years from 1900
 * to this year); bit 58 a value implausible for its code (engine/schema.ts
 * `VALUE_RULES`), bit 57 an index date before the year of birth and bit 59 a
 * last contact before the index date (patients), bit 60 a pseudonym of a
 * form that is not accepted (patients; engine/privacy/pseudonym-format.ts),
 * bit 61 stop before start (treatments), bit 62 unknown pseudonym. A row is
 * rejected when its mask is not zero.
 */
import { brokenValueRule, PLAUSIBILITY, TABLES, VALUE_RULES, type CanonicalTableName, type ColumnSpec } from '../schema.js';
import { quoteIdent, quoteLiteral } from '../store-sql.js';
import type { ResolvedColumn } from './mapping.js';
import { redactSql } from '../privacy/free-text.js';

/** Bit of "value implausible for its code" (observations, events). */
export const BIT_IMPLAUSIBLE_VALUE = 58;
/** Bit of "index date before the year of birth" (patients). */
export const BIT_INDEX_BEFORE_BIRTH = 57;
/** Bit of "last contact before the index date" (patients). */
export const BIT_LAST_CONTACT_BEFORE_INDEX = 59;
/** Bit of "pseudonym of an unaccepted form" (patients). */
export const BIT_PSEUDONYM_FORM = 60;
/** Bit of "stop before start" (treatments). */
export const BIT_STOP_BEFORE_START = 61;
/** Bit of "unknown pseudonym". */
export const BIT_UNKNOWN_PSEUDONYM = 62;

/** What validation needs besides the columns: the day the rules count from and the accepted pseudonym forms. */
export interface ValidationContext {
  /** The import's day (ISO `YYYY-MM-DD`): dates after it + {@link PLAUSIBILITY}.futureToleranceDays and birth years after its year are rejected. */
  today: string;
  /**
   * RE2 pattern a `patients` pseudonym must match in full (engine/privacy/pseudonym-format.ts), or
   * `null` for no check; `describe` says which forms it accepts, for messages.
   */
  pseudonyms: { pattern: string; describe: string } | null;
}

/** The context of an import run today (UTC) with no pseudonym check (in-process records). */
export function defaultValidationContext(today: Date = new Date()): ValidationContext {
  return { today: today.toISOString().slice(0, 10), pseudonyms: null };
}

/** The latest accepted date of a context (today + tolerance), ISO. */
export function latestDate(ctx: ValidationContext): string {
  const d = new Date(`${ctx.today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + PLAUSIBILITY.futureToleranceDays);
  return d.toISOString().slice(0, 10);
}

/** The bounds a column is checked against in a context (numbers for numeric columns, ISO dates for DATE columns). */
export function columnBounds(spec: ColumnSpec, ctx: ValidationContext): { min?: number | string; max?: number | string } {
  if (spec.type === 'DATE') return { min: PLAUSIBILITY.earliestDate, max: latestDate(ctx) };
  const out: { min?: number; max?: number } = {};
  if (spec.min !== undefined) out.min = spec.min;
  if (spec.max !== undefined) out.max = spec.max;
  if (spec.name === 'birth_year') {
    out.min = Math.max(out.min ?? -Infinity, PLAUSIBILITY.earliestBirthYear);
    out.max = Math.min(out.max ?? Infinity, Number(ctx.today.slice(0, 4)));
  }
  return out;
}

const CHECKS_PER_COLUMN = 4;

/** Typed value expression of a column from its text alias `t`. */
function typedExpr(col: ResolvedColumn, t: string): string {
  switch (col.spec.type) {
    case 'VARCHAR':
      return t;
    case 'DATE':
      return col.dateFormat !== null
        ? `CAST(TRY_STRPTIME(${t}, ${quoteLiteral(col.dateFormat)}) AS DATE)`
        : // Shape first (DuckDB's cast also takes forms like 2015-3-2); LIKE measured ~40% cheaper than length/substr.
          `(CASE WHEN ${t} LIKE '____-__-__' THEN TRY_CAST(${t} AS DATE) END)`;
    case 'DOUBLE':
    case 'INTEGER':
      return `TRY_CAST(${t} AS DOUBLE)`;
  }
}

/** Final (stored) value expression of a column from its typed alias `v`. */
export function storedExpr(spec: ColumnSpec, v: string): string {
  return spec.type === 'INTEGER' ? `CAST(${v} AS INTEGER)` : v;
}

function bit(condition: string, k: number): string {
  return `(CASE WHEN ${condition} THEN ${1n << BigInt(k)} ELSE 0 END)`;
}

/** The mask terms of one column. */
function columnChecks(col: ResolvedColumn, i: number, ctx: ValidationContext): string[] {
  const t = `x.t_${i}`;
  const v = `x.v_${i}`;
  const base = i * CHECKS_PER_COLUMN;
  const spec = col.spec;
  const terms: string[] = [];
  if (spec.required) terms.push(bit(`${t} IS NULL`, base));
  if (spec.type === 'DATE') terms.push(bit(`${t} IS NOT NULL AND ${v} IS NULL`, base + 1));
  if (spec.type === 'DOUBLE') terms.push(bit(`${t} IS NOT NULL AND (${v} IS NULL OR NOT isfinite(${v}))`, base + 1));
  if (spec.type === 'INTEGER') {
    terms.push(bit(`${t} IS NOT NULL AND (${v} IS NULL OR NOT isfinite(${v}) OR ${v} <> trunc(${v}) OR abs(${v}) > 2147483647)`, base + 1));
  }
  // list_contains, not NOT IN: DuckDB turns IN lists of five or more values into a join, which does not keep
  // the rows in file order (and the optimistic import keeps the first of duplicates by that order).
  if (spec.values) terms.push(bit(`${t} IS NOT NULL AND NOT list_contains([${spec.values.map(quoteLiteral).join(', ')}], ${t})`, base + 2));
  const range: string[] = [];
  const bounds = columnBounds(spec, ctx);
  if (spec.type === 'DATE') {
    range.push(`${v} < DATE ${quoteLiteral(String(bounds.min))}`, `${v} > DATE ${quoteLiteral(String(bounds.max))}`);
    terms.push(bit(`${v} IS NOT NULL AND (${range.join(' OR ')})`, base + 3));
  } else if (spec.type !== 'VARCHAR') {
    if (bounds.min !== undefined) range.push(`${v} < ${bounds.min}`);
    if (bounds.max !== undefined) range.push(`${v} > ${bounds.max}`);
    if (range.length) terms.push(bit(`${v} IS NOT NULL AND isfinite(${v}) AND (${range.join(' OR ')})`, base + 3));
  }
  return terms;
}

/** Codes that have value rules in a table (canonical spelling). */
function ruleCodes(table: CanonicalTableName): string[] {
  return [...new Set(VALUE_RULES.filter((r) => r.table === table).flatMap((r) => r.codes))];
}

/**
 * The code of a row as the value rules compare it, computed once per row in
 * the typed relation (`__code`): the code as written when it is a canonical
 * rule code, else `upper(trim(code))`. (A `CASE`, not `IN (...)`: DuckDB turns
 * longer IN lists into a join, which does not keep the rows in file order, and
 * the optimistic import relies on that order to keep the first of duplicates.)
 */
function ruleCodeExpr(table: CanonicalTableName, columns: readonly ResolvedColumn[]): string | null {
  const ci = columnIndex(columns, 'code');
  const codes = ruleCodes(table);
  if (ci < 0 || !codes.length || columnIndex(columns, 'value') < 0) return null;
  return `(CASE t_${ci} ${codes.map((c) => `WHEN ${quoteLiteral(c)} THEN ${quoteLiteral(c)}`).join(' ')} ELSE upper(trim(t_${ci})) END)`;
}

/**
 * SQL condition: the typed `value` breaks a rule of {@link VALUE_RULES} for the row's code (and unit).
 * One `CASE` on the precomputed `__code` (see {@link ruleCodeExpr}).
 * On the import benchmark's 10^6 observations (one thread) the rule term adds
 * ~0.36 s; testing `upper(trim(code)) IN (...)` rule by rule added 1.4 s.
 */
function valueRuleCondition(table: CanonicalTableName, columns: readonly ResolvedColumn[]): string | null {
  const rules = VALUE_RULES.filter((r) => r.table === table);
  const vi = columnIndex(columns, 'value');
  if (ruleCodeExpr(table, columns) === null) return null;
  const ui = columnIndex(columns, 'unit');
  const unit = ui < 0 ? 'CAST(NULL AS VARCHAR)' : `x.t_${ui}`;
  const v = `x.v_${vi}`;
  const broken = (r: (typeof rules)[number]): string => {
    const bad: string[] = [];
    if (r.min !== undefined) bad.push(`${v} < ${r.min}`);
    if (r.max !== undefined) bad.push(`${v} > ${r.max}`);
    if (r.step !== undefined) bad.push(`abs(${v} / ${r.step} - round(${v} / ${r.step})) > 1e-9`);
    const out = `(${bad.join(' OR ')})`;
    if (r.units === undefined) return out;
    const named = r.units.filter((u): u is string => u !== null);
    const alts = [...(r.units.includes(null) ? [`${unit} IS NULL`] : []), ...(named.length ? [`${unit} IN (${named.map(quoteLiteral).join(', ')})`] : [])];
    return `((${alts.join(' OR ')}) AND ${out})`;
  };
  const codes = ruleCodes(table);
  const whens = codes.map((c) => `WHEN ${quoteLiteral(c)} THEN ${rules.filter((r) => r.codes.includes(c)).map(broken).join(' OR ')}`).join(' ');
  return `${v} IS NOT NULL AND isfinite(${v}) AND coalesce(CASE x.__code ${whens} ELSE NULL END, false)`;
}

/** Mask terms of the record rules of `patients` (see RECORD_RULES in engine/schema.ts). */
function patientRecordChecks(columns: readonly ResolvedColumn[]): string[] {
  const index = columnIndex(columns, 'index_date');
  const last = columnIndex(columns, 'last_contact');
  const birth = columnIndex(columns, 'birth_year');
  if (index < 0) return [];
  const terms: string[] = [];
  if (last >= 0) terms.push(bit(`x.v_${last} IS NOT NULL AND x.v_${index} IS NOT NULL AND x.v_${last} < x.v_${index}`, BIT_LAST_CONTACT_BEFORE_INDEX));
  if (birth >= 0) terms.push(bit(`x.v_${birth} IS NOT NULL AND isfinite(x.v_${birth}) AND x.v_${index} IS NOT NULL AND year(x.v_${index}) < x.v_${birth}`, BIT_INDEX_BEFORE_BIRTH));
  return terms;
}

/** Index of a canonical column among a source's resolved columns. */
export function columnIndex(columns: readonly ResolvedColumn[], name: string): number {
  return columns.findIndex((c) => c.spec.name === name);
}

/** SQL building blocks of one source. */
export interface ValidationSql {
  /** `SELECT [__row,] t_i..., v_i... FROM (relation) s` */
  typed: (withRow: boolean) => string;
  /** `typed` plus `__mask` and `__h` (hash of the typed key), joined to the known pseudonyms. */
  checked: (withRow: boolean) => string;
  /** Key column indices. */
  keyIndices: number[];
}

/**
 * Builds the validation SQL of one source.
 *
 * @param relation SQL relation text of the source; called with `true` it must yield a 1-based BIGINT `__row`
 * @param knownPseudonyms SQL relation with column `__k` of accepted pseudonyms, or `null` for the patients table
 */
export function validationSql(
  table: CanonicalTableName,
  columns: readonly ResolvedColumn[],
  relation: (withRow: boolean) => string,
  knownPseudonyms: string | null,
  ctx: ValidationContext = defaultValidationContext(),
): ValidationSql {
  const spec = TABLES[table];
  // Free-text columns are redacted here, before anything is typed, checked or stored.
  const texts = columns.map((c, i) => `${c.freeText ? redactSql(c.expr) : c.expr} AS t_${i}`);
  const typedCols = columns.map((c, i) => `${typedExpr(c, `t_${i}`)} AS v_${i}`);
  const code = ruleCodeExpr(table, columns);
  if (code !== null) typedCols.push(`${code} AS __code`);
  const tNames = columns.map((_, i) => `t_${i}`);
  const typed = (withRow: boolean): string =>
    `SELECT ${withRow ? '__row, ' : ''}${tNames.join(', ')}, ${typedCols.join(', ')} FROM (SELECT ${withRow ? 's.__row AS __row, ' : ''}${texts.join(', ')} FROM ${relation(withRow)} AS s)`;
  const terms = columns.flatMap((c, i) => columnChecks(c, i, ctx));
  const valueRule = valueRuleCondition(table, columns);
  if (valueRule !== null) terms.push(bit(valueRule, BIT_IMPLAUSIBLE_VALUE));
  if (table === 'patients') {
    terms.push(...patientRecordChecks(columns));
    const p = columnIndex(columns, 'pseudonym');
    if (ctx.pseudonyms !== null && p >= 0) {
      terms.push(bit(`x.v_${p} IS NOT NULL AND NOT regexp_full_match(x.v_${p}, ${quoteLiteral(ctx.pseudonyms.pattern)})`, BIT_PSEUDONYM_FORM));
    }
  }
  if (table === 'treatments') {
    const a = columnIndex(columns, 'start');
    const b = columnIndex(columns, 'stop');
    terms.push(bit(`x.v_${b} IS NOT NULL AND x.v_${a} IS NOT NULL AND x.v_${b} < x.v_${a}`, BIT_STOP_BEFORE_START));
  }
  const p = columnIndex(columns, 'pseudonym');
  let join = '';
  if (knownPseudonyms !== null) {
    join = ` LEFT JOIN (SELECT DISTINCT __k FROM ${knownPseudonyms}) AS k ON k.__k = x.v_${p}`;
    terms.push(bit(`x.v_${p} IS NOT NULL AND k.__k IS NULL`, BIT_UNKNOWN_PSEUDONYM));
  }
  const keyIndices = spec.key.map((k) => columnIndex(columns, k));
  const hash = `hash(${keyIndices.map((i) => `x.v_${i}`).join(', ')})`;
  const checked = (withRow: boolean): string =>
    `SELECT x.*, (${terms.join(' + ')}) AS __mask, ${hash} AS __h FROM (${typed(withRow)}) AS x${join}`;
  return { typed, checked, keyIndices };
}

/** One problem found in a row, before it is named for the user. */
export interface RowProblem {
  /** Canonical column, or `null` for the whole record. */
  column: string | null;
  message: string;
  value?: unknown;
}

function show(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

/**
 * Decodes a row's mask into problems (pure).
 *
 * @param texts the row's text values, in column order
 */
export function decodeMask(
  mask: bigint,
  columns: readonly ResolvedColumn[],
  texts: readonly (string | null)[],
  ctx: ValidationContext = defaultValidationContext(),
  table: CanonicalTableName | null = null,
): RowProblem[] {
  const problems: RowProblem[] = [];
  const has = (k: number): boolean => ((mask >> BigInt(k)) & 1n) === 1n;
  columns.forEach((col, i) => {
    const spec = col.spec;
    const value = texts[i];
    const base = i * CHECKS_PER_COLUMN;
    if (has(base)) problems.push({ column: spec.name, message: `required value is missing` });
    if (has(base + 1)) {
      const expected =
        spec.type === 'DATE'
          ? col.dateFormat !== null
            ? `a date in format ${col.dateFormat}`
            : 'a valid ISO date YYYY-MM-DD'
          : spec.type === 'INTEGER'
            ? 'an integer'
            : 'a finite number';
      problems.push({ column: spec.name, message: `${show(value)} is not ${expected}`, value });
    }
    if (has(base + 2)) problems.push({ column: spec.name, message: `${show(value)} is not one of ${spec.values?.join(', ')}`, value });
    if (has(base + 3)) {
      const b = columnBounds(spec, ctx);
      const why = spec.type === 'DATE' ? ' (dates from 1900 to today)' : spec.name === 'birth_year' ? ' (birth years from 1900 to this year)' : '';
      problems.push({ column: spec.name, message: `${show(value)} is out of range [${b.min ?? '-inf'}, ${b.max ?? 'inf'}]${why}`, value });
    }
  });
  const text = (name: string): string | null => {
    const i = columnIndex(columns, name);
    return i < 0 ? null : (texts[i] ?? null);
  };
  if (has(BIT_IMPLAUSIBLE_VALUE)) {
    const code = text('code');
    const value = text('value');
    const rule = table === 'observations' || table === 'events' ? brokenValueRule(table, code, value === null ? null : Number(value), text('unit')) : null;
    problems.push({ column: 'value', message: `${show(value)} is implausible for code ${show(code)}${rule ? ` (${rule.meaning})` : ''}`, value });
  }
  if (has(BIT_LAST_CONTACT_BEFORE_INDEX)) {
    const last = text('last_contact');
    problems.push({ column: 'last_contact', message: `last contact ${show(last)} is before the index date ${show(text('index_date'))}`, value: last });
  }
  if (has(BIT_INDEX_BEFORE_BIRTH)) {
    const index = text('index_date');
    problems.push({ column: 'index_date', message: `index date ${show(index)} is before the year of birth ${show(text('birth_year'))}`, value: index });
  }
  if (has(BIT_PSEUDONYM_FORM)) {
    const p = text('pseudonym');
    problems.push({
      column: 'pseudonym',
      message: `${show(p)} is not a pseudonym of an accepted form (${ctx.pseudonyms?.describe ?? 'see engine/privacy/pseudonym-format.ts'}); other forms only with --pseudonym-pattern REGEX (pseudonymPattern)`,
      value: p,
    });
  }
  if (has(BIT_STOP_BEFORE_START)) {
    const a = columnIndex(columns, 'start');
    const b = columnIndex(columns, 'stop');
    problems.push({ column: 'stop', message: `stop ${show(texts[b])} is before start ${show(texts[a])}`, value: texts[b] });
  }
  if (has(BIT_UNKNOWN_PSEUDONYM)) {
    const p = columnIndex(columns, 'pseudonym');
    problems.push({ column: 'pseudonym', message: `unknown pseudonym ${show(texts[p])}: not in patients (import the patient first or in the same import)`, value: texts[p] });
  }
  return problems;
}

/** `NOT EXISTS` condition matching a typed row `x` against existing rows `e` of the table on its key. */
export function existingKeyCondition(table: CanonicalTableName, columns: readonly ResolvedColumn[]): string {
  const spec = TABLES[table];
  const conds = spec.key.map((k) => {
    const i = columnIndex(columns, k);
    const col = columns[i]!.spec;
    const e = `e.${quoteIdent(k)}`;
    const v = storedExpr(col, `x.v_${i}`);
    return col.required ? `${e} = ${v}` : `${e} IS NOT DISTINCT FROM ${v}`;
  });
  return conds.join(' AND ');
}
