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
 * the previous grid point. The artifact ({@link buildRsfArtifact}) predicts
 * with the same function, so model and artifact agree to the last bit.
 *
 * Disclosure control of exported forests: the grid (default monthly, ending
 * where fewer than 10 training rows remain at risk, as the Cox baseline) and
 * a minimum terminal-node size: {@link rsfRiskModel} grows leaves of at least
 * {@link RSF_MODEL_MIN_NODE_SIZE} = 15 bootstrap samples by default (ranger's
 * default is 3), and {@link buildRsfArtifact} refuses forests grown with
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
import { DataValidationError, FormulaError, UsageError } from '../../../util/errors.js';
import { buildModelFrame } from '../../design/model-frame.js';
import type { ColumnTable, FactorOptions } from '../../design/types.js';
import { loadModelArtifact } from '../artifact/load.js';
import type { ForestPredictor, ModelArtifact, ModelKind, Predictor } from '../artifact/types.js';
import { FOREST_ARTIFACT_FORMAT_VERSION } from '../artifact/types.js';
import type { RandomSurvivalForestOptions, RandomSurvivalForestSettings } from '../forest/forest-options.js';
import { forestOnGrid, gridForestChf, gridMortality } from '../forest/grid-forest.js';
import type { GridForest } from '../forest/grid-forest.js';
import { randomSurvivalForest } from '../forest/random-survival-forest.js';
import type { RandomSurvivalForest } from '../forest/random-survival-forest.js';
import { breslowOnGrid } from './baseline-grid.js';
import type { GridBaseline, GridOptions, TimeUnit } from './baseline-grid.js';
import { buildModelArtifact } from './build-artifact.js';
import type { BuildArtifactOptions } from './build-artifact.js';
import { designFromTable, designSpecFromFrame } from './design-spec.js';
import type { DesignSpec } from './design-spec.js';
import type { SurvivalPrediction, TrainedRiskModel } from './trained-model.js';
import type { RiskModel } from './types.js';

/** Default minimum node size of {@link rsfRiskModel} (bootstrap samples per leaf): 15. */
export const RSF_MODEL_MIN_NODE_SIZE = 15;
/** Smallest `minNodeSize` {@link buildRsfArtifact} accepts by default: 10. */
export const RSF_EXPORT_MIN_NODE_SIZE = 10;
/** Fewest distinct training patients in a leaf that {@link buildRsfArtifact} accepts by default: 5. */
export const RSF_EXPORT_MIN_LEAF_PATIENTS = 5;

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

