/**
 * Cluster profiles: per-cluster summaries of numeric and categorical
 * variables (the "table 1" of a clustering), from cluster assignments and
 * per-object values. Numeric: n, missing, mean, SD (n - 1 denominator, as R's
 * `sd`), median and quartiles (type 7, R's default `quantile`); categorical:
 * count per level and missing. No disclosure control here: the caller
 * (a surface) suppresses small counts before anything leaves the engine.
 */
import { UsageError } from '../../util/errors.js';
import { quantileSortedType7 } from '../stats/quantile.js';

/** A numeric variable (NaN = missing) or a categorical one (null = missing). */
export type ProfileVariable =
  | { name: string; kind: 'numeric'; values: ArrayLike<number> }
  | { name: string; kind: 'categorical'; values: readonly (string | null)[]; levels?: readonly string[] };

/** Summary of a numeric variable within one cluster. */
export interface NumericProfile {
  name: string;
  kind: 'numeric';
  /** Non-missing values. */
  n: number;
  missing: number;
  /** NaN when n = 0 (SD: when n < 2). */
  mean: number;
  sd: number;
  median: number;
  q1: number;
  q3: number;
}

/** Level counts of a categorical variable within one cluster. */
export interface CategoricalProfile {
  name: string;
  kind: 'categorical';
  /** One entry per level, in the variable's level order (all clusters share it). */
  levels: { level: string; count: number }[];
  missing: number;
}

/** The profile of one cluster. */
export interface ClusterProfile {
  cluster: number;
  size: number;
  variables: (NumericProfile | CategoricalProfile)[];
}

function numericProfile(name: string, values: number[]): NumericProfile {
  const x = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const n = x.length;
  const mean = n > 0 ? x.reduce((a, v) => a + v, 0) / n : NaN;
  const sd = n > 1 ? Math.sqrt(x.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : NaN;
  return { name, kind: 'numeric', n, missing: values.length - n, mean, sd, median: quantileSortedType7(x, 0.5), q1: quantileSortedType7(x, 0.25), q3: quantileSortedType7(x, 0.75) };
}

/**
 * Profiles of clusters `0..K-1` (K = largest label + 1, or `options.clusters`):
 * size and a summary of each variable within each cluster. Empty clusters get
 * size 0 and NaN/zero summaries. Level order of a categorical variable: its
 * `levels` when given, else sorted (localeCompare) over all objects.
 * @param labels 0-based cluster label per object.
 * @param variables one value per object each.
 * @param options clusters: number of clusters (default: largest label + 1).
 * @throws {UsageError} for a negative or non-integer label, a length mismatch, or a value not among given levels.
 * @example clusterProfiles([0, 0, 1], [{ name: 'age', kind: 'numeric', values: [30, 40, 50] }])[0].variables[0].mean // => 35
 */
export function clusterProfiles(labels: ArrayLike<number>, variables: readonly ProfileVariable[], options: { clusters?: number } = {}): ClusterProfile[] {
  const n = labels.length;
  let K = 0;
  for (let i = 0; i < n; i++) {
    const l = labels[i] as number;
    if (!Number.isInteger(l) || l < 0) throw new UsageError(`clusterProfiles: label ${l} at ${i} is not a non-negative integer`);
    K = Math.max(K, l + 1);
  }
  if (options.clusters !== undefined) {
    if (!Number.isInteger(options.clusters) || options.clusters < K) throw new UsageError(`clusterProfiles: clusters must be an integer >= ${K}, got ${options.clusters}`);
    K = options.clusters;
  }
  for (const v of variables) if (v.values.length !== n) throw new UsageError(`clusterProfiles: variable ${v.name} has ${v.values.length} values for ${n} labels`);
  const members: number[][] = Array.from({ length: K }, () => []);
  for (let i = 0; i < n; i++) (members[labels[i] as number] as number[]).push(i);
  const levelsOf = variables.map((v) => {
    if (v.kind !== 'categorical') return [];
    if (v.levels) {
      const known = new Set(v.levels);
      for (const x of v.values) if (x !== null && !known.has(x)) throw new UsageError(`clusterProfiles: value '${x}' of ${v.name} is not among its levels ${v.levels.join(', ')}`);
      return [...v.levels];
    }
    return [...new Set(v.values.filter((x): x is string => x !== null))].sort((a, b) => a.localeCompare(b));
  });
  return members.map((rows, cluster) => ({
    cluster,
    size: rows.length,
    variables: variables.map((v, j): NumericProfile | CategoricalProfile => {
      if (v.kind === 'numeric') return numericProfile(v.name, rows.map((i) => v.values[i] as number));
      const counts = new Map<string, number>((levelsOf[j] as string[]).map((l) => [l, 0]));
      let missing = 0;
      for (const i of rows) {
        const x = v.values[i] ?? null;
        if (x === null) missing++;
        else counts.set(x, (counts.get(x) ?? 0) + 1);
      }
      return { name: v.name, kind: 'categorical', levels: [...counts.entries()].map(([level, count]) => ({ level, count })), missing };
    }),
  }));
}
