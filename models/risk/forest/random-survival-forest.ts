/**
 * Random survival forest (Ishwaran, Kogalur, Blackstone & Lauer 2008, Ann Appl
 * Stat 2:841-860) as R ranger 0.14.1 grows it with `splitrule = "logrank"`:
 * each tree is grown on a bootstrap sample of n rows drawn with replacement
 * (ranger's `replace = TRUE, sample.fraction = 1`), each node tries `mtry`
 * covariates drawn at random and splits on the largest two-sample log-rank
 * statistic, terminal nodes keep their Nelson-Aalen cumulative hazard, the
 * ensemble CHF is the mean over trees and survival is `exp(-CHF)`.
 *
 * Out-of-bag error as ranger's `prediction.error`: 1 - Harrell's C of the
 * OOB ensemble mortality (sum of the OOB CHF over ranger's time grid
 * `unique.death.times`, which in ranger 0.14.1 holds every distinct observed
 * training time, censored ones included; Ishwaran et al. sum over event
 * times only),
 * over the rows that are out of bag in at least one tree; C is computed by
 * {@link harrellC} (survival's `concordance`: ties in the score count 1/2).
 * Permutation importance as ranger's `importance = "permutation"`: for each
 * tree, the C of its OOB rows minus the C after permuting one covariate among
 * them, averaged over trees (unscaled; per-tree C by {@link fastHarrellC},
 * the same definition without the variance).
 *
 * Randomness: one seeded stream ({@link seededRandom}) for bootstrap draws,
 * covariate and split-point draws; a second stream, derived from the same
 * seed, for the permutations, so the forest does not depend on `importance`.
 * The same seed gives the same forest on every machine. Single-threaded.
 */
import { DataValidationError, ModelError, UsageError } from '../../../util/errors.js';
import type { RecordIssue } from '../../../util/errors.js';
import { seededRandom } from '../../../util/random.js';
import { harrellC } from '../metrics/harrell-c.js';
import { fastHarrellC } from './fast-harrell-c.js';
import type { RandomSurvivalForestOptions, RandomSurvivalForestSettings } from './forest-options.js';
import { forestSettings } from './forest-options.js';
import type { ForestStructure, ForestStructureJson } from './forest-structure.js';
import { forestChf, forestFromJson, forestMortality, forestSurvival, forestToJson, leafOf, leafOfPermuted } from './forest-structure.js';
import type { ForestBuilder } from './grow-tree.js';
import { forestBuilder, growTree } from './grow-tree.js';
import type { TreeData } from './logrank-split.js';
import { PACK, splitWorkspace } from './logrank-split.js';

/** JSON form of a fitted forest (structure, settings, names, OOB summary). */
export interface RandomSurvivalForestJson {
  forest: ForestStructureJson;
  settings: Omit<RandomSurvivalForestSettings, 'maxDepth'> & { maxDepth: number | null };
  featureNames: string[];
  oobError: number;
  importance: number[] | null;
}

/** A fitted random survival forest. Immutable; predictions are pure. */
export class RandomSurvivalForest {
  /** Flat tree arrays. */
  readonly structure: ForestStructure;
  /** Settings used (defaults filled in). */
  readonly settings: RandomSurvivalForestSettings;
  /** Covariate names (default `x1..xp`). */
  readonly featureNames: string[];
  /** 1 - Harrell's C of the OOB ensemble mortality (NaN when undefined). */
  readonly oobError: number;
  /** OOB ensemble mortality per training row (NaN for a row in bag in every tree); empty after fromJSON. */
  readonly oobMortality: Float64Array;
  /** Permutation importance per covariate (in C units), or null with `importance: 'none'`. */
  readonly importance: Float64Array | null;
  /** Warnings (e.g. rows never out of bag). */
  readonly warnings: string[];

  constructor(init: {
    structure: ForestStructure;
    settings: RandomSurvivalForestSettings;
    featureNames: string[];
    oobError: number;
    oobMortality: Float64Array;
    importance: Float64Array | null;
    warnings: string[];
  }) {
    this.structure = init.structure;
    this.settings = init.settings;
    this.featureNames = init.featureNames;
    this.oobError = init.oobError;
    this.oobMortality = init.oobMortality;
    this.importance = init.importance;
    this.warnings = init.warnings;
  }

