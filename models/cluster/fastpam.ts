/**
 * Numeric core of k-medoids (PAM) for large n: BUILD and SWAP of Kaufman and
 * Rousseeuw with the FastPAM1 reorganisation of SWAP (Schubert & Rousseeuw),
 * on a full or condensed dissimilarity matrix. Same medoids and objective as
 * the textbook algorithm (cluster::pam with `pamonce = FALSE`), at a fraction
 * of the cost.
 *
 * Classic SWAP evaluates every (medoid c, non-medoid h) exchange with its own
 * pass over the n objects: O(k n^2) dissimilarity reads per iteration. FastPAM1
 * computes the changes for all k medoids in one pass per candidate h, from the
 * nearest and second-nearest medoid distances of each object j:
 *   d(h, j) <  nearest(j): every exchange gains d(h, j) - nearest(j);
 *   d(h, j) >= nearest(j): only removing j's own medoid costs min(d(h, j), second(j)) - nearest(j).
 * Here that pass walks the matrix in storage order (pair (i, j), i < j, serves
 * candidate i with object j and candidate j with object i), reading each stored
 * value once per iteration, sequentially. The shared gain of the first case is
 * added to each of the k accumulators rather than to one shared sum, so each
 * change is the same floating-point sum, term by term in ascending j, as in
 * the classic loop: the chosen exchange is bit-for-bit the classic one, ties
 * included (first medoid, then first candidate, as cluster's pam.c). Cost per
 * iteration: n (n - 1) / 2 reads plus O(k) work for pairs with
 * d(h, j) < nearest(j). BUILD uses the same storage-order pass (k passes),
 * with max(x, 0) written branch-free as (x + |x|) / 2 (exact; about twice as
 * fast on unpredictable data).
 * Extra memory: O(n k) (accumulators and nearest/second distances), nothing
 * of order n^2 beyond the matrix. FastPAM2's eager multi-swap is not used: it
 * reaches different (often equally good) medoids, and the result must match PAM.
 *
 * References: Kaufman L, Rousseeuw PJ (1990) Finding Groups in Data, Wiley, ch. 2;
 * Schubert E, Rousseeuw PJ (2019) Faster k-Medoids Clustering: Improving the PAM,
 * CLARA, and CLARANS Algorithms, SISAP 2019, LNCS 11807:171-187;
 * Schubert E, Rousseeuw PJ (2021) Fast and eager k-medoids clustering: O(k) runtime
 * improvement of the PAM, CLARA, and CLARANS algorithms, Information Systems 101:101804.
 */
import type { ProgressCallback } from '../../util/progress.js';
import { dissimilarityValue, rowOffset, type AnyDissimilarity } from './dissimilarity.js';

/** Nearest and second-nearest medoid of every object. */
export interface MedoidDistances {
  /** Distance to the nearest medoid (0 for a medoid itself). */
  nearest: Float64Array;
  /** Distance to the second nearest medoid (Infinity when k = 1). */
  second: Float64Array;
  /** Position in the medoid list of the nearest medoid (a medoid is always its own). */
  which: Int32Array;
  /** Sum of `nearest`, added in object order. */
  total: number;
}

/** Result of {@link fastPamSwap}. */
export interface FastPamSwapResult {
  /** Final medoids in the order of the input list (exchanged in place). */
  medoids: number[];
  distances: MedoidDistances;
  /** Total dissimilarity of the starting medoids. */
  initialTotal: number;
  iterations: number;
  converged: boolean;
}

type Data = Float64Array | Float32Array;

/** Row offsets in storage order: pair (i, j), i < j, is at off[i] + j. */
function offsets(diss: AnyDissimilarity): Float64Array {
  const off = new Float64Array(diss.n);
  for (let i = 0; i < diss.n; i++) off[i] = rowOffset(diss, i);
  return off;
}

/**
 * Nearest and second-nearest medoid of each object; a medoid always belongs to
 * its own cluster, even when another medoid is at distance 0.
 */
