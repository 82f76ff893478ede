/**
 * The forest on a coarse grid: leaf values at grid points equal the grown
 * forest's (so the ensemble CHF at grid points equals forestChf exactly),
 * leaves keep only changes, nothing between grid points or beyond the grid
 * is stored, and the structural checks find broken forests.
 */
import { describe, expect, it } from 'vitest';
import { randomSurvivalForest } from '../../../../models/risk/forest/random-survival-forest.js';
import { forestChf } from '../../../../models/risk/forest/forest-structure.js';
import type { ForestStructure } from '../../../../models/risk/forest/forest-structure.js';
import { forestOnGrid, gridForestChf, gridForestChfRows, gridForestIssues, gridMortality } from '../../../../models/risk/forest/grid-forest.js';
import { exponential, normal, seededRandom } from '../../../../util/random.js';
import { DataValidationError, UsageError } from '../../../../util/errors.js';

function simulate(n: number, seed: number) {
  const rand = seededRandom(seed);
  const x = [new Float64Array(n), new Float64Array(n)];
  const time = new Float64Array(n);
  const status = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[0]![i] = normal(rand);
    x[1]![i] = normal(rand);
    const t = exponential(rand, 0.2 * Math.exp(x[0]![i]!));
    const c = rand() * 10;
    time[i] = Math.min(t, c);
    status[i] = t <= c ? 1 : 0;
  }
  return { x, time, status };
}

/** One tree, one split on x1 <= 0; leaf 0 jumps at event times 1 and 2.5, leaf 1 at 0.5 and 4. */
function handForest(): ForestStructure {
  return {
    nFeatures: 1,
    treeRoot: Int32Array.of(0),
    splitVar: Int32Array.of(0, -1, -1),
    splitValue: Float64Array.of(0, 0, 0),
    left: Int32Array.of(1, 0, 1),
    right: Int32Array.of(2, -1, -1),
    leafStart: Int32Array.of(0, 2, 4),
    jumpTime: Int32Array.of(1, 2, 0, 3),
    jumpChf: Float64Array.of(0.1, 0.3, 0.2, 0.7),
    leafMortality: Float64Array.of(0, 0),
    eventTimes: Float64Array.of(0.5, 1, 2.5, 4),
  };
}

describe('forestOnGrid', () => {
  it('keeps each leaf value at grid points only, as changes (worked by hand)', () => {
    const g = forestOnGrid(handForest(), [0, 1, 2, 3]);
    // leaf 0: H(1) = 0.1 (jump at 1 counts at grid point 1), H(3) = 0.3; leaf 1: H(1) = 0.2, jump at 4 is beyond the grid
    expect(g.leafStart).toEqual([0, 2, 3]);
    expect(g.jumpGrid).toEqual([1, 3, 1]);
    expect(g.jumpChf).toEqual([0.1, 0.3, 0.2]);
    expect(g.nGrid).toBe(4);
    expect(Array.from(gridForestChf(g, [-1]))).toEqual([0, 0.1, 0.1, 0.3]);
    expect(Array.from(gridForestChf(g, [1]))).toEqual([0, 0.2, 0.2, 0.2]);
    expect(gridMortality(gridForestChf(g, [-1]))).toBeCloseTo(0.5, 15);
    // two jumps between grid points collapse to the later value
    const coarse = forestOnGrid(handForest(), [0, 3]);
    expect(coarse.jumpGrid).toEqual([1, 1]);
    expect(coarse.jumpChf).toEqual([0.3, 0.2]);
  });

  it('refuses a grid not starting at 0 or not increasing', () => {
    expect(() => forestOnGrid(handForest(), [1, 2])).toThrow(UsageError);
    expect(() => forestOnGrid(handForest(), [0, 2, 2])).toThrow(UsageError);
  });

  it('equals the grown forest exactly at grid points', () => {
    const sim = simulate(200, 4);
    const forest = randomSurvivalForest(sim.x, sim.time, sim.status, { nTrees: 25, minNodeSize: 5, seed: 2, importance: 'none' });
    const grid = Array.from({ length: 13 }, (_, k) => k * 0.5);
    const g = forestOnGrid(forest.structure, grid);
    const exact = forestChf(forest.structure, sim.x, grid);
    const gridded = gridForestChfRows(g, sim.x);
    for (let i = 0; i < 200; i++) expect(Array.from(gridded[i]!)).toEqual(Array.from(exact[i]!));
    expect(gridForestIssues(g)).toEqual([]);
    // sparse: fewer stored values than leaves x grid points, and every index inside the grid
    const nLeaves = g.leafStart.length - 1;
    expect(g.jumpGrid.length).toBeLessThan(nLeaves * grid.length);
    expect(Math.max(...g.jumpGrid)).toBeLessThan(grid.length);
  });

  it('does not modify the forest; rejects non-finite design values', () => {
    const s = handForest();
    const before = JSON.stringify({ ...s, jumpChf: Array.from(s.jumpChf) });
    forestOnGrid(s, [0, 1, 2]);
    expect(JSON.stringify({ ...s, jumpChf: Array.from(s.jumpChf) })).toBe(before);
    const g = forestOnGrid(s, [0, 1, 2]);
    expect(() => gridForestChfRows(g, [Float64Array.of(0, Number.NaN)])).toThrow(DataValidationError);
    expect(() => gridForestChfRows(g, [Float64Array.of(0), Float64Array.of(1)])).toThrow(UsageError);
  });
});

describe('gridForestIssues', () => {
  it('names the broken field', () => {
    const g = forestOnGrid(handForest(), [0, 1, 2, 3]);
    expect(gridForestIssues({ ...g, left: [0, 0, 1] }, 'p.').map((i) => i.field)).toEqual(['p.left[0]']);
    expect(gridForestIssues({ ...g, splitColumn: [1, -1, -1] }).map((i) => i.field)).toEqual(['splitColumn[0]']);
    expect(gridForestIssues({ ...g, jumpGrid: [1, 4, 1] }).map((i) => i.field)).toEqual(['jumpGrid[1]']);
    expect(gridForestIssues({ ...g, jumpChf: [0.1, 0.3, 0] }).map((i) => i.field)).toEqual(['jumpChf[2]']);
    expect(gridForestIssues({ ...g, treeRoot: [] }).map((i) => i.field)).toEqual(['treeRoot']);
  });
});
