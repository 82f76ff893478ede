/**
 * The flat, JSON-serialisable structure of a random survival forest and the
 * pure functions that predict with it. All trees share flat typed arrays (no
 * per-node objects): node `k` splits on covariate `splitVar[k]` at
 * `splitValue[k]` (`x <= value` goes to `left[k]`, else `right[k]`); a
 * terminal node has `splitVar[k] = -1` and `left[k]` = its leaf id. Leaf `l`
 * stores its Nelson-Aalen cumulative hazard as a step function with jumps
 * `jumpTime[leafStart[l] .. leafStart[l+1])` (indices into `eventTimes`, the
 * training set's unique event times) and cumulative values `jumpChf`.
 *
 * Ensemble prediction as ranger: the cumulative hazard is the mean of the
 * trees' leaf cumulative hazards, survival is `exp(-CHF)` (ranger 0.14.1
 * `predict.ranger`), and the mortality (risk score of the OOB error) is the
 * sum of the ensemble CHF over the distinct observed training times (ranger
 * 0.14.1's time grid; Ishwaran et al. 2008, Ann Appl Stat 2:841-860, section
 * 4.1, sum over event times only).
 */
import { DataValidationError, UsageError } from '../../../util/errors.js';

/** Flat arrays of a grown forest. */
export interface ForestStructure {
  /** Number of covariates the forest was grown on. */
  nFeatures: number;
  /** Index of each tree's root node. */
  treeRoot: Int32Array;
  /** Split covariate per node, -1 for a terminal node. */
  splitVar: Int32Array;
  /** Split value per node (`x <= value` goes left); 0 for a terminal node. */
  splitValue: Float64Array;
  /** Left child per node; for a terminal node, its leaf id. */
  left: Int32Array;
  /** Right child per node; -1 for a terminal node. */
  right: Int32Array;
  /** Start of each leaf's jumps in `jumpTime`/`jumpChf` (length nLeaves + 1). */
  leafStart: Int32Array;
  /** Index into `eventTimes` of each jump. */
  jumpTime: Int32Array;
  /** Leaf cumulative hazard just after each jump. */
  jumpChf: Float64Array;
  /** Sum over the distinct observed training times of each leaf's cumulative hazard (its mortality). */
  leafMortality: Float64Array;
  /** Unique event times of the training data, ascending. */
  eventTimes: Float64Array;
  /**
   * Distinct training rows among each leaf's bootstrap samples (set when the
   * forest is grown; absent after {@link forestFromJson}, which does not store it).
   */
  leafPatients?: Int32Array;
}

/** JSON form of {@link ForestStructure} (plain arrays; numbers round-trip exactly). */
export interface ForestStructureJson {
  format: 'midia-rsf';
  version: 1;
  nFeatures: number;
  treeRoot: number[];
  splitVar: number[];
  splitValue: number[];
  left: number[];
  right: number[];
  leafStart: number[];
  jumpTime: number[];
  jumpChf: number[];
  leafMortality: number[];
  eventTimes: number[];
}

/** Leaf id reached by row `i` of column-major `x` in the tree rooted at `root`. */
export function leafOf(s: ForestStructure, root: number, x: readonly Float64Array[], i: number): number {
  const { splitVar, splitValue, left, right } = s;
  let k = root;
  let v = splitVar[k]!;
  while (v >= 0) {
    k = x[v]![i]! <= splitValue[k]! ? left[k]! : right[k]!;
    v = splitVar[k]!;
  }
  return left[k]!;
}

/**
 * Leaf reached by row `i` when covariate `permVar` takes the value
 * `permValue` instead of its own (permutation importance).
 */
export function leafOfPermuted(s: ForestStructure, root: number, x: readonly Float64Array[], i: number, permVar: number, permValue: number): number {
  const { splitVar, splitValue, left, right } = s;
  let k = root;
  let v = splitVar[k]!;
  while (v >= 0) {
    const xv = v === permVar ? permValue : x[v]![i]!;
    k = xv <= splitValue[k]! ? left[k]! : right[k]!;
    v = splitVar[k]!;
  }
  return left[k]!;
}

function checkX(s: ForestStructure, x: readonly Float64Array[]): number {
  if (x.length !== s.nFeatures) throw new UsageError(`expected ${s.nFeatures} covariate columns, got ${x.length}`);
  const n = x.length ? x[0]!.length : 0;
  for (let j = 0; j < x.length; j++) {
    const col = x[j]!;
    if (col.length !== n) throw new UsageError(`covariate column ${j} has length ${col.length}, expected ${n}`);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(col[i]!)) {
        throw new DataValidationError([{ file: '<memory>', row: i + 1, field: `x[${j}]`, message: `covariate value ${col[i]} is not finite`, value: col[i] }]);
      }
    }
  }
  return n;
}

/**
 * Ensemble cumulative hazard of each row at each time (mean of the trees'
 * leaf Nelson-Aalen estimates; a step function, right-continuous).
 * @param x new covariates, column-major, same columns as the training data
 * @param times evaluation times (any order; default the training event times)
 * @returns one Float64Array per row, aligned with `times`
 * @throws UsageError when the number or length of columns is wrong
 * @throws DataValidationError for a missing (NaN) or infinite covariate
 */
