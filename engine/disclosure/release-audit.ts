/**
 * Consistent suppression across the releases of one study: the defence
 * against the difference attack (docs/access-levels.md, "Releases of one study").
 *
 * Every aggregate a study releases (a Kaplan-Meier stratum, a group of a SQL
 * aggregate, the population of a table) is computed from a set of patients, a
 * *cell*. Two released cells whose patient sets differ by a few patients let
 * anyone subtract one from the other: `km ~ site` shows the stratum
 * `site=A`, `km ~ site + sex` shows `site=A, sex=female`, and their difference
 * is the small group `site=A, sex=male` that the second table hid. The same
 * works for the population of a table released before and after one consent
 * revocation, and for SQL aggregates with two WHERE clauses.
 *
 * Model. The patients of all cells fall into *atoms*: maximal sets of patients
 * that belong to exactly the same cells. Every cell is a union of atoms, and
 * an additive statistic of a cell (a count, a sum, the events in an interval)
 * is the sum of the statistic over its atoms. From released cells an attacker
 * can compute the statistic of any set whose indicator vector (over atoms) is
 * a linear combination of the released cells' indicator vectors. A release is
 * *consistent* when no such derivable set has between 1 and `threshold - 1`
 * patients.
 *
 * Check. Let D be the span of the released cells' vectors, L the atoms of at
 * least `threshold` patients and S the smaller ones. A derivable set smaller
 * than the threshold consists of atoms in S only, so it lies in
 * D_S = D ∩ span(S). Gaussian elimination with the L columns ordered first
 * leaves the rows whose pivot is in S as a basis of D_S (every row is zero
 * before its pivot). If D_S = {0} the release is consistent; otherwise each
 * union of atoms in the support of D_S with fewer than `threshold` patients is
 * tested for membership in D_S (at most `maxSubsets` unions; beyond that the
 * release is treated as inconsistent: what cannot be verified is not released).
 *
 * Arithmetic is exact modulo the prime p = 67,108,859 (< 2^26, so products of
 * two residues stay below 2^53). A rank over GF(p) can only be smaller than
 * over the rationals when p divides a minor of a 0/1 matrix, which needs a
 * determinant of at least p; this is documented as the one approximation.
 *
 * Release. Candidates are taken in the order given (callers put the table's
 * population first, then its cells from the largest): a candidate with
 * `0 < n < threshold` patients is suppressed as small; otherwise it is added
 * when the release stays consistent with every earlier release of the study
 * and the candidates already added, and suppressed otherwise. This greedy rule
 * also gives complementary suppression within one table (with the population
 * released, the last cell of a table with one hidden cell is hidden too).
 * It protects against exact recovery of small groups, as the cell suppression
 * of suppress-small-counts.ts does; bounds from non-negativity can still be
 * narrow, and cells released under another study are not considered.
 */
import { checkThreshold } from './suppress-small-counts.js';

/** A cell a study has released: its patients. */
export interface PriorCell {
  pseudonyms: readonly string[];
}

/** A cell a new release would show. */
export interface CandidateCell {
  label: string;
  pseudonyms: readonly string[];
}

/** What happens to one candidate. */
export interface ReleaseDecision {
  label: string;
  /** Distinct patients in the cell. */
  n: number;
  released: boolean;
  /** Why it is suppressed: `small` (fewer than threshold patients) or `difference` (with earlier releases it would reveal a small group); null when released. */
  reason: 'small' | 'difference' | null;
}

/** Options of {@link auditRelease}. */
export interface ReleaseAuditOptions {
  /** The study's minimum cell count (default 5). */
  threshold?: number;
  /** Most unions of small atoms tested per check (default 4096); more means "not verifiable", and the candidate is suppressed. */
  maxSubsets?: number;
}

/** Result of {@link auditRelease}. */
export interface ReleaseAudit {
  decisions: ReleaseDecision[];
  /** Labels of the released candidates, in candidate order. */
  released: string[];
  threshold: number;
  /** Number of atoms (distinct membership patterns) considered. */
  atoms: number;
}

