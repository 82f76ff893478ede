/**
 * CLARA (Clustering LARge Applications): PAM on random subsamples, each
 * solution's medoids scored on all n objects; the best is kept. Subsequent
 * samples include the best medoids found so far (as cluster::clara). Needs
 * only O(sampleSize^2 + n k) dissimilarities, computed on demand. For 10^4
 * DTW trajectories the exact alternative is affordable too: the condensed
 * matrix from dtwMatrix (n^2 / 2 pairs on worker threads, 400 MB) and pam()
 * on it (FastPAM1 SWAP); CLARA remains for larger n or scarce memory, and
 * only approximates PAM's optimum (bench/cluster.ts --clara compares them).
 *
 * Reference: Kaufman L, Rousseeuw PJ (1990) Finding Groups in Data, ch. 3.
 */
import { UsageError } from '../../util/errors.js';
import { seededRandom, type RandomSource } from '../../util/random.js';
import { dissimilarityFrom } from './dissimilarity.js';
import { checkInteger } from './matrix.js';
import { pam } from './pam.js';

/** Options of {@link clara}. */
export interface ClaraOptions {
  /** Number of subsamples (default 5, as cluster::clara). */
  samples?: number;
  /** Subsample size (default min(n, 40 + 2k), as cluster::clara). */
  sampleSize?: number;
  /** Seed (default 1); ignored when `random` is given. */
  seed?: number;
  random?: RandomSource;
}

/** Result of {@link clara}. */
export interface ClaraResult {
  /** 0-based medoid indices into the full data. */
  medoids: Int32Array;
  /** Cluster of every object (0-based, nearest medoid). */
  labels: Int32Array;
  /** Mean dissimilarity to the nearest medoid over all n objects. */
  objective: number;
  /** Dissimilarity evaluations made. */
  evaluations: number;
  warnings: string[];
}

/**
 * k-medoids for large n by sampling.
 * @param n number of objects.
 * @param distance dissimilarity of objects i and j (symmetric, >= 0).
 * @param k clusters.
 * @throws UsageError on bad options or a negative, NaN or infinite distance.
 * @example clara(courses.length, (i, j) => dtwDistance(courses[i], courses[j]), 4, { seed: 1 })
 */
export function clara(n: number, distance: (i: number, j: number) => number, k: number, options: ClaraOptions = {}): ClaraResult {
  checkInteger('n', n, 1);
  checkInteger('k', k, 1, n);
  const samples = options.samples ?? 5;
  const sampleSize = options.sampleSize ?? Math.min(n, 40 + 2 * k);
  checkInteger('samples', samples, 1);
  checkInteger('sampleSize', sampleSize, k, n);
  const rand = options.random ?? seededRandom(options.seed ?? 1);
  let bestMed: number[] | null = null;
  let bestObj = Infinity;
  let bestLabels = new Int32Array(n);
  let evaluations = 0;
  const dist = (i: number, j: number): number => {
    evaluations++;
    const v = distance(i, j);
    if (!(v >= 0) || v === Infinity) throw new UsageError(`clara: distance(${i}, ${j}) = ${v}: must be a finite non-negative number`);
    return v;
  };
  for (let s = 0; s < samples; s++) {
    const chosen: Set<number> = new Set<number>(bestMed ?? []);
    while (chosen.size < sampleSize) chosen.add(Math.min(n - 1, Math.floor(rand() * n)));
    const idx: number[] = [...chosen].sort((a, b) => a - b);
    const sub = dissimilarityFrom(idx.length, (a, b) => dist(idx[a] as number, idx[b] as number));
    const p = pam(sub, k);
    const med: number[] = Array.from(p.medoids, (m) => idx[m] as number);
    const labels = new Int32Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      let bd = Infinity;
      let bc = 0;
      for (let c = 0; c < k; c++) {
        const v = i === med[c] ? 0 : dist(i, med[c] as number);
        if (v < bd) { bd = v; bc = c; }
      }
      labels[i] = bc;
      total += bd;
    }
    if (total / n < bestObj) { bestObj = total / n; bestMed = med; bestLabels = labels; }
  }
  return { medoids: Int32Array.from(bestMed ?? []), labels: bestLabels, objective: bestObj, evaluations, warnings: [] };
}
