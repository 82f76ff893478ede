/**
 * Sequence clustering of `msCluster` with `method: 'sequence'`: therapy
 * sequences (models/ms/therapy-sequence.ts) compared by optimal matching
 * (substitution 2, indel 1, as TraMineR's seqdist(method = "OM", sm =
 * "CONSTANT", indel = 1); or transition-rate costs) and clustered
 * hierarchically (Ward, as agnes/hclust ward.D2 on OM distances; Studer &
 * Ritschard 2016), k by the average silhouette width.
 */
import { condensedFrom, dissimilarityValue, toFull } from '../../models/cluster/dissimilarity.js';
import { cutTree, hierarchicalClustering } from '../../models/cluster/hierarchical.js';
import { optimalMatchingDistance } from '../../models/cluster/optimal-matching.js';
import { silhouette } from '../../models/cluster/silhouette.js';
import { transitionRateCosts } from '../../models/ms/therapy-sequence.js';
import { UsageError } from '../../util/errors.js';
import type { ProgressCallback } from '../../util/progress.js';
import { sampleIndex, subDissimilarity, type ClusterFit } from './cluster-fit.js';
import { CLUSTER_DEFAULTS, range, type ClusterSettings } from './cluster-settings.js';

/**
 * Largest number of therapy sequences clustered hierarchically as a whole
 * (2000): the clustering keeps a full n x n matrix (8 n^2 bytes: 32 MB) and
 * its naive Lance-Williams agglomeration takes about n^3 / 6 steps (seconds at
 * 2000). With more, a seeded random subsample of this many is clustered (its
 * silhouette chooses k), every other sequence joins the cluster of the
 * nearest cluster medoid by OM distance (as CLARA assigns to medoids;
 * Kaufman & Rousseeuw 1990 ch. 3), and a warning says so.
 */
export const SEQUENCE_MAX_OBJECTS = 2000;

/**
 * Largest number of sequences the bootstrap of `method: 'sequence'` resamples
 * (500): each refit is a hierarchical clustering of the resample; with more
 * sequences a seeded random subsample of this many is resampled.
 */
export const SEQUENCE_BOOTSTRAP_MAX = 500;

/** Costs of optimal matching for `method: 'sequence'`, with a description for the output. */
export function sequenceCosts(s: Pick<ClusterSettings, 'costs' | 'indel'>, sequences: readonly (readonly number[])[], nStates: number): { substitution: number | ((a: number, b: number) => number); indel: number; description: string } {
  if (s.costs === 'trate') {
    const c = transitionRateCosts(sequences, nStates);
    const indel = s.indel ?? c.indel;
    return { substitution: (a, b) => c.substitution[a * nStates + b]!, indel, description: `optimal matching, transition-rate substitution costs 2 - p(j|i) - p(i|j) (TraMineR TRATE), indel ${Number(indel.toPrecision(6))}` };
  }
  const indel = s.indel ?? CLUSTER_DEFAULTS.indel;
  return { substitution: CLUSTER_DEFAULTS.substitution, indel, description: `optimal matching, substitution cost ${CLUSTER_DEFAULTS.substitution}, indel ${indel} (TraMineR seqdist OM, sm = "CONSTANT")` };
}

/**
 * Sequence clustering of `msCluster` with `method: 'sequence'`: optimal-matching
 * distances between all pairs of sequences, a hierarchical clustering
 * (`s.linkage`, Ward by default) cut at k = 2..k-max with k chosen by the
 * average silhouette width (or `s.k`); the bootstrap refits a hierarchical
 * clustering on each resample. Above `maxObjects` sequences the clustering
 * runs on a seeded subsample (see {@link SEQUENCE_MAX_OBJECTS}).
 * @param sequences integer-coded state sequences (models/ms/therapy-sequence.ts encodeSequences), possibly of unequal length.
 * @param nStates size of the alphabet.
 * @param maxObjects default {@link SEQUENCE_MAX_OBJECTS}; maxBootstrap default {@link SEQUENCE_BOOTSTRAP_MAX}.
 * @throws {UsageError} with too few sequences for the k asked.
 */