  /** Training event times (ranger's `unique.death.times`): the default prediction grid. */
  get eventTimes(): Float64Array {
    return this.structure.eventTimes;
  }

  /** Number of trees. */
  get nTrees(): number {
    return this.structure.treeRoot.length;
  }

  /**
   * Ensemble survival `exp(-CHF)` per row of `xNew` (column-major) at `times`
   * (default: the training event times).
   */
  predictSurvival(xNew: readonly Float64Array[], times?: ArrayLike<number>): Float64Array[] {
    return forestSurvival(this.structure, xNew, times);
  }

  /** Ensemble cumulative hazard per row at `times` (default: the training event times). */
  predictChf(xNew: readonly Float64Array[], times?: ArrayLike<number>): Float64Array[] {
    return forestChf(this.structure, xNew, times);
  }

  /** Ensemble mortality per row (sum of CHF over the distinct observed training times, as ranger; larger = higher risk). */
  predictMortality(xNew: readonly Float64Array[]): Float64Array {
    return forestMortality(this.structure, xNew);
  }

  /** JSON-serialisable form (no training rows: structure, settings, names, OOB summary). */
  toJSON(): RandomSurvivalForestJson {
    const { maxDepth, ...rest } = this.settings;
    return {
      forest: forestToJson(this.structure),
      settings: { ...rest, maxDepth: Number.isFinite(maxDepth) ? maxDepth : null },
      featureNames: this.featureNames.slice(),
      oobError: this.oobError,
      importance: this.importance ? Array.from(this.importance) : null,
    };
  }

  /**
   * Rebuild from {@link RandomSurvivalForest.toJSON} output (predictions identical).
   * @throws UsageError for another format or an inconsistent structure
   */
  static fromJSON(json: RandomSurvivalForestJson): RandomSurvivalForest {
    const structure = forestFromJson(json.forest);
    if (json.featureNames.length !== structure.nFeatures) throw new UsageError('featureNames does not match the forest');
    const s = json.settings;
    return new RandomSurvivalForest({
      structure,
      settings: { ...s, maxDepth: s.maxDepth === null ? Infinity : s.maxDepth },
      featureNames: json.featureNames.slice(),
      oobError: json.oobError === null ? NaN : json.oobError,
      oobMortality: new Float64Array(0),
      importance: json.importance ? Float64Array.from(json.importance) : null,
      warnings: [],
    });
  }
}

function denseRank(v: ArrayLike<number>): Int32Array {
  const n = v.length;
  const idx = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => v[a]! - v[b]! || a - b);
  const rank = new Int32Array(n);
  let r = 0;
  for (let q = 0; q < n; q++) {
    if (q > 0 && v[idx[q]!]! !== v[idx[q - 1]!]!) r++;
    rank[idx[q]!] = r;
  }
  return rank;
}

function validate(x: readonly Float64Array[], time: Float64Array, status: Float64Array): void {
  const n = time.length;
  if (x.length === 0) throw new UsageError('randomSurvivalForest needs at least one covariate');
  if (status.length !== n) throw new UsageError(`status has length ${status.length}, time has ${n}`);
  if (n < 2) throw new UsageError(`randomSurvivalForest needs at least 2 rows, got ${n}`);
  if (n >= PACK) throw new UsageError(`randomSurvivalForest supports fewer than ${PACK} rows, got ${n}`);
  const issues: RecordIssue[] = [];
  for (let i = 0; i < n && issues.length < 20; i++) {
    if (!Number.isFinite(time[i]!)) issues.push({ file: '<memory>', row: i + 1, field: 'time', message: `time ${time[i]} is not finite`, value: time[i] });
    const s = status[i]!;
    if (s !== 0 && s !== 1) issues.push({ file: '<memory>', row: i + 1, field: 'status', message: `status ${s} is not 0 or 1`, value: s });
  }
  x.forEach((col, j) => {
    if (col.length !== n) throw new UsageError(`covariate column ${j} has length ${col.length}, time has ${n}`);
    for (let i = 0; i < n && issues.length < 20; i++) {
      if (!Number.isFinite(col[i]!)) issues.push({ file: '<memory>', row: i + 1, field: `x[${j}]`, message: `covariate value ${col[i]} is not finite (drop or impute missing values first)`, value: col[i] });
    }
  });
  if (issues.length) throw new DataValidationError(issues);
}