export function medoidDistances(diss: AnyDissimilarity, medoids: readonly number[], out?: MedoidDistances): MedoidDistances {
  const n = diss.n;
  const nearest = out?.nearest ?? new Float64Array(n);
  const second = out?.second ?? new Float64Array(n);
  const which = out?.which ?? new Int32Array(n);
  const k = medoids.length;
  let total = 0;
  for (let j = 0; j < n; j++) {
    let d1 = Infinity;
    let d2 = Infinity;
    let w = -1;
    for (let c = 0; c < k; c++) {
      const m = medoids[c] as number;
      if (m === j) { if (w >= 0) d2 = Math.min(d2, d1); d1 = 0; w = c; continue; }
      const v = dissimilarityValue(diss, j, m);
      if (w >= 0 && medoids[w] === j) { if (v < d2) d2 = v; continue; }
      if (v < d1) { d2 = d1; d1 = v; w = c; } else if (v < d2) d2 = v;
    }
    nearest[j] = d1;
    second[j] = d2;
    which[j] = w;
    total += d1;
  }
  const res = out ?? { nearest, second, which, total };
  res.total = total;
  return res;
}

/** BUILD gains of every candidate: sum over j (ascending) of max(nearest(j) - d(i, j), 0), or -sum d(i, j) for the first medoid. */
function buildGains(data: Data, n: number, off: Float64Array, nearest: Float64Array, gain: Float64Array, first: boolean): void {
  gain.fill(0);
  let maxNearest = 0;
  if (!first) for (let j = 0; j < n; j++) if ((nearest[j] as number) > maxNearest) maxNearest = nearest[j] as number;
  const branchFree = maxNearest < 2 ** 1022;
  for (let i = 0; i < n; i++) {
    const ni = nearest[i] as number;
    // object j = i itself (d = 0) comes between the objects before i (earlier rows) and after i (this row)
    let gi = first ? (gain[i] as number) : (gain[i] as number) + ni;
    const o = off[i] as number;
    if (first) {
      for (let j = i + 1; j < n; j++) {
        const d = data[o + j] as number;
        gi -= d;
        gain[j] = (gain[j] as number) - d;
      }
    } else if (branchFree) {
      // max(x, 0) = (x + |x|) / 2 exactly (doubling and halving are exact below 2^1023), without
      // the unpredictable branch: adds the same values as the branch below, or +0 where it adds nothing.
      for (let j = i + 1; j < n; j++) {
        const d = data[o + j] as number;
        const x = (nearest[j] as number) - d;
        gi += (x + Math.abs(x)) * 0.5;
        const y = ni - d;
        gain[j] = (gain[j] as number) + (y + Math.abs(y)) * 0.5;
      }
    } else {
      for (let j = i + 1; j < n; j++) {
        const d = data[o + j] as number;
        const nj = nearest[j] as number;
        if (nj > d) gi += nj - d;
        if (ni > d) gain[j] = (gain[j] as number) + (ni - d);
      }
    }
    gain[i] = gi;
  }
}

/**
 * BUILD: k medoids chosen greedily, each maximizing the decrease of the total
 * dissimilarity (ties: the first object).
 * @param diss validated matrix (either layout).
 * @param k 1 <= k <= n (not checked here).
 */
export function fastPamBuild(diss: AnyDissimilarity, k: number, onProgress?: ProgressCallback): number[] {
  const n = diss.n;
  const data = diss.data;
  const off = offsets(diss);
  const medoids: number[] = [];
  const isMed = new Uint8Array(n);
  const nearest = new Float64Array(n).fill(Infinity);
  const gain = new Float64Array(n);
  for (let step = 0; step < k; step++) {
    buildGains(data, n, off, nearest, gain, step === 0);
    let best = -1;
    let bestGain = -Infinity;
    for (let i = 0; i < n; i++) {
      if (isMed[i]) continue;
      if ((gain[i] as number) > bestGain) { bestGain = gain[i] as number; best = i; }
    }
    medoids.push(best);
    isMed[best] = 1;
    for (let j = 0; j < n; j++) {
      const v = dissimilarityValue(diss, best, j);
      if (v < (nearest[j] as number)) nearest[j] = v;
    }
    onProgress?.({ step: 'pam build', done: step + 1, total: k });
  }
  return medoids;
}

