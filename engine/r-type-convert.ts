/**
 * The column typing of R's `read.csv` (`utils::type.convert(x, as.is = TRUE)`,
 * R 4.2.2), written once as pure functions on the text of one column. The
 * definition is in docs/data-files.md:
 *
 * - a column whose non-missing values are all `T`, `F`, `TRUE` or `FALSE` is
 *   logical (and a column with no value at all is logical too);
 * - else a column whose values are all decimal integers within R's integer
 *   range (|v| <= 2^31 - 1) is integer;
 * - else a column whose values are all numbers (decimal or hexadecimal
 *   constants, `Inf`, `inf`, `infinity`, `NaN`, ignoring case, with optional
 *   surrounding white space) is double;
 * - everything else is text (character) and keeps its labels: `yes`/`no`,
 *   `true`/`false`, `True`/`False`, `y`/`n` are text for R, not logical.
 *
 * Missing values (R's `na.strings = "NA"` and blank fields) arrive here as
 * `null`. Reference: R documentation `?type.convert` ("Vectors containing just
 * F, T, FALSE, TRUE and values from na.strings are converted to logical").
 *
 * @example rColumnType(['T', 'F', null]) // => 'logical'
 * @example rColumnType(['yes', 'no']) // => 'character'
 */

/** What R's `type.convert(as.is = TRUE)` makes of a character column. */
export type RColumnType = 'logical' | 'integer' | 'double' | 'character';

/** The four spellings R's `type.convert` reads as logical, with their value. */
export const R_LOGICAL_VALUES: ReadonlyMap<string, boolean> = new Map([['T', true], ['TRUE', true], ['F', false], ['FALSE', false]]);

// R_strtod accepts an exponent marker without digits (`1e` is 1, `1.5e+` is 1.5).
const DECIMAL = /^[ \t\n\r\f\v]*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d*)?[ \t\n\r\f\v]*$/;
// strtol: leading white space only (`1 ` is double for R, ` 1` integer).
const INTEGER = /^[ \t\n\r\f\v]*[-+]?\d+$/;
const HEX = /^[ \t\n\r\f\v]*([-+]?)0[xX]([0-9a-fA-F]+)[ \t\n\r\f\v]*$/;
// NaN and Inf in any case, except text starting with a case-sensitive `NA` (`NAN` is text for R).
const SPECIAL = /^[ \t\n\r\f\v]*([-+]?)(inf|infinity|nan)[ \t\n\r\f\v]*$/i;
/** R's largest integer (.Machine$integer.max). */
const INT_MAX = 2147483647;

/**
 * The number R reads from one field (`NaN` for `NaN`, `null` when the text is
 * not a number R's `type.convert` accepts).
 * @example parseRNumber(' 1e3') // => 1000
 * @example parseRNumber('0x1A') // => 26
 * @example parseRNumber('-Inf') // => -Infinity
 */
export function parseRNumber(text: string): number | null {
  if (DECIMAL.test(text)) return Number.parseFloat(text.trim());
  const hex = HEX.exec(text);
  if (hex) {
    const v = Number.parseInt(hex[2] as string, 16);
    return hex[1] === '-' ? -v : v;
  }
  const special = SPECIAL.exec(text);
  if (special && !/^[ \t\n\r\f\v]*[-+]?NA/.test(text)) {
    if ((special[2] as string).toLowerCase() === 'nan') return Number.NaN;
    return special[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  return null;
}

/** Whether R reads the field as an integer (a decimal integer within R's integer range). */
function isRInteger(text: string): boolean {
  if (!INTEGER.test(text)) return false;
  return Math.abs(Number(text.trim())) <= INT_MAX;
}

/**
 * The type R's `type.convert(as.is = TRUE)` gives a column of text fields
 * (`null` = missing): the first of logical, integer, double that accepts every
 * non-missing value, else character.
 * @param values the fields of one column, missing values as `null`
 */
export function rColumnType(values: readonly (string | null)[]): RColumnType {
  let logical = true;
  let integer = true;
  let double = true;
  for (const v of values) {
    if (v === null) continue;
    if (logical && !R_LOGICAL_VALUES.has(v)) logical = false;
    if (!logical) {
      if (integer && !isRInteger(v)) integer = false;
      if (!integer && double && parseRNumber(v) === null) double = false;
      if (!double) return 'character';
    }
  }
  return logical ? 'logical' : integer ? 'integer' : 'double';
}

/**
 * The values of a column converted to the type {@link rColumnType} chose:
 * logical as 1/0, numbers as numbers, `NaN` for missing (and for R's `NaN`).
 * @throws TypeError when a value does not fit the type (a caller's mistake).
 */
export function rValues(values: readonly (string | null)[], type: 'logical' | 'integer' | 'double'): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      out[i] = Number.NaN;
      continue;
    }
    const logical = R_LOGICAL_VALUES.get(v);
    const x = type === 'logical' ? (logical === undefined ? null : logical ? 1 : 0) : parseRNumber(v);
    if (x === null) throw new TypeError(`'${v}' is not ${type}`);
    out[i] = x;
  }
  return out;
}
