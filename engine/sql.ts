/** SQL quoting helpers: the only way engine code puts names and values into SQL text. */

/** Quotes an identifier: `my "col"` -> `"my ""col"""`. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes a string literal: `O'Brien` -> `'O''Brien'`. */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A SQL list of string literals: `('a', 'b')`. Empty lists become `(NULL)` (matches nothing). */
export function literalList(values: readonly string[]): string {
  return values.length ? `(${values.map(literal).join(', ')})` : '(NULL)';
}

/** A finite number as SQL text; throws on NaN/Infinity so they never reach SQL. */
export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  return String(value);
}
