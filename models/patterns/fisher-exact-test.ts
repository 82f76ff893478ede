/**
 * Fisher's exact test of independence on a G x 2 table (rows: groups;
 * columns: with and without a pattern), two-sided as R's `fisher.test`: the
 * p-value sums the probabilities, under the hypergeometric distribution with
 * the margins fixed, of every table no more probable than the observed one
 * (with R's relative tolerance 1e-7). G = 2 is R's 2 x 2 test; for G > 2 the
 * tables are enumerated (R uses the network algorithm of Mehta & Patel for
 * the same sum), the smaller column first, up to `maxTables`; beyond that the
 * result is null and the caller falls back to the chi-square test.
 * Probabilities come from a table of log factorials (exact sums of logs).
 * Hand-written: no maintained npm library offers the G x 2 exact test.
 */

/** Log factorials 0..n (log k! = sum of log i), for {@link fisherExactTest}. */
export function logFactorials(n: number): Float64Array {
  const out = new Float64Array(n + 1);
  for (let k = 2; k <= n; k++) out[k] = out[k - 1]! + Math.log(k);
  return out;
}

/** Default most tables enumerated. */
export const FISHER_MAX_TABLES = 2_000_000;

/**
 * Two-sided Fisher exact p-value of a G x 2 table, or null when more than
 * `maxTables` tables would have to be enumerated.
 * @param lf log factorials up to at least the table total ({@link logFactorials})
 * @example fisherExactTest([[3, 1], [1, 3]], logFactorials(8)) // => 0.4857 (R: fisher.test(matrix(c(3, 1, 1, 3), 2))$p.value)
 */
export function fisherExactTest(table: readonly (readonly number[])[], lf: Float64Array, maxTables = FISHER_MAX_TABLES): number | null {
  const n = table.map((r) => (r[0] as number) + (r[1] as number));
  const N = n.reduce((a, b) => a + b, 0);
  let col = 0;
  for (const r of table) col += r[0] as number;
  // Enumerate the smaller column (the tables correspond one to one).
  const useFirst = col <= N - col;
  const s = useFirst ? col : N - col;
  const x = table.map((r) => (useFirst ? (r[0] as number) : (r[1] as number)));
  const G = x.length;
  const lchoose = (a: number, b: number): number => lf[a]! - lf[b]! - lf[a - b]!;
  const logTotal = lchoose(N, s);
  let logObs = -logTotal;
  for (let g = 0; g < G; g++) logObs += lchoose(n[g]!, x[g]!);
  const limit = logObs + Math.log1p(1e-7);
  // Suffix capacities: most that rows g.. can hold.
  const cap = new Array<number>(G + 1).fill(0);
  for (let g = G - 1; g >= 0; g--) cap[g] = cap[g + 1]! + n[g]!;
  let p = 0;
  let tables = 0;
  let aborted = false;
  const walk = (g: number, rem: number, logP: number): void => {
    if (aborted) return;
    if (g === G - 1) {
      // the last row takes the rest
      if (++tables > maxTables) {
        aborted = true;
        return;
      }
      const l = logP + lchoose(n[g]!, rem) - logTotal;
      if (l <= limit) p += Math.exp(l);
      return;
    }
    const lo = Math.max(0, rem - cap[g + 1]!);
    const hi = Math.min(n[g]!, rem);
    for (let v = lo; v <= hi; v++) walk(g + 1, rem - v, logP + lchoose(n[g]!, v));
  };
  walk(0, s, 0);
  if (aborted) return null;
  return Math.min(1, p);
}
