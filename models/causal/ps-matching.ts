/**
 * Greedy nearest-neighbour 1:k matching on the logit of the propensity score
 * with a caliper, for the effect on the treated (ATT), as R's
 * `MatchIt::matchit(method = "nearest", distance = "glm", link = "linear.logit",
 * caliper = 0.2, ratio = k, m.order = "largest")`. Default caliper 0.2 SD of
 * the logit PS over the whole sample (Austin, Pharm Stat 2011;10:150–161).
 */
import { UsageError } from '../../util/errors.js';
import type { RandomSource } from '../../util/random.js';

/** Options of {@link matchNearest}. */
export interface MatchOptions {
  /** Controls per treated (default 1). */
  ratio?: number;
  /** Caliper in SDs of the logit PS (default 0.2, Austin 2011); null for none. */
  caliper?: number | null;
  /** Controls may be reused (default false). */
  replace?: boolean;
  /** Order in which treated pick controls (default 'largest' PS first, as MatchIt). 'random' needs `random`. */
  order?: 'largest' | 'smallest' | 'data' | 'random';
  /** Random source for order 'random'. */
  random?: RandomSource;
}

/** Result of {@link matchNearest}. */
export interface MatchResult {
  /** For each treated row (by row index), its matched control rows (empty when unmatched). */
  pairs: { treated: number; controls: number[] }[];
  /**
   * Matching weights per row (MatchIt's ATT weights before rescaling): 1 for
   * a matched treated row, for a control the sum over the treated it serves
   * of 1 / (number of controls of that treated); 0 for unmatched rows.
   */
  weights: Float64Array;
  /**
   * Matched-set id per row (0-based, numbered by treated row order), -1 for
   * unmatched rows; with replacement a control serving several sets keeps the
   * first, so use `cluster(id)` on the patient rather than the set then.
   * Use it as `cluster(set)` in a weighted Cox fit of the matched sample (Austin, Stat Med 2014;33:1242–1258).
   */
  matchedSet: Int32Array;
  /** Caliper width on the logit-PS scale (NaN without caliper). */
  caliperWidth: number;
  nMatchedTreated: number;
  nUnmatchedTreated: number;
  nMatchedControls: number;
  warnings: string[];
}

/**
 * Nearest-neighbour matching on the logit PS.
 * @param treatment 0/1 per row.
 * @param logitPs logit of the propensity score per row.
 * @param options ratio (1), caliper (0.2 SD), replace (false), order ('largest').
 * @throws {UsageError} on bad options or lengths.
 * @example matchNearest(t, logitPs, { caliper: 0.2 }).pairs
 */
export function matchNearest(treatment: ArrayLike<number>, logitPs: ArrayLike<number>, options: MatchOptions = {}): MatchResult {
  const n = treatment.length;
  if (logitPs.length !== n) throw new UsageError(`matchNearest: logitPs has length ${logitPs.length}, treatment ${n}`);
  const ratio = options.ratio ?? 1;
  if (!(Number.isInteger(ratio) && ratio >= 1)) throw new UsageError(`ratio must be a positive integer, got ${ratio}`);
  const caliper = options.caliper === undefined ? 0.2 : options.caliper;
  if (caliper !== null && !(caliper > 0)) throw new UsageError(`caliper must be > 0 or null, got ${caliper}`);
  const replace = options.replace ?? false;
  const order = options.order ?? 'largest';
  if (order === 'random' && !options.random) throw new UsageError("order 'random' needs a random source");
  const treated: number[] = [];
  const controls: number[] = [];
  let mean = 0;
  for (let i = 0; i < n; i++) {
    const t = treatment[i];
    if (t !== 0 && t !== 1) throw new UsageError(`matchNearest: treatment must be 0 or 1, got ${t} in row ${i + 1}`);
    if (!Number.isFinite(logitPs[i]!)) throw new UsageError(`matchNearest: logit PS not finite in row ${i + 1}`);
    (t === 1 ? treated : controls).push(i);
    mean += logitPs[i]!;
  }
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (logitPs[i]! - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  const width = caliper === null ? NaN : caliper * sd;
  if (order === 'largest') treated.sort((a, b) => logitPs[b]! - logitPs[a]! || a - b);
  else if (order === 'smallest') treated.sort((a, b) => logitPs[a]! - logitPs[b]! || a - b);
  else if (order === 'random') {
    const r = options.random!;
    for (let i = treated.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [treated[i], treated[j]] = [treated[j]!, treated[i]!];
    }
  }
  const used = new Uint8Array(n);
  const weights = new Float64Array(n);
  const pairs: { treated: number; controls: number[] }[] = [];
  let nMatchedTreated = 0;
  for (const i of treated) {
    const picked: number[] = [];
    for (let k = 0; k < ratio; k++) {
      let best = -1;
      let bestD = Infinity;
      for (const c of controls) {
        if (used[c] || picked.includes(c)) continue;
        const d = Math.abs(logitPs[i]! - logitPs[c]!);
        if (d < bestD) { bestD = d; best = c; }
      }
      if (best < 0 || (caliper !== null && bestD > width)) break;
      picked.push(best);
      if (!replace) used[best] = 1;
    }
    pairs.push({ treated: i, controls: picked });
    if (picked.length > 0) {
      nMatchedTreated++;
      weights[i] = 1;
      for (const c of picked) weights[c]! += 1 / picked.length;
    }
  }
  pairs.sort((a, b) => a.treated - b.treated);
  const matchedSet = new Int32Array(n).fill(-1);
  let set = 0;
  for (const pr of pairs) {
    if (pr.controls.length === 0) continue;
    matchedSet[pr.treated] = set;
    for (const c of pr.controls) if (matchedSet[c] === -1) matchedSet[c] = set;
    set++;
  }
  let nMatchedControls = 0;
  for (const c of controls) if (weights[c]! > 0) nMatchedControls++;
  const warnings: string[] = [];
  const nUnmatchedTreated = treated.length - nMatchedTreated;
  if (nUnmatchedTreated > 0) warnings.push(`${nUnmatchedTreated} of ${treated.length} treated had no control within the caliper and were dropped (the estimand is no longer the ATT of all treated)`);
  return { pairs, weights, matchedSet, caliperWidth: width, nMatchedTreated, nUnmatchedTreated, nMatchedControls, warnings };
}
