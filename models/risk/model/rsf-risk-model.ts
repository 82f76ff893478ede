/**
 * Random survival forest as a deployable risk model: formula → model frame
 * (main effects; factors as treatment-coded 0/1 columns, as the forest is
 * grown on them) → {@link randomSurvivalForest} (ranger-style log-rank
 * splitting, seeded) → the forest on a coarse time grid
 * ({@link forestOnGrid}): each leaf keeps its Nelson-Aalen cumulative hazard
 * at the grid points only, so neither the model nor its artifact carries a
 * training event time.
 *
 * Predictions of the trained model are those of the gridded forest:
 * H(t | x) = mean over trees of the leaves' cumulative hazards at the last
 * grid point <= t, S = exp(-H), risk 1 - S, score = Σ_k H(grid[k] | x) (the
 * gridded mortality). At grid points H equals the grown forest's ensemble
 * cumulative hazard ({@link forestChf}) exactly; between them it is held at
 * the previous grid point. The trained model is a {@link TrainedRsfModel}
 * (./trained-rsf-model.ts); its artifact ({@link buildModelArtifact}, format 2)
 * predicts with the same function, so model and artifact agree to the last bit.
 *
 * Disclosure control of exported forests: the grid (default monthly, ending
 * where fewer than 10 training rows remain at risk, as the Cox baseline) and
 * a minimum terminal-node size: {@link rsfRiskModel} grows leaves of at least
 * {@link RSF_MODEL_MIN_NODE_SIZE} = 15 bootstrap samples by default (ranger's
 * default is 3), and {@link buildModelArtifact} (./forest-artifact.ts) refuses forests grown with
 * `minNodeSize` below {@link RSF_EXPORT_MIN_NODE_SIZE} = 10 and forests with
 * a leaf of fewer than {@link RSF_EXPORT_MIN_LEAF_PATIENTS} = 5 distinct
 * training patients (the usual small-cell threshold, as the training
 * summary's `minCellCount`), so a leaf's hazard describes a group, not one
 * patient. (On gbsg, 100 trees: minNodeSize 10 leaves some leaves with 2
 * patients; 15 gives at least 5; 20 at least 8.) Split thresholds are midpoints between
 * neighbouring training values of a covariate (as ranger's) and are stored;
 * since both children of a split keep at least `minNodeSize` samples, a
 * threshold never sets apart fewer than that many (e.g. it cannot isolate the
 * largest value of a covariate). Leaves count bootstrap samples, so a leaf
 * holds fewer distinct patients than `minNodeSize` (about 63% as many on
 * average): hence the separate check on distinct patients.
 *
 * Reference: Ishwaran H, Kogalur UB, Blackstone EH, Lauer MS (2008) Ann Appl
 * Stat 2:841-860; Wright MN, Ziegler A (2017) J Stat Softw 77(1) (ranger).
 */
import { FormulaError } from '../../../util/errors.js';
import { buildModelFrame } from '../../design/model-frame.js';
import type { ColumnTable, FactorOptions } from '../../design/types.js';
import type { RandomSurvivalForestOptions } from '../forest/forest-options.js';
import { forestOnGrid } from '../forest/grid-forest.js';
import { randomSurvivalForest } from '../forest/random-survival-forest.js';
import { breslowOnGrid } from './baseline-grid.js';
import type { GridOptions } from './baseline-grid.js';
import { designSpecFromFrame } from './design-spec.js';
import { TrainedRsfModel } from './trained-rsf-model.js';
import type { RiskModel } from './types.js';

export { TrainedRsfModel } from './trained-rsf-model.js';
export { RSF_EXPORT_MIN_NODE_SIZE, RSF_EXPORT_MIN_LEAF_PATIENTS } from './forest-artifact.js';
export { buildRsfArtifact } from './build-artifact.js';
export type { BuildRsfArtifactOptions } from './build-artifact.js';

/** Default minimum node size of {@link rsfRiskModel} (bootstrap samples per leaf): 15. */
export const RSF_MODEL_MIN_NODE_SIZE = 15;

/**
 * Options of {@link rsfRiskModel}: the forest's options (see
 * {@link RandomSurvivalForestOptions}; same defaults except `minNodeSize`),
 * factors and the grid.
 */
export interface RsfRiskModelOptions extends RandomSurvivalForestOptions {
  /**
   * Minimum number of bootstrap samples in every node, leaves included.
   * Default {@link RSF_MODEL_MIN_NODE_SIZE} = 15 (larger than ranger's 3: the
   * leaves of a deployable forest describe groups; see the module comment).
   */
  minNodeSize?: number;
  /** Factor options (reference level, level order). Default R's (levels in code-point order). */
  factors?: Readonly<Record<string, FactorOptions>>;
  /** Time grid of the leaves' hazards (time unit default 'days', monthly step, minAtRisk 10). */
  grid?: GridOptions;
}

/**
 * A random survival forest risk model specification.
 *
 * @param formula `Surv(time, status) ~ terms` (main effects of variables and factor()).
 * @param options forest options (nTrees 100, mtry floor(sqrt(p)), minNodeSize 15, nSplit 0 = every midpoint, maxDepth unlimited, seed 1, importance 'permutation'), factors, grid (days, monthly, minAtRisk 10).
 * @returns a {@link RiskModel} of kind 'rsf', training {@link TrainedRsfModel}s.
 * @throws UsageError for invalid forest options (when fitting).
 * @example rsfRiskModel('Surv(rfstime, status) ~ age + size + nodes + pgr', { nTrees: 100, seed: 7 }).fit(gbsg).predictSurvival(rows, [1826.25])
 */
export function rsfRiskModel(formula: string, options: RsfRiskModelOptions = {}): RiskModel<TrainedRsfModel> {
  const { factors, grid, ...forestOptions } = options;
  const grow = (data: ColumnTable): TrainedRsfModel => {
    const frame = buildModelFrame(formula, data, factors ? { factors } : {});
    if (!frame.time || !frame.status || frame.start) throw new FormulaError(formula, 'a random survival forest risk model needs a right-censored Surv(time, status) response');
    const spec = designSpecFromFrame(frame);
    const forest = randomSurvivalForest(frame.x, frame.time, frame.status, { ...forestOptions, minNodeSize: forestOptions.minNodeSize ?? RSF_MODEL_MIN_NODE_SIZE }, frame.columnNames);
    const baseline = breslowOnGrid(frame.time, frame.status, new Float64Array(frame.n), grid ?? {});
    const gridForest = forestOnGrid(forest.structure, baseline.grid);
    const nLeaves = gridForest.leafStart.length - 1;
    const model = new TrainedRsfModel({
      formula: frame.formula.text,
      spec,
      baseline,
      timeUnit: grid?.timeUnit ?? 'days',
      training: { time: frame.time, status: frame.status, x: frame.x, nDropped: frame.nDropped, score: new Float64Array(frame.n), rowIndex: frame.rowIndex },
      forest,
      gridForest,
      details: {
        settings: forest.settings,
        oobError: forest.oobError,
        oobHarrellC: Number.isFinite(forest.oobError) ? 1 - forest.oobError : null,
        importance: forest.importance ? Object.fromEntries(frame.columnNames.map((c, j) => [c, forest.importance![j]!])) : null,
        nLeaves,
        gridPoints: baseline.grid.length,
      },
      warnings: [...frame.warnings, ...forest.warnings],
    });
    // apparent (in-bag) gridded mortality of the training rows
    model.training.score.set(model.scoreDesign(frame.x));
    return model;
  };
  return { kind: 'rsf', formula, fit: grow, train: async (data) => grow(data) };
}
