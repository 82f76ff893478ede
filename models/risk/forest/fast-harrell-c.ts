/**
 * Unweighted Harrell's C of a risk score in O(n log n), without standard
 * error: the same pairs and ties as {@link harrellC} (survival 3.5-3
 * `concordance(..., reverse = TRUE)`, timewt = "n"): a pair is comparable when
 * the shorter time is an event; a row censored at an event time is still at
 * risk; two events at the same time are not comparable; ties in the score
 * count 1/2. Used for the many small concordances of permutation importance,
 * where the variance of {@link harrellC} is not needed.
 *
 * Reference: Harrell FE et al. (1982) JAMA 247:2543-2546.
 */

/**
 * Harrell's C (NaN without comparable pairs).
 * @param risk larger = higher risk (shorter survival)
 * @example fastHarrellC(Float64Array.of(1, 2, 3), Float64Array.of(1, 1, 0), Float64Array.of(3, 2, 1)) // => 1
 */
export function fastHarrellC(time: ArrayLike<number>, status: ArrayLike<number>, risk: ArrayLike<number>): number {
  const n = time.length;
  if (n < 2) return NaN;
  // dense ranks of the risk, 1-based for the Fenwick tree
  const byRisk = new Int32Array(n);
  for (let i = 0; i < n; i++) byRisk[i] = i;
  byRisk.sort((a, b) => risk[a]! - risk[b]!);
  const rank = new Int32Array(n);
  let r = 0;
  for (let q = 0; q < n; q++) {
    if (q === 0 || risk[byRisk[q]!]! !== risk[byRisk[q - 1]!]!) r++;
    rank[byRisk[q]!] = r;
  }
  const size = r;
  const fen = new Float64Array(size + 1);
  const below = (k: number): number => {
    let s = 0;
    for (let i = k; i > 0; i -= i & -i) s += fen[i]!;
    return s;
  };
  const byTime = new Int32Array(n);
  for (let i = 0; i < n; i++) byTime[i] = i;
  byTime.sort((a, b) => time[b]! - time[a]!);
  let inserted = 0;
  let conc = 0;
  let disc = 0;
  let tied = 0;
  let q = 0;
  while (q < n) {
    const t = time[byTime[q]!]!;
    let e = q;
    while (e < n && time[byTime[e]!] === t) e++;
    // censored rows at t are at risk for events at t
    for (let k = q; k < e; k++) {
      const i = byTime[k]!;
      if (status[i] !== 1) {
        for (let j = rank[i]!; j <= size; j += j & -j) fen[j]! += 1;
        inserted++;
      }
    }
    for (let k = q; k < e; k++) {
      const i = byTime[k]!;
      if (status[i] === 1) {
        const lt = below(rank[i]! - 1);
        const le = below(rank[i]!);
        conc += lt;
        tied += le - lt;
        disc += inserted - le;
      }
    }
    for (let k = q; k < e; k++) {
      const i = byTime[k]!;
      if (status[i] === 1) {
        for (let j = rank[i]!; j <= size; j += j & -j) fen[j]! += 1;
        inserted++;
      }
    }
    q = e;
  }
  const total = conc + disc + tied;
  return total > 0 ? (conc + tied / 2) / total : NaN;
}
