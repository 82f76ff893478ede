/**
 * A random survival forest with each leaf's cumulative hazard kept only on a
 * coarse time grid: the form a forest takes in a deployable model artifact.
 *
 * A grown forest ({@link ForestStructure}) stores each leaf's Nelson-Aalen
 * cumulative hazard as a step function with jumps at training event times;
 * shipping those times would reveal individual patients' event times. The
 * gridded forest keeps, for every leaf, the value of that step function at
 * the grid points `grid[k]` only (the value at the last event time <= grid[k],
 * exactly as {@link forestChf} evaluates it there), and stores it sparsely:
 * only the grid indices where the leaf's value changes (`jumpGrid`, with the
 * value from that index on in `jumpChf`). Between grid points the ensemble
 * cumulative hazard is a step function (value at the last grid point <= t),
 * as the Cox baseline on a grid (../model/baseline-grid.ts).
 *
 * Prediction as the forest: the ensemble cumulative hazard at grid point k is
 * the mean over trees of the leaves' values, summed in tree order and divided
 * by the number of trees (the same arithmetic as {@link forestChf}, so at grid
 * points the two agree exactly), survival is `exp(-H)` (ranger 0.14.1
 * `predict.ranger`), and the score (larger = higher risk) is the gridded
 * mortality `sum_k H(grid[k])`, the analogue of ranger's mortality (sum of the
 * ensemble CHF over its time grid; Ishwaran et al. 2008, Ann Appl Stat
 * 2:841-860, section 4.1) on the coarse grid.
 */
import { DataValidationError, UsageError } from '../../../util/errors.js';
import type { ForestStructure } from './forest-structure.js';

/** A forest whose leaves hold their cumulative hazard on a grid (plain arrays, JSON-ready). */
export interface GridForest {
  /** Number of design columns the forest splits on. */
  nFeatures: number;
  /** Number of grid points (the grid itself lives with the model). */
  nGrid: number;
  /** Index of each tree's root node. */
  treeRoot: number[];
  /** Split column per node (index into the design columns), -1 for a terminal node. */
  splitColumn: number[];
  /** Split value per node (`x <= value` goes left); 0 for a terminal node. */
  splitValue: number[];
  /** Left child per node; for a terminal node, its leaf id. */
  left: number[];
  /** Right child per node; -1 for a terminal node. */
  right: number[];
  /** Start of each leaf's entries in `jumpGrid`/`jumpChf` (length nLeaves + 1). */
  leafStart: number[];
  /** Grid index from which the leaf's cumulative hazard takes the value in `jumpChf` (increasing within a leaf). */
  jumpGrid: number[];
  /** The leaf's cumulative hazard from that grid index on (increasing within a leaf, > 0). */
  jumpChf: number[];
}

/**
 * The gridded form of a grown forest.
 *
 * @param s the forest structure (e.g. `forest.structure`); not modified.
 * @param grid increasing grid times starting at 0 (in the time unit of the training data); not modified.
 * @returns the gridded forest; leaves keep only changes of their value at grid points.
 * @throws UsageError for a grid that is empty, does not start at 0 or is not increasing.
 * @example forestOnGrid(forest.structure, [0, 30.4375, 60.875]).jumpGrid
 */
export function forestOnGrid(s: ForestStructure, grid: ArrayLike<number>): GridForest {
  const m = grid.length;
  if (m < 1 || grid[0] !== 0) throw new UsageError('forestOnGrid: the grid must start at 0');
  for (let k = 1; k < m; k++) if (!(grid[k]! > grid[k - 1]!)) throw new UsageError(`forestOnGrid: the grid must be strictly increasing (grid[${k}] = ${grid[k]})`);
  const ev = s.eventTimes;
  // first grid index whose time is >= each training event time (m when beyond the grid)
  const gridOfEvent = new Int32Array(ev.length);
  for (let e = 0, k = 0; e < ev.length; e++) {
    while (k < m && grid[k]! < ev[e]!) k++;
    gridOfEvent[e] = k;
  }
  const nLeaves = s.leafStart.length - 1;
  const leafStart: number[] = [0];
  const jumpGrid: number[] = [];
  const jumpChf: number[] = [];
  for (let l = 0; l < nLeaves; l++) {
    const end = s.leafStart[l + 1]!;
    for (let j = s.leafStart[l]!; j < end; j++) {
      const k = gridOfEvent[s.jumpTime[j]!]!;
      if (k >= m) break;
      const v = s.jumpChf[j]!;
      if (jumpGrid.length > leafStart[l]! && jumpGrid[jumpGrid.length - 1] === k) jumpChf[jumpChf.length - 1] = v;
      else {
        jumpGrid.push(k);
        jumpChf.push(v);
      }
    }
    leafStart.push(jumpGrid.length);
  }
  return {
    nFeatures: s.nFeatures,
    nGrid: m,
    treeRoot: Array.from(s.treeRoot),
    splitColumn: Array.from(s.splitVar),
    splitValue: Array.from(s.splitValue),
    left: Array.from(s.left),
    right: Array.from(s.right),
    leafStart,
    jumpGrid,
    jumpChf,
  };
}

