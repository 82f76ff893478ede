/**
 * Adjusted Rand index between two partitions (Hubert and Arabie 1985): the
 * Rand index corrected for chance, 1 for identical partitions (up to
 * relabelling), about 0 for independent ones. Same value as mclust::adjustedRandIndex.
 *
 * Reference: Hubert L, Arabie P (1985) Comparing partitions, J Classif 2:193-218.
 */
import { UsageError } from '../../util/errors.js';

const choose2 = (m: number): number => (m * (m - 1)) / 2;

/**
 * @param a labels of the first partition (any integers or strings).
 * @param b labels of the second, same length.
 * @returns the ARI; 1 when both partitions are a single cluster (or all singletons) and identical.
 * @throws UsageError for different lengths or fewer than 2 objects.
 * @example adjustedRandIndex([0,0,1,1], [1,1,0,0]) // => 1
 */
export function adjustedRandIndex(a: ArrayLike<number | string>, b: ArrayLike<number | string>): number {
  const n = a.length;
  if (b.length !== n) throw new UsageError(`adjustedRandIndex: lengths differ (${n} vs ${b.length})`);
  if (n < 2) throw new UsageError('adjustedRandIndex: needs at least 2 objects');
  const ia = new Map<number | string, number>();
  const ib = new Map<number | string, number>();
  const ca: number[] = [];
  const cb: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!ia.has(a[i] as number | string)) ia.set(a[i] as number | string, ia.size);
    if (!ib.has(b[i] as number | string)) ib.set(b[i] as number | string, ib.size);
    ca.push(ia.get(a[i] as number | string) as number);
    cb.push(ib.get(b[i] as number | string) as number);
  }
  const ra = ia.size;
  const rb = ib.size;
  const table = new Float64Array(ra * rb);
  for (let i = 0; i < n; i++) table[(ca[i] as number) * rb + (cb[i] as number)] = (table[(ca[i] as number) * rb + (cb[i] as number)] as number) + 1;
  let sumCells = 0;
  const rowS = new Float64Array(ra);
  const colS = new Float64Array(rb);
  for (let r = 0; r < ra; r++) for (let c = 0; c < rb; c++) {
    const v = table[r * rb + c] as number;
    sumCells += choose2(v);
    rowS[r] = (rowS[r] as number) + v;
    colS[c] = (colS[c] as number) + v;
  }
  let sumA = 0;
  let sumB = 0;
  for (const v of rowS) sumA += choose2(v);
  for (const v of colS) sumB += choose2(v);
  const expected = (sumA * sumB) / choose2(n);
  const maxIndex = (sumA + sumB) / 2;
  if (maxIndex === expected) return sumCells === expected ? 1 : 0;
  return (sumCells - expected) / (maxIndex - expected);
}