export function fitSequenceClustering(s: ClusterSettings, sequences: readonly (readonly number[])[], nStates: number, progress: ProgressCallback, maxObjects = SEQUENCE_MAX_OBJECTS, maxBootstrap = SEQUENCE_BOOTSTRAP_MAX): ClusterFit & { distance: string } {
  const n = sequences.length;
  const kMax = Math.min(s.kMax, n - 1);
  const ks = s.k !== null ? [s.k] : range(2, kMax);
  if (n < 3 || ks.length === 0 || ks.some((k) => k > n)) throw new UsageError(`too few patients to cluster: ${n} with a therapy sequence for k up to ${Math.max(2, ...ks)}`);
  const warnings: string[] = [];
  const costs = sequenceCosts(s, sequences, nStates);
  const om = (i: number, j: number): number => optimalMatchingDistance(sequences[i]!, sequences[j]!, { substitution: costs.substitution, indel: costs.indel });
  const sample = sampleIndex(n, maxObjects, s.seed);
  const m = sample ? sample.length : n;
  const at = (a: number): number => (sample ? sample[a]! : a);
  let done = 0;
  const total = (m * (m - 1)) / 2;
  const diss = condensedFrom(m, (a, b) => {
    if (++done % 50_000 === 0) progress({ step: 'dissimilarities', done, total });
    return om(at(a), at(b));
  });
  progress({ step: 'dissimilarities', done: total, total });
  progress({ step: 'hierarchical clustering', done: 0, total: 1 });
  const tree = hierarchicalClustering(toFull(diss), s.linkage);
  progress({ step: 'hierarchical clustering', done: 1, total: 1 });
  const candidates = ks.map((k) => {
    const labels = cutTree(tree, k);
    return { k, labels, width: silhouette(diss, labels).average };
  });
  let best = candidates[0]!;
  for (const c of candidates) if (c.width > best.width) best = c;
  const k = best.k;
  let labels: Int32Array = best.labels;
  if (sample) {
    // medoid of each cluster of the subsample: the member with the least sum of OM distances to its cluster
    const medoid = range(0, k - 1).map((c) => {
      let bestA = -1;
      let bestSum = Infinity;
      for (let a = 0; a < m; a++) {
        if (best.labels[a] !== c) continue;
        let sum = 0;
        for (let b = 0; b < m; b++) if (best.labels[b] === c) sum += dissimilarityValue(diss, a, b);
        if (sum < bestSum) { bestSum = sum; bestA = a; }
      }
      return at(bestA);
    });
    labels = new Int32Array(n).fill(-1);
    sample.forEach((i, a) => (labels[i] = best.labels[a]!));
    for (let i = 0; i < n; i++) {
      if (labels[i]! >= 0) continue;
      let bc = 0;
      let bd = Infinity;
      medoid.forEach((med, c) => {
        const d = om(i, med);
        if (d < bd) { bd = d; bc = c; }
      });
      labels[i] = bc;
    }
    warnings.push(`${n} sequences: hierarchical clustering, choice of k and silhouette on a seeded random subsample of ${m}; the other ${n - m} joined the cluster of the nearest cluster medoid`);
  }
  const bpos = sampleIndex(m, maxBootstrap, s.seed);
  const bootstrapSample = bpos ? Int32Array.from(bpos, (a) => at(a)) : sample;
  if (bpos && s.bootstrap > 0) warnings.push(`bootstrap on a seeded random subsample of ${bpos.length} sequences`);
  return {
    labels,
    k,
    criterion: 'silhouette',
    selection: candidates.map((c) => ({ k: c.k, silhouette: c.width })),
    bic: null,
    icl: null,
    loglik: null,
    model: `hierarchical clustering, ${s.linkage === 'ward' ? 'Ward (hclust ward.D2)' : 'average linkage (UPGMA)'}, of optimal-matching distances`,
    diss,
    sample,
    bootstrapSample,
    refit: (idx) => cutTree(hierarchicalClustering(subDissimilarity(diss, bpos ? Array.from(idx, (i) => bpos[i]!) : idx), s.linkage), k),
    warnings,
    distance: costs.description,
  };
}