/**
 * Ensemble cumulative hazard of one design vector at every grid point.
 *
 * @param f the gridded forest; not modified.
 * @param z the design vector (length `nFeatures`; finite values); not modified.
 * @param out optional output of length `nGrid` (overwritten).
 * @returns `out` (or a new array): H(grid[k]) for k = 0..nGrid-1.
 * @example gridForestChf(f, Float64Array.of(52, 1, 25))[12] // H at the 13th grid point
 */
export function gridForestChf(f: GridForest, z: ArrayLike<number>, out: Float64Array = new Float64Array(f.nGrid)): Float64Array {
  const { treeRoot, splitColumn, splitValue, left, right, leafStart, jumpGrid, jumpChf } = f;
  const m = f.nGrid;
  out.fill(0);
  const nTrees = treeRoot.length;
  for (let b = 0; b < nTrees; b++) {
    let k = treeRoot[b]!;
    let v = splitColumn[k]!;
    while (v >= 0) {
      k = z[v]! <= splitValue[k]! ? left[k]! : right[k]!;
      v = splitColumn[k]!;
    }
    const leaf = left[k]!;
    const end = leafStart[leaf + 1]!;
    let j = leafStart[leaf]!;
    let cur = 0;
    for (let g = 0; g < m; g++) {
      while (j < end && jumpGrid[j]! <= g) cur = jumpChf[j++]!;
      out[g]! += cur;
    }
  }
  for (let g = 0; g < m; g++) out[g]! /= nTrees;
  return out;
}

/**
 * Gridded mortality (the forest's risk score): the sum of the ensemble
 * cumulative hazard over the grid points.
 * @example gridMortality(gridForestChf(f, z))
 */
export function gridMortality(chf: ArrayLike<number>): number {
  let s = 0;
  for (let g = 0; g < chf.length; g++) s += chf[g]!;
  return s;
}

/**
 * Structural problems of a gridded forest (for loaders): every problem with
 * the field path under `prefix` (e.g. `predictor.left[12]`). Checks array
 * lengths, split columns in [-1, nFeatures), children after their parent
 * (so every path ends in a leaf), leaf ids in range, grid indices increasing
 * within a leaf and inside the grid, and leaf cumulative hazards positive and
 * increasing within a leaf.
 *
 * @returns a list of `{ field, message, value }` (empty when consistent); at most 20.
 */
