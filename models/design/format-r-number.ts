/**
 * Format a number as R's `as.character()` does for doubles (R 4.2): at most 15
 * significant digits, and fixed notation unless scientific notation is
 * shorter (R's default `scipen = 0`). Used for factor levels of numeric
 * columns (`factor(grade)` gives levels `"1"`, `"2"`, `"10"`) and for strata
 * labels (`ph.ecog=1`), so that names match R exactly.
 *
 * Reference: R documentation `?as.character` and `?options` (`scipen`);
 * R source `src/main/format.c` (`formatReal`).
 *
 * @param x the number.
 * @returns R's text for it: `1e+05`, `123456`, `0.1`, `0.333333333333333`, `1e-04`, `NaN`, `Inf`.
 * @example formatRNumber(100000) // => '1e+05'
 */
export function formatRNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Inf';
  if (x === -Infinity) return '-Inf';
  if (x === 0) return '0';
  const neg = x < 0;
  const ax = Math.abs(x);
  // 15 significant digits, then drop trailing zeros of the mantissa.
  const exp15 = ax.toExponential(14); // d.dddddddddddddde±X
  const [mant, expText] = exp15.split('e') as [string, string];
  let digits = mant.replace('.', '').replace(/0+$/, '');
  if (digits === '') digits = '0';
  const e = Number(expText);
  const nsig = digits.length;
  // Width of fixed notation: integer part + optional '.' + decimals.
  const rgt = Math.max(0, nsig - e - 1);
  const left = e >= 0 ? e + 1 : 1;
  const fixedWidth = left + (rgt > 0 ? rgt + 1 : 0);
  const expDigits = Math.abs(e) >= 100 ? 3 : 2;
  const sciWidth = (nsig > 1 ? nsig + 1 : 1) + 2 + expDigits;
  let body: string;
  if (fixedWidth <= sciWidth) {
    // As C's "%.*f" with `rgt` decimals: the integer part is printed in full,
    // so 1234567890123456 keeps its 16 digits.
    body = ax.toFixed(rgt);
  } else {
    const m = nsig > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const es = String(Math.abs(e)).padStart(2, '0');
    body = `${m}e${e < 0 ? '-' : '+'}${es}`;
  }
  return neg ? `-${body}` : body;
}