export function forestChf(s: ForestStructure, x: readonly Float64Array[], times?: ArrayLike<number>): Float64Array[] {
  const n = checkX(s, x);
  const t = times ?? s.eventTimes;
  const m = t.length;
  // gi[q] = number of training event times <= t[q]
  const gi = new Int32Array(m);
  const ev = s.eventTimes;
  for (let q = 0; q < m; q++) {
    const tq = t[q]!;
    if (Number.isNaN(tq)) throw new UsageError(`prediction time ${q} is NaN`);
    let lo = 0;
    let hi = ev.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ev[mid]! <= tq) lo = mid + 1;
      else hi = mid;
    }
    gi[q] = lo;
  }
  const order = Int32Array.from({ length: m }, (_, q) => q).sort((a, b) => gi[a]! - gi[b]! || a - b);
  const nTrees = s.treeRoot.length;
  const out: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const h = new Float64Array(m);
    for (let b = 0; b < nTrees; b++) {
      const leaf = leafOf(s, s.treeRoot[b]!, x, i);
      const end = s.leafStart[leaf + 1]!;
      let jp = s.leafStart[leaf]!;
      let cur = 0;
      for (let r = 0; r < m; r++) {
        const q = order[r]!;
        const g = gi[q]!;
        while (jp < end && s.jumpTime[jp]! < g) cur = s.jumpChf[jp++]!;
        h[q]! += cur;
      }
    }
    for (let q = 0; q < m; q++) h[q]! /= nTrees;
    out.push(h);
  }
  return out;
}

/**
 * Ensemble survival `exp(-CHF)` of each row at each time (ranger's definition).
 * @example forestSurvival(s, xNew, [365, 730])[0] // => Float64Array [0.93, 0.85]
 */
export function forestSurvival(s: ForestStructure, x: readonly Float64Array[], times?: ArrayLike<number>): Float64Array[] {
  const chf = forestChf(s, x, times);
  for (const h of chf) for (let q = 0; q < h.length; q++) h[q] = Math.exp(-h[q]!);
  return chf;
}

/** Ensemble mortality of each row: the sum of its CHF over the distinct observed training times (a risk score). */
export function forestMortality(s: ForestStructure, x: readonly Float64Array[]): Float64Array {
  const n = checkX(s, x);
  const out = new Float64Array(n);
  const nTrees = s.treeRoot.length;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let b = 0; b < nTrees; b++) sum += s.leafMortality[leafOf(s, s.treeRoot[b]!, x, i)]!;
    out[i] = sum / nTrees;
  }
  return out;
}

/** Serialise to plain JSON arrays. */
export function forestToJson(s: ForestStructure): ForestStructureJson {
  return {
    format: 'midia-rsf',
    version: 1,
    nFeatures: s.nFeatures,
    treeRoot: Array.from(s.treeRoot),
    splitVar: Array.from(s.splitVar),
    splitValue: Array.from(s.splitValue),
    left: Array.from(s.left),
    right: Array.from(s.right),
    leafStart: Array.from(s.leafStart),
    jumpTime: Array.from(s.jumpTime),
    jumpChf: Array.from(s.jumpChf),
    leafMortality: Array.from(s.leafMortality),
    eventTimes: Array.from(s.eventTimes),
  };
}

/**
 * Rebuild a forest structure from {@link forestToJson} output, checking the
 * format, the version and that every index is in range.
 * @throws UsageError for another format or version or an inconsistent structure
 */
export function forestFromJson(j: ForestStructureJson): ForestStructure {
  if (j === null || typeof j !== 'object' || j.format !== 'midia-rsf') throw new UsageError('not a midia-rsf forest');
  if (j.version !== 1) throw new UsageError(`unsupported midia-rsf version ${String(j.version)}`);
  const s: ForestStructure = {
    nFeatures: j.nFeatures,
    treeRoot: Int32Array.from(j.treeRoot),
    splitVar: Int32Array.from(j.splitVar),
    splitValue: Float64Array.from(j.splitValue),
    left: Int32Array.from(j.left),
    right: Int32Array.from(j.right),
    leafStart: Int32Array.from(j.leafStart),
    jumpTime: Int32Array.from(j.jumpTime),
    jumpChf: Float64Array.from(j.jumpChf),
    leafMortality: Float64Array.from(j.leafMortality),
    eventTimes: Float64Array.from(j.eventTimes),
  };
  const nNodes = s.splitVar.length;
  const nLeaves = s.leafMortality.length;
  const bad = (what: string): never => {
    throw new UsageError(`inconsistent midia-rsf forest: ${what}`);
  };
  if (!Number.isInteger(s.nFeatures) || s.nFeatures < 1) bad('nFeatures');
  if (s.splitValue.length !== nNodes || s.left.length !== nNodes || s.right.length !== nNodes) bad('node array lengths differ');
  if (s.leafStart.length !== nLeaves + 1 || s.leafStart[0] !== 0 || s.leafStart[nLeaves] !== s.jumpTime.length) bad('leafStart');
  if (s.jumpChf.length !== s.jumpTime.length) bad('jump array lengths differ');
  for (const r of s.treeRoot) if (r < 0 || r >= nNodes) bad(`tree root ${r}`);
  for (let k = 0; k < nNodes; k++) {
    const v = s.splitVar[k]!;
    if (v >= s.nFeatures || v < -1) bad(`split covariate ${v} at node ${k}`);
    if (v < 0) {
      if (s.left[k]! < 0 || s.left[k]! >= nLeaves) bad(`leaf id at node ${k}`);
    } else if (s.left[k]! <= k || s.right[k]! <= k || s.left[k]! >= nNodes || s.right[k]! >= nNodes) {
      bad(`children of node ${k}`);
    }
  }
  for (const g of s.jumpTime) if (g < 0 || g >= s.eventTimes.length) bad(`jump time index ${g}`);
  return s;
}