/** The prime modulus of the elimination (< 2^26). */
export const RELEASE_AUDIT_PRIME = 67108859;
const P = RELEASE_AUDIT_PRIME;

const mulmod = (a: number, b: number): number => (a * b) % P;

function invmod(a: number): number {
  // Extended Euclid on (a, P); P is prime and 0 < a < P.
  let [r0, r1] = [P, a % P];
  let [t0, t1] = [0, 1];
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [r0, r1] = [r1, r0 - q * r1];
    [t0, t1] = [t1, t0 - q * t1];
  }
  return ((t0 % P) + P) % P;
}

/** An echelon basis over GF(P); each row is zero before its pivot and 1 at it. */
class EchelonBasis {
  readonly rows: { pivot: number; v: Float64Array }[] = [];
  constructor(readonly width: number) {}

  /** Reduces `v` (mutated) by the rows, in pivot order. */
  reduce(v: Float64Array): void {
    for (const r of this.rows) {
      const f = v[r.pivot]!;
      if (f === 0) continue;
      const rv = r.v;
      for (let j = r.pivot; j < this.width; j++) {
        const x = rv[j]!;
        if (x !== 0) v[j] = (v[j]! - mulmod(f, x) + P) % P;
      }
    }
  }

  /** Adds `v` (already reduced); returns false when it is zero (already in the span). */
  push(v: Float64Array): boolean {
    let pivot = -1;
    for (let j = 0; j < this.width; j++) if (v[j] !== 0) { pivot = j; break; }
    if (pivot < 0) return false;
    const inv = invmod(v[pivot]!);
    for (let j = pivot; j < this.width; j++) if (v[j] !== 0) v[j] = mulmod(v[j]!, inv);
    // Keep rows sorted by pivot so that reduce() visits pivots in order.
    let at = this.rows.length;
    while (at > 0 && this.rows[at - 1]!.pivot > pivot) at--;
    this.rows.splice(at, 0, { pivot, v });
    return true;
  }

  remove(v: Float64Array): void {
    const i = this.rows.findIndex((r) => r.v === v);
    if (i >= 0) this.rows.splice(i, 1);
  }
}

/**
 * True when some union of atoms with 1 to threshold - 1 patients is in the
 * span of the basis (columns `0..nLarge-1` are the large atoms, the rest the
 * small ones with sizes `smallSizes`), or when that cannot be verified within
 * `maxSubsets` tests.
 */
function revealsSmallGroup(basis: EchelonBasis, nLarge: number, smallSizes: readonly number[], threshold: number, maxSubsets: number): boolean {
  const sRows = basis.rows.filter((r) => r.pivot >= nLarge);
  if (sRows.length === 0) return false;
  const support: number[] = [];
  for (let j = nLarge; j < basis.width; j++) if (sRows.some((r) => r.v[j] !== 0)) support.push(j);
  support.sort((a, b) => smallSizes[a - nLarge]! - smallSizes[b - nLarge]! || a - b);
  let tested = 0;
  let exceeded = false;
  const chosen: number[] = [];
  const inSpan = (): boolean => {
    const v = new Float64Array(basis.width);
    for (const j of chosen) v[j] = 1;
    for (const r of sRows) {
      const f = v[r.pivot]!;
      if (f === 0) continue;
      for (let j = r.pivot; j < basis.width; j++) {
        const x = r.v[j]!;
        if (x !== 0) v[j] = (v[j]! - mulmod(f, x) + P) % P;
      }
    }
    for (let j = nLarge; j < basis.width; j++) if (v[j] !== 0) return false;
    return true;
  };
  const dfs = (from: number, size: number): boolean => {
    for (let k = from; k < support.length; k++) {
      const j = support[k]!;
      const s = size + smallSizes[j - nLarge]!;
      if (s >= threshold) break; // sorted by size: no later atom fits either
      chosen.push(j);
      if (++tested > maxSubsets) {
        exceeded = true;
        chosen.pop();
        return true;
      }
      if (inSpan() || dfs(k + 1, s)) {
        chosen.pop();
        return true;
      }
      chosen.pop();
    }
    return false;
  };
  return dfs(0, 0) || exceeded;
}