/** Index of the last grid point <= t. */
function stepIndex(grid: readonly number[], t: number): number {
  let lo = 0;
  let hi = grid.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (grid[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** What {@link TrainedRsfModel} is built from. */
interface RsfInit {
  formula: string;
  spec: DesignSpec;
  baseline: GridBaseline;
  timeUnit: TimeUnit;
  training: TrainedRiskModel['training'];
  forest: RandomSurvivalForest;
  gridForest: GridForest;
  details: Record<string, unknown>;
  warnings: string[];
}

/**
 * A trained random survival forest risk model, with the interface of
 * {@link TrainedRiskModel} (it is accepted wherever one is: validation,
 * resampling, the CLI). The forest is not a proportional-hazards score, so
 * `predictor` is a zero linear score kept only for that interface (never used
 * by this model's predictions), `center` is 0 and `scale` 1 (the forest splits
 * on the raw design), and `baseline` holds the grid with the training
 * cohort's Nelson-Aalen cumulative hazard on it (reference only). The model
 * itself is `forest` (as grown) and `gridForest` (what predicts and is exported).
 */
export class TrainedRsfModel implements TrainedRiskModel {
  readonly kind: ModelKind = 'rsf';
  readonly formula: string;
  readonly spec: DesignSpec;
  readonly center: Float64Array;
  readonly scale: Float64Array;
  readonly predictor: Predictor;
  readonly baseline: GridBaseline;
  readonly timeUnit: TimeUnit;
  readonly training: TrainedRiskModel['training'];
  readonly details: Record<string, unknown>;
  readonly warnings: string[];
  /** The grown forest (event-time resolution; not exported). */
  readonly forest: RandomSurvivalForest;
  /** The forest with leaf hazards on `baseline.grid`: predictions and the artifact use it. */
  readonly gridForest: GridForest;

  constructor(init: RsfInit) {
    const p = init.spec.columns.length;
    this.formula = init.formula;
    this.spec = init.spec;
    this.center = new Float64Array(p);
    this.scale = new Float64Array(p).fill(1);
    this.predictor = { type: 'linear', coefficients: new Array<number>(p).fill(0) };
    this.baseline = init.baseline;
    this.timeUnit = init.timeUnit;
    this.training = init.training;
    this.forest = init.forest;
    this.gridForest = init.gridForest;
    this.details = init.details;
    this.warnings = init.warnings;
  }

  /** Ensemble cumulative hazard on the grid of each row of a raw design (column-major). */
  chfDesign(x: readonly Float64Array[]): Float64Array[] {
    const n = x[0]?.length ?? 0;
    const z = new Float64Array(x.length);
    const out: Float64Array[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < x.length; j++) z[j] = x[j]![i]!;
      out.push(gridForestChf(this.gridForest, z));
    }
    return out;
  }

  /** Gridded mortality Σ_k H(grid[k]) of each row of a raw design (larger = higher risk). */
  scoreDesign(x: readonly Float64Array[]): Float64Array {
    return Float64Array.from(this.chfDesign(x), gridMortality);
  }

  /**
   * Gridded mortality of new rows (larger = higher risk).
   * @throws DataValidationError for missing columns, values or unknown levels.
   */
  predictScore(rows: ColumnTable): Float64Array {
    return this.scoreDesign(designFromTable(this.spec, rows).x);
  }

  /**
   * Survival exp(-H(h | x)) and risk 1 - S of new rows at horizons (H a step function on the grid).
   * @throws DataValidationError for bad rows or a horizon outside [0, last grid point].
   * @example model.predictSurvival(newRows, [1095.75, 1826.25]).risk[1]
   */
  predictSurvival(rows: ColumnTable, horizons: readonly number[]): SurvivalPrediction {
    const g = this.baseline.grid;
    const gmax = g[g.length - 1]!;
    horizons.forEach((h, i) => {
      if (!(h >= 0 && h <= gmax))
        throw new DataValidationError([{ file: '<input>', row: 0, field: `horizons[${i}]`, message: `horizon must be in [0, ${gmax}]`, value: h }]);
    });
    const chf = this.chfDesign(designFromTable(this.spec, rows).x);
    const survival = horizons.map((h) => {
      const k = stepIndex(g, h);
      return Float64Array.from(chf, (H) => Math.exp(-H[k]!));
    });
    return { horizons: [...horizons], survival, risk: survival.map((s) => s.map((v) => 1 - v)) };
  }
}

/**
 * A random survival forest risk model specification.
 *
 * @param formula `Surv(time, status) ~ terms` (main effects of variables and factor()).
 * @param options forest options (nTrees 100, mtry floor(sqrt(p)), minNodeSize 15, nSplit 0 = every midpoint, maxDepth unlimited, seed 1, importance 'permutation'), factors, grid (days, monthly, minAtRisk 10).
 * @returns a {@link RiskModel} of kind 'rsf'.
 * @throws UsageError for invalid forest options (when fitting).
 * @example rsfRiskModel('Surv(rfstime, status) ~ age + size + nodes + pgr', { nTrees: 100, seed: 7 }).fit(gbsg).predictSurvival(rows, [1826.25])
 */
export function rsfRiskModel(formula: string, options: RsfRiskModelOptions = {}): RiskModel {
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

/** Options of {@link buildRsfArtifact}: those of {@link buildModelArtifact} plus the disclosure floors. */
export interface BuildRsfArtifactOptions extends BuildArtifactOptions {
  /** Smallest forest `minNodeSize` accepted. Default {@link RSF_EXPORT_MIN_NODE_SIZE} = 10. */
  minNodeSize?: number;
  /** Fewest distinct training patients accepted in a leaf. Default {@link RSF_EXPORT_MIN_LEAF_PATIENTS} = 5. */
  minLeafPatients?: number;
}

function forestSettingsOf(s: RandomSurvivalForestSettings): ForestPredictor['settings'] {
  return {
    nTrees: s.nTrees,
    mtry: s.mtry,
    minNodeSize: s.minNodeSize,
    nSplit: s.nSplit,
    maxDepth: Number.isFinite(s.maxDepth) ? s.maxDepth : null,
    seed: s.seed,
    splitRule: 'logrank',
  };
}

/**
 * The artifact (format 2, kind rsf) of a trained forest: the common sections
 * (covariates and ranges, input schema, preprocessing, training summary,
 * validation, card, horizon checks) from {@link buildModelArtifact}, with the
 * gridded forest as predictor and the cohort's Nelson-Aalen on the grid as
 * the reference baseline. Validated as {@link loadModelArtifact} would.
 *
 * @param model a model trained by {@link rsfRiskModel}; not modified.
 * @param options those of {@link buildModelArtifact}, `minNodeSize` (10): the smallest terminal-node size accepted, and `minLeafPatients` (5): the fewest distinct training patients accepted in a leaf.
 * @returns the artifact.
 * @throws UsageError for a model not trained by rsfRiskModel, a forest with smaller leaves (samples or patients) than allowed, or a horizon beyond the grid.
 * @example saveModelArtifact(buildRsfArtifact(rsfRiskModel(f).fit(gbsg), { id: 'gbsg-rsf', card, horizons: [1095.75, 1826.25] }))
 */
export function buildRsfArtifact(model: TrainedRiskModel, options: BuildRsfArtifactOptions): ModelArtifact {
  if (!(model instanceof TrainedRsfModel)) throw new UsageError(`buildRsfArtifact needs a model trained by rsfRiskModel, got kind '${model.kind}'`);
  const floor = options.minNodeSize ?? RSF_EXPORT_MIN_NODE_SIZE;
  const s = model.forest.settings;
  if (s.minNodeSize < floor)
    throw new UsageError(`the forest was grown with minNodeSize ${s.minNodeSize}: exported forests need leaves of at least ${floor} samples (disclosure control); grow it with a larger minNodeSize`);
  const patients = model.forest.structure.leafPatients;
  if (!patients) throw new UsageError('the forest does not record its leaves\' patient counts (grow it with rsfRiskModel)');
  let fewest = Infinity;
  for (const v of patients) fewest = Math.min(fewest, v);
  const patientFloor = options.minLeafPatients ?? RSF_EXPORT_MIN_LEAF_PATIENTS;
  if (fewest < patientFloor)
    throw new UsageError(
      `a leaf of the forest holds ${fewest} distinct training patients: exported forests need at least ${patientFloor} per leaf (disclosure control); grow it with a larger minNodeSize (now ${s.minNodeSize})`,
    );
  // The shared sections, built as for a Cox model with a zero score (whose Breslow baseline is the Nelson-Aalen).
  const shared: TrainedRiskModel = {
    kind: 'cox',
    formula: model.formula,
    spec: model.spec,
    center: model.center,
    scale: model.scale,
    predictor: model.predictor,
    baseline: model.baseline,
    timeUnit: model.timeUnit,
    training: model.training,
    details: model.details,
    warnings: model.warnings,
    scoreDesign: (x) => model.scoreDesign(x),
    predictScore: (rows) => model.predictScore(rows),
    predictSurvival: (rows, horizons) => model.predictSurvival(rows, horizons),
  };
  const base = buildModelArtifact(shared, options);
  const f = model.gridForest;
  const oob = model.forest.oobError;
  const predictor: ForestPredictor = {
    type: 'forest',
    settings: forestSettingsOf(s),
    treeRoot: f.treeRoot,
    splitColumn: f.splitColumn,
    splitValue: f.splitValue,
    left: f.left,
    right: f.right,
    leafStart: f.leafStart,
    jumpGrid: f.jumpGrid,
    jumpChf: f.jumpChf,
    minLeafPatients: fewest,
    oobHarrellC: Number.isFinite(oob) ? 1 - oob : null,
    importance: model.forest.importance ? Array.from(model.forest.importance, (v) => (Number.isFinite(v) ? v : null)) : null,
  };
  return loadModelArtifact({
    ...base,
    formatVersion: FOREST_ARTIFACT_FORMAT_VERSION,
    kind: 'rsf',
    predictor,
    baselineHazard: {
      ...base.baselineHazard,
      estimator: 'Nelson-Aalen of the training cohort (reference only: forest predictions use the leaves\' cumulative hazards on this grid)',
    },
  });
}