/**
 * Sum, for every candidate h and medoid position c, of the change in total
 * dissimilarity if medoid c were exchanged for h (`acc[h k + c]`).
 */
function swapDeltas(data: Data, n: number, k: number, off: Float64Array, dist: MedoidDistances, acc: Float64Array): void {
  const { nearest, second, which } = dist;
  acc.fill(0);
  for (let i = 0; i < n; i++) {
    const ni = nearest[i] as number;
    const si = second[i] as number;
    const wi = which[i] as number;
    const bi = i * k;
    // candidate i, object i (d = 0): between objects before i and after i
    if (0 < ni) { for (let c = 0; c < k; c++) acc[bi + c] = (acc[bi + c] as number) - ni; }
    else acc[bi + wi] = (acc[bi + wi] as number) + ((0 < si ? 0 : si) - ni);
    const o = off[i] as number;
    for (let j = i + 1; j < n; j++) {
      const d = data[o + j] as number;
      // candidate i, object j
      const nj = nearest[j] as number;
      if (d < nj) {
        const t = d - nj;
        for (let c = 0; c < k; c++) acc[bi + c] = (acc[bi + c] as number) + t;
      } else {
        const sj = second[j] as number;
        const p = bi + (which[j] as number);
        acc[p] = (acc[p] as number) + ((d < sj ? d : sj) - nj);
      }
      // candidate j, object i
      const bj = j * k;
      if (d < ni) {
        const t = d - ni;
        for (let c = 0; c < k; c++) acc[bj + c] = (acc[bj + c] as number) + t;
      } else {
        const p = bj + wi;
        acc[p] = (acc[p] as number) + ((d < si ? d : si) - ni);
      }
    }
  }
}

/**
 * SWAP: while some exchange of a medoid for a non-medoid lowers the total
 * dissimilarity (by more than 1e-12 relative, as cluster's pam.c), apply the
 * best one (ties: first medoid position, then first candidate).
 * @param diss validated matrix (either layout).
 * @param medoids distinct starting medoids (modified in place and returned).
 * @param maxIter cap on exchanges.
 */
export function fastPamSwap(diss: AnyDissimilarity, medoids: number[], maxIter: number, onProgress?: ProgressCallback): FastPamSwapResult {
  const n = diss.n;
  const k = medoids.length;
  const data = diss.data;
  const off = offsets(diss);
  const dist = medoidDistances(diss, medoids);
  const initialTotal = dist.total;
  const isMed = new Uint8Array(n);
  for (const m of medoids) isMed[m] = 1;
  const acc = new Float64Array(n * k);
  let iterations = 0;
  let converged = false;
  for (;;) {
    swapDeltas(data, n, k, off, dist, acc);
    let bestDelta = 0;
    let bestC = -1;
    let bestH = -1;
    for (let c = 0; c < k; c++) {
      for (let h = 0; h < n; h++) {
        if (isMed[h]) continue;
        const delta = acc[h * k + c] as number;
        if (delta < bestDelta) { bestDelta = delta; bestC = c; bestH = h; }
      }
    }
    if (bestC < 0 || !(bestDelta < -1e-12 * Math.max(1, dist.total))) { converged = true; break; }
    if (iterations >= maxIter) break;
    isMed[medoids[bestC] as number] = 0;
    medoids[bestC] = bestH;
    isMed[bestH] = 1;
    medoidDistances(diss, medoids, dist);
    iterations++;
    onProgress?.({ step: 'pam swap', done: iterations, total: null });
  }
  return { medoids, distances: dist, initialTotal, iterations, converged };
}