export function gridForestIssues(f: GridForest, prefix = ''): { field: string; message: string; value?: unknown }[] {
  const issues: { field: string; message: string; value?: unknown }[] = [];
  const at = (name: string, k?: number): string => `${prefix}${name}${k === undefined ? '' : `[${k}]`}`;
  const bad = (field: string, message: string, value?: unknown): boolean => {
    if (issues.length < 20) issues.push({ field, message, ...(value !== undefined ? { value } : {}) });
    return true;
  };
  const nNodes = f.splitColumn.length;
  for (const name of ['splitValue', 'left', 'right'] as const)
    if (f[name].length !== nNodes) bad(at(name), `expected ${nNodes} values (one per node, as splitColumn), got ${f[name].length}`);
  const nLeaves = f.leafStart.length - 1;
  if (nLeaves < 1) bad(at('leafStart'), 'needs at least 2 entries (one leaf)');
  if (f.jumpChf.length !== f.jumpGrid.length) bad(at('jumpChf'), `expected ${f.jumpGrid.length} values (one per jumpGrid entry), got ${f.jumpChf.length}`);
  if (f.treeRoot.length < 1) bad(at('treeRoot'), 'a forest needs at least one tree');
  if (issues.length) return issues;
  f.treeRoot.forEach((r, b) => {
    if (!(Number.isInteger(r) && r >= 0 && r < nNodes)) bad(at('treeRoot', b), `root must be a node index in [0, ${nNodes})`, r);
  });
  for (let k = 0; k < nNodes && issues.length < 20; k++) {
    const v = f.splitColumn[k]!;
    if (!(Number.isInteger(v) && v >= -1 && v < f.nFeatures)) bad(at('splitColumn', k), `split column must be -1 (leaf) or in [0, ${f.nFeatures})`, v);
    else if (v >= 0) {
      const l = f.left[k]!;
      const r = f.right[k]!;
      if (!(Number.isInteger(l) && l > k && l < nNodes)) bad(at('left', k), `left child must be a node after ${k} and below ${nNodes}`, l);
      if (!(Number.isInteger(r) && r > k && r < nNodes)) bad(at('right', k), `right child must be a node after ${k} and below ${nNodes}`, r);
    } else {
      const l = f.left[k]!;
      if (!(Number.isInteger(l) && l >= 0 && l < nLeaves)) bad(at('left', k), `leaf id of a terminal node must be in [0, ${nLeaves})`, l);
      if (f.right[k] !== -1) bad(at('right', k), 'a terminal node has right = -1', f.right[k]);
    }
  }
  if (f.leafStart[0] !== 0) bad(at('leafStart', 0), 'must be 0', f.leafStart[0]);
  for (let l = 1; l <= nLeaves && issues.length < 20; l++)
    if (!(Number.isInteger(f.leafStart[l]) && f.leafStart[l]! >= f.leafStart[l - 1]!)) bad(at('leafStart', l), 'leaf starts must be non-decreasing integers', f.leafStart[l]);
  if (f.leafStart[nLeaves] !== f.jumpGrid.length) bad(at('leafStart', nLeaves), `the last entry must equal the number of jumps (${f.jumpGrid.length})`, f.leafStart[nLeaves]);
  if (issues.length) return issues;
  for (let l = 0; l < nLeaves && issues.length < 20; l++) {
    for (let j = f.leafStart[l]!; j < f.leafStart[l + 1]!; j++) {
      const g = f.jumpGrid[j]!;
      const first = j === f.leafStart[l];
      if (!(Number.isInteger(g) && g >= 0 && g < f.nGrid) || (!first && !(g > f.jumpGrid[j - 1]!))) {
        bad(at('jumpGrid', j), `grid indices must be increasing within leaf ${l} and in [0, ${f.nGrid})`, g);
        break;
      }
      const h = f.jumpChf[j]!;
      if (!(h > 0) || (!first && !(h >= f.jumpChf[j - 1]!))) {
        bad(at('jumpChf', j), `leaf ${l}'s cumulative hazard must be positive and non-decreasing`, h);
        break;
      }
    }
  }
  return issues;
}

/**
 * Ensemble cumulative hazard on the grid for rows of a column-major design.
 * @throws UsageError for a wrong number of columns; DataValidationError for a non-finite value
 * @example gridForestChfRows(f, [age, nodes]).map(gridMortality)
 */
export function gridForestChfRows(f: GridForest, x: readonly Float64Array[]): Float64Array[] {
  if (x.length !== f.nFeatures) throw new UsageError(`expected ${f.nFeatures} design columns, got ${x.length}`);
  const n = x.length ? x[0]!.length : 0;
  const z = new Float64Array(x.length);
  const out: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < x.length; j++) {
      const v = x[j]![i]!;
      if (!Number.isFinite(v)) throw new DataValidationError([{ file: '<memory>', row: i + 1, field: `x[${j}]`, message: `design value ${v} is not finite`, value: v }]);
      z[j] = v;
    }
    out.push(gridForestChf(f, z));
  }
  return out;
}
