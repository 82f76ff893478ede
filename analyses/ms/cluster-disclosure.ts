/**
 * Disclosure control of a therapy-response clustering (docs/access-levels.md):
 * cluster sizes and the patients left out form one table whose total (the
 * cohort) other analyses publish too, suppressed with complementary
 * suppression (suppressSmallCounts1D); in each shown cluster every count of a
 * profile variable is suppressed below the threshold, across clusters with the
 * cohort's level totals taken as public (suppressTable); summaries of fewer
 * than threshold values are withheld; cluster mean courses only for shown
 * clusters. Row-level assignments never pass through here.
 */
import { suppressSmallCounts1D } from '../../engine/disclosure/suppress-small-counts.js';
import type { CategoricalProfile, ClusterProfile, NumericProfile, ProfileVariable } from '../../models/cluster/cluster-profiles.js';
import type { ClusterFit } from './cluster-fit.js';
import { range, type ClusterSettings } from './cluster-settings.js';
import { PROFILE_GROUPS } from './cluster-objects.js';
import { suppressTable } from './disclosure.js';

/** A numeric summary after disclosure control (null values: withheld). */
export interface DisclosedNumeric {
  n: number | null;
  missing: number | null;
  mean: number | null;
  sd: number | null;
  median: number | null;
  q1: number | null;
  q3: number | null;
}

/** Level counts after disclosure control, with shares of the cluster. */
export type DisclosedLevels = { level: string; count: number | null; share: number | null }[];

/** One cluster in the report (the output of `midia ms cluster --json`). */
export interface DisclosedCluster {
  /** 1-based, ordered by decreasing size. */
  cluster: number;
  size: number | null;
  suppressed: boolean;
  silhouette: number | null;
  baseline: Record<string, DisclosedNumeric | DisclosedLevels> | null;
  outcomes: Record<string, DisclosedNumeric | DisclosedLevels> | null;
  therapies: Record<string, DisclosedNumeric | DisclosedLevels> | null;
}

/** A numeric summary with its counts already disclosed; statistics withheld below the threshold. */
function discloseNumeric(v: NumericProfile, n: number | null, missing: number | null, threshold: number): DisclosedNumeric {
  const ok = v.n >= threshold;
  const f = (x: number): number | null => (ok && Number.isFinite(x) ? x : null);
  return { n, missing, mean: f(v.mean), sd: f(v.sd), median: f(v.median), q1: f(v.q1), q3: f(v.q3) };
}

/** Level counts of one categorical variable for every profile group (cluster or rest), with the missing count as a last column. */
function levelCounts(v: CategoricalProfile): number[] {
  return [...v.levels.map((l) => l.count), v.missing];
}

/** A finite number, else null. */
export function finite(x: number | undefined): number | null {
  return x !== undefined && Number.isFinite(x) ? x : null;
}

/** What the disclosure of the cluster table needs from the fit. */
export interface ClusterTables {
  /** Profiles of groups 0..K-1 (clusters) and K (patients left out). */
  profiles: readonly ClusterProfile[];
  vars: readonly ProfileVariable[];
  K: number;
  /** Average silhouette width per cluster (null when not defined). */
  clusterSilhouette: readonly number[] | null;
}

/** The disclosed cluster table: sizes, the left-out count, and each shown cluster's profile. */
export interface DisclosedClusterTable {
  clusters: DisclosedCluster[];
  /** The cohort (null when hidden). */
  cohort: number | null;
  /** Patients left out (null when hidden). */
  excluded: number | null;
  /** 0-based indices of the shown clusters. */
  shown: number[];
}

/**
 * Discloses the cluster sizes and profiles (see the module comment).
 * @example discloseClusterTable({ profiles, vars, K: 3, clusterSilhouette: null }, 5).clusters[0].size
 */