/**
 * Grow a random survival forest.
 * @param x covariates, column-major (one Float64Array of length n per covariate; no NaN)
 * @param time follow-up times
 * @param status 1 = event, 0 = censored
 * @param options see {@link RandomSurvivalForestOptions} (nTrees 100, mtry floor(sqrt(p)), minNodeSize 3, nSplit 0 = all, maxDepth unlimited, seed 1, importance 'permutation')
 * @param featureNames covariate names (default x1..xp)
 * @throws UsageError for bad options or shapes; DataValidationError for non-finite values or a status other than 0/1; ModelError without events
 * @example randomSurvivalForest([age, nodes], time, status, { nTrees: 200, seed: 7 }).predictSurvival([age, nodes], [365])
 */
export function randomSurvivalForest(
  x: readonly Float64Array[],
  time: Float64Array,
  status: Float64Array,
  options: RandomSurvivalForestOptions = {},
  featureNames?: readonly string[],
): RandomSurvivalForest {
  validate(x, time, status);
  const p = x.length;
  const n = time.length;
  const settings = forestSettings(options, p);
  const names = featureNames ? featureNames.slice() : x.map((_, j) => `x${j + 1}`);
  if (names.length !== p) throw new UsageError(`featureNames has ${names.length} names for ${p} covariates`);

  const st = new Uint8Array(n);
  const evList: number[] = [];
  for (let i = 0; i < n; i++) {
    st[i] = status[i]! === 1 ? 1 : 0;
    if (st[i]) evList.push(time[i]!);
  }
  if (evList.length === 0) throw new ModelError('randomSurvivalForest: no events in the data');
  evList.sort((a, b) => a - b);
  const eventTimes = Float64Array.from(evList.filter((t, k) => k === 0 || t !== evList[k - 1]));
  const eventIndex = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let lo = 0;
    let hi = eventTimes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (eventTimes[mid]! < time[i]!) lo = mid + 1;
      else hi = mid;
    }
    eventIndex[i] = lo;
  }
  const data: TreeData = { x, status: st, timeRank: denseRank(time), xRank: x.map((c) => denseRank(c)), eventIndex };

  const rand = seededRandom(settings.seed);
  const permRand = seededRandom((settings.seed ^ 0x5bd1e995) | 0);
  const ws = splitWorkspace(n, p, settings.nSplit);
  // mortality grid: all distinct observed times, as ranger 0.14.1's `unique.death.times`
  const allTimes = Float64Array.from(time).sort();
  let nGrid = 0;
  for (let q = 0; q < n; q++) if (q === 0 || allTimes[q] !== allTimes[q - 1]) allTimes[nGrid++] = allTimes[q]!;
  const gridTail = new Int32Array(eventTimes.length);
  for (let g = 0, q = 0; g < eventTimes.length; g++) {
    while (q < nGrid && allTimes[q]! < eventTimes[g]!) q++;
    gridTail[g] = nGrid - q;
  }
  const builder = forestBuilder(gridTail, n);
  const roots = new Int32Array(settings.nTrees);
  const inbag = new Int32Array(n);
  const samples = new Int32Array(n);
  const oobSum = new Float64Array(n);
  const oobCount = new Int32Array(n);
  const impSum = settings.importance === 'permutation' ? new Float64Array(p) : null;
  const impCount = new Int32Array(p);
  const controls = { mtry: settings.mtry, minNodeSize: settings.minNodeSize, nSplit: settings.nSplit, maxDepth: settings.maxDepth };
  const view = (): ForestStructure => ({
    nFeatures: p,
    treeRoot: roots,
    splitVar: Int32Array.from(builder.splitVar),
    splitValue: Float64Array.from(builder.splitValue),
    left: Int32Array.from(builder.left),
    right: Int32Array.from(builder.right),
    leafStart: Int32Array.from(builder.leafStart),
    jumpTime: Int32Array.from(builder.jumpTime),
    jumpChf: Float64Array.from(builder.jumpChf),
    leafMortality: Float64Array.from(builder.leafMortality),
    eventTimes,
    leafPatients: Int32Array.from(builder.leafPatients),
  });

  for (let b = 0; b < settings.nTrees; b++) {
    inbag.fill(0);
    for (let i = 0; i < n; i++) {
      const r = Math.min(n - 1, Math.floor(rand() * n));
      samples[i] = r;
      inbag[r]!++;
    }
    const nodeOffset = builder.splitVar.length;
    roots[b] = growTree(builder, ws, data, samples, controls, rand);
    const tree = treeView(builder, nodeOffset, p, eventTimes);
    const oob: number[] = [];
    for (let i = 0; i < n; i++) if (inbag[i] === 0) oob.push(i);
    const treeMort = new Float64Array(oob.length);
    for (let q = 0; q < oob.length; q++) {
      const i = oob[q]!;
      const leaf = leafOf(tree, 0, x, i);
      const m = builder.leafMortality[leaf]!;
      treeMort[q] = m;
      oobSum[i]! += m;
      oobCount[i]!++;
    }
    if (impSum && oob.length > 1) {
      const ot = Float64Array.from(oob, (i) => time[i]!);
      const os = Float64Array.from(oob, (i) => st[i]!);
      const c0 = fastHarrellC(ot, os, treeMort);
      if (Number.isFinite(c0)) {
        const perm = new Float64Array(oob.length);
        const pm = new Float64Array(oob.length);
        for (let j = 0; j < p; j++) {
          const xj = x[j]!;
          for (let q = 0; q < oob.length; q++) perm[q] = xj[oob[q]!]!;
          for (let q = oob.length - 1; q > 0; q--) {
            const r = Math.min(q, Math.floor(permRand() * (q + 1)));
            const t = perm[q]!;
            perm[q] = perm[r]!;
            perm[r] = t;
          }
          for (let q = 0; q < oob.length; q++) pm[q] = builder.leafMortality[leafOfPermuted(tree, 0, x, oob[q]!, j, perm[q]!)]!;
          const cj = fastHarrellC(ot, os, pm);
          if (Number.isFinite(cj)) {
            impSum[j]! += c0 - cj;
            impCount[j]!++;
          }
        }
      }
    }
  }
  const structure = view();

  const warnings: string[] = [];
  const oobMortality = new Float64Array(n);
  const used: number[] = [];
  for (let i = 0; i < n; i++) {
    if (oobCount[i]! > 0) {
      oobMortality[i] = oobSum[i]! / oobCount[i]!;
      used.push(i);
    } else oobMortality[i] = NaN;
  }
  if (used.length < n) warnings.push(`${n - used.length} of ${n} rows were in bag in every tree and have no OOB prediction (grow more trees)`);
  let oobError = NaN;
  if (used.length > 1) {
    const c = harrellC(
      Float64Array.from(used, (i) => time[i]!),
      Float64Array.from(used, (i) => st[i]!),
      Float64Array.from(used, (i) => oobMortality[i]!),
    ).c;
    oobError = 1 - c;
  }
  if (!Number.isFinite(oobError)) warnings.push('OOB error is undefined (no comparable OOB pairs)');
  let importance: Float64Array | null = null;
  if (impSum) {
    importance = new Float64Array(p);
    for (let j = 0; j < p; j++) importance[j] = impCount[j]! > 0 ? impSum[j]! / impCount[j]! : NaN;
  }
  return new RandomSurvivalForest({ structure, settings, featureNames: names, oobError, oobMortality, importance, warnings });
}

/**
 * The last grown tree as a one-tree structure rooted at node 0 (children
 * relative to its first node, leaf ids as in the builder), for OOB prediction.
 */
function treeView(b: ForestBuilder, offset: number, p: number, eventTimes: Float64Array): ForestStructure {
  const splitVar = Int32Array.from(b.splitVar.slice(offset));
  const left = Int32Array.from(b.left.slice(offset));
  const right = Int32Array.from(b.right.slice(offset));
  for (let k = 0; k < splitVar.length; k++) {
    if (splitVar[k]! >= 0) {
      left[k]! -= offset;
      right[k]! -= offset;
    }
  }
  return {
    nFeatures: p,
    treeRoot: Int32Array.of(0),
    splitVar,
    splitValue: Float64Array.from(b.splitValue.slice(offset)),
    left,
    right,
    leafStart: new Int32Array(0),
    jumpTime: new Int32Array(0),
    jumpChf: new Float64Array(0),
    leafMortality: new Float64Array(0),
    eventTimes,
  };
}