/**
 * Decides which candidate cells a new release may show so that, together with
 * every cell the study released before, no group of 1 to `threshold - 1`
 * patients can be derived by adding and subtracting released cells.
 *
 * @param prior the cells the study released before (engine/disclosure/release-register.ts)
 * @param candidates the cells of the new release, in order of preference (population first, then the largest cells)
 * @param options `threshold` (default 5), `maxSubsets` (default 4096)
 * @throws UsageError for a bad threshold.
 * @example auditRelease([{ pseudonyms: ['a','b','c','d','e','f'] }], [{ label: 'f', pseudonyms: ['a','b','c','d','e'] }], { threshold: 5 }).released // => [] (the difference is one patient)
 */
export function auditRelease(prior: readonly PriorCell[], candidates: readonly CandidateCell[], options: ReleaseAuditOptions = {}): ReleaseAudit {
  const threshold = checkThreshold(options.threshold);
  const maxSubsets = options.maxSubsets ?? 4096;
  const cells: (readonly string[])[] = [...prior.map((c) => c.pseudonyms), ...candidates.map((c) => c.pseudonyms)];
  // Atoms: patients grouped by the list of cells they belong to.
  const membership = new Map<string, number[]>();
  cells.forEach((ps, c) => {
    for (const p of new Set(ps)) {
      let m = membership.get(p);
      if (!m) membership.set(p, (m = []));
      m.push(c);
    }
  });
  const atomOf = new Map<string, number>();
  const atomSizes: number[] = [];
  const atomCells: number[][] = [];
  for (const m of membership.values()) {
    const key = m.join(',');
    let a = atomOf.get(key);
    if (a === undefined) {
      a = atomSizes.length;
      atomOf.set(key, a);
      atomSizes.push(0);
      atomCells.push(m);
    }
    atomSizes[a]!++;
  }
  // Column order: large atoms first, then small ones.
  const large = atomSizes.map((_, a) => a).filter((a) => atomSizes[a]! >= threshold);
  const small = atomSizes.map((_, a) => a).filter((a) => atomSizes[a]! < threshold);
  const column = new Int32Array(atomSizes.length);
  [...large, ...small].forEach((a, j) => (column[a] = j));
  const width = atomSizes.length;
  const smallSizes = small.map((a) => atomSizes[a]!);
  const rowOf = (c: number): Float64Array => {
    const v = new Float64Array(width);
    atomCells.forEach((m, a) => {
      if (m.includes(c)) v[column[a]!] = 1;
    });
    return v;
  };
  const basis = new EchelonBasis(width);
  for (let c = 0; c < prior.length; c++) {
    const v = rowOf(c);
    basis.reduce(v);
    basis.push(v);
  }
  const priorConsistent = !revealsSmallGroup(basis, large.length, smallSizes, threshold, maxSubsets);
  const decisions: ReleaseDecision[] = candidates.map((cand, i) => {
    const n = new Set(cand.pseudonyms).size;
    if (n > 0 && n < threshold) return { label: cand.label, n, released: false, reason: 'small' };
    if (!priorConsistent) return { label: cand.label, n, released: false, reason: 'difference' };
    const v = rowOf(prior.length + i);
    basis.reduce(v);
    if (!basis.push(v)) return { label: cand.label, n, released: true, reason: null }; // already derivable: nothing new
    if (revealsSmallGroup(basis, large.length, smallSizes, threshold, maxSubsets)) {
      basis.remove(v);
      return { label: cand.label, n, released: false, reason: 'difference' };
    }
    return { label: cand.label, n, released: true, reason: null };
  });
  return { decisions, released: decisions.filter((d) => d.released).map((d) => d.label), threshold, atoms: width };
}