export function discloseClusterTable(t: ClusterTables, threshold: number): DisclosedClusterTable {
  const { profiles, vars, K } = t;
  // one table: cluster sizes and the excluded patients, total = the cohort (published by other analyses too),
  // so that no hidden size or excluded count follows from the others
  const sizes = suppressSmallCounts1D(profiles.map((p) => p.size), { threshold });
  const excluded = sizes.counts[K] ?? null;
  const shown = range(0, K - 1).filter((c) => sizes.counts[c] !== null);
  const rest = range(0, K).filter((c) => !shown.includes(c));
  // every count table is clusters x levels with the cohort's level totals taken as public (ms outcomes publishes
  // some of them): the shown clusters plus one 'rest' row (suppressed clusters and excluded patients), never shown
  // the missing column only when some patient of the cohort lacks the value (a known zero column is no protection)
  const anyMissing = vars.map((_, j) => profiles.some((q) => (q.variables[j] as NumericProfile | CategoricalProfile).missing > 0));
  const counts = vars.map((_, j) => {
    const perGroup = profiles.map((p) => {
      const v = p.variables[j] as NumericProfile | CategoricalProfile;
      const row = v.kind === 'numeric' ? [v.n, v.missing] : levelCounts(v);
      return anyMissing[j] ? row : row.slice(0, -1);
    });
    const width = (perGroup[0] ?? []).length;
    const restRow = range(0, width - 1).map((l) => rest.reduce((a, c) => a + (perGroup[c]?.[l] ?? 0), 0));
    const table = [...shown.map((c) => perGroup[c] ?? []), restRow];
    const out = suppressTable(table, threshold, [...shown.map(() => true), false]);
    return new Map(shown.map((c, r) => [c, out[r] ?? []]));
  });
  const clusters = profiles.slice(0, K).map((p, c): DisclosedCluster => {
    const size = sizes.counts[c] ?? null;
    if (size === null) return { cluster: c + 1, size: null, suppressed: true, silhouette: null, baseline: null, outcomes: null, therapies: null };
    const groups: Record<'baseline' | 'outcomes' | 'therapies', Record<string, DisclosedNumeric | DisclosedLevels>> = { baseline: {}, outcomes: {}, therapies: {} };
    p.variables.forEach((v, j) => {
      const g = PROFILE_GROUPS[v.name] ?? 'outcomes';
      const cell = counts[j]?.get(c) ?? [];
      if (v.kind === 'numeric') groups[g][v.name] = discloseNumeric(v, cell[0] ?? null, anyMissing[j] ? (cell[1] ?? null) : 0, threshold);
      else {
        const labelsOfLevels = [...v.levels.map((l) => l.level), ...(anyMissing[j] ? [v.name === 'neda' ? 'unknown' : 'missing'] : [])];
        groups[g][v.name] = labelsOfLevels.map((level, l) => {
          const n = cell[l] ?? null;
          return { level, count: n, share: n === null ? null : n / p.size };
        });
      }
    });
    return { cluster: c + 1, size, suppressed: false, silhouette: t.clusterSilhouette ? finite(t.clusterSilhouette[c]) : null, ...groups };
  });
  return { clusters, cohort: sizes.total, excluded, shown };
}

/** What was clustered, as the report describes it. */
export function describeObjects(
  s: ClusterSettings,
  fit: Pick<ClusterFit, 'model'> & { distance?: string },
  extra: { sequences: { alphabet: string[]; slots: number; truncated: number; complete: number; shown: boolean } | null; spline: { knots: number[]; probs: number[] } | null },
  threshold: number,
): Record<string, unknown> {
  const seq = extra.sequences;
  if (s.method === 'sequence' && seq) {
    // complete vs truncated sequences: a 1-D table whose total (clustered) is published only when shown
    const split = suppressSmallCounts1D([seq.complete, seq.truncated], { threshold });
    return {
      kind: 'therapy sequences',
      time: `from the index date, ${s.stepMonths}-month slots over ${s.windowYears} years (${seq.slots} slots; state at each slot midpoint)`,
      states: s.states === 'class' ? seq.alphabet : `${seq.alphabet.length} states: untreated and the drugs (names not listed)`,
      distance: fit.distance,
      linkage: s.linkage,
      sequences: { complete: seq.shown ? split.counts[0] ?? null : null, truncated: seq.shown ? split.counts[1] ?? null : null, rule: 'follow-up shorter than the window: the sequence ends at the last slot before the last contact (OM compares unequal lengths by indels)' },
    };
  }
  if (s.method === 'grid-pam' || s.method === 'dtw-pam' || s.method === 'lcgm') {
    const objects: Record<string, unknown> = { kind: 'EDSS courses', time: 'years since the first EDSS', ...(s.method === 'dtw-pam' ? { distance: 'DTW (normalized by n + m, unconstrained)' } : s.method === 'grid-pam' ? { distance: `RMS difference on a yearly grid 0-${s.gridYears} years` } : {}) };
    if (s.method === 'lcgm') {
      const sp = extra.spline;
      // boundary knots are the first and last visit times (individual values): withheld; interior knots rounded to 0.1 year
      objects.basis = sp ? { type: 'natural cubic spline', knots: sp.knots.length, knotQuantiles: sp.probs, interiorKnotsYears: sp.knots.slice(1, -1).map((x) => Math.round(x * 10) / 10) } : { type: 'linear' };
    }
    return objects;
  }
  return { kind: 'response features', features: s.features, standardized: true };
}
