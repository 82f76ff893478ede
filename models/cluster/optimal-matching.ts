/**
 * Optimal-matching (edit) distance between two state sequences, e.g. monthly
 * therapy states: the cheapest sequence of substitutions and insertions/
 * deletions (indels) turning one into the other (Needleman-Wunsch / Levenshtein
 * with general costs). Defaults as TraMineR's seqdist(method = "OM") with
 * sm = "CONSTANT": substitution cost 2, indel cost 1.
 *
 * References: Abbott A, Tsay A (2000) Sociol Methods Res 29:3-33;
 * Gabadinho A et al. (2011) Analyzing and visualizing state sequences in R with TraMineR, J Stat Softw 40(4).
 */
import { UsageError } from '../../util/errors.js';

/** Options of {@link optimalMatchingDistance}. */
export interface OptimalMatchingOptions<S> {
  /** Substitution cost: a constant (default 2) or a function of the two states (0 expected for equal states). */
  substitution?: number | ((a: S, b: S) => number);
  /** Insertion/deletion cost (default 1). */
  indel?: number;
  /** Divide by the longer length (default false). */
  normalize?: boolean;
}

/**
 * @throws UsageError for a negative cost.
 * @example optimalMatchingDistance(['A','A','B'], ['A','B','B']) // => 2
 */
export function optimalMatchingDistance<S>(a: readonly S[], b: readonly S[], options: OptimalMatchingOptions<S> = {}): number {
  const indel = options.indel ?? 1;
  const sub = options.substitution ?? 2;
  if (!(indel >= 0) || (typeof sub === 'number' && !(sub >= 0))) throw new UsageError(`optimal matching costs must be >= 0 (indel ${indel}, substitution ${String(sub)})`);
  const cost = typeof sub === 'number' ? (x: S, y: S): number => (x === y ? 0 : sub) : sub;
  const n = a.length;
  const m = b.length;
  let prev = new Float64Array(m + 1);
  let cur = new Float64Array(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j * indel;
  for (let i = 1; i <= n; i++) {
    cur[0] = i * indel;
    for (let j = 1; j <= m; j++) {
      const c = cost(a[i - 1] as S, b[j - 1] as S);
      if (!(c >= 0)) throw new UsageError(`substitution cost ${c} for (${String(a[i - 1])}, ${String(b[j - 1])}) must be >= 0`);
      cur[j] = Math.min((prev[j - 1] as number) + c, (prev[j] as number) + indel, (cur[j - 1] as number) + indel);
    }
    const t = prev; prev = cur; cur = t;
  }
  const d = prev[m] as number;
  const len = Math.max(n, m);
  return options.normalize ? (len === 0 ? 0 : d / len) : d;
}
