/**
 * The trained random survival forest risk model (kind rsf), an implementation
 * of {@link TrainedModel} that is not a proportional-hazards score: the forest
 * as grown (`forest`, event-time resolution, never exported) and the forest
 * on the model's time grid (`gridForest`: each leaf's Nelson-Aalen cumulative
 * hazard at the grid points only), which predicts and is exported.
 *
 * H(t | x) = mean over trees of the leaves' cumulative hazards at the last
 * grid point <= t, S = exp(-H), risk 1 - S, score = Σ_k H(grid[k] | x) (the
 * gridded mortality). The forest splits on the raw design columns (no
 * centring or scaling). `baseline` holds the grid with the training cohort's
 * Nelson-Aalen cumulative hazard on it (a reference written to the artifact;
 * predictions never use it).
 *
 * Reference: Ishwaran H, Kogalur UB, Blackstone EH, Lauer MS (2008) Ann Appl
 * Stat 2:841-860 (ensemble cumulative hazard, mortality).
 */
import { DataValidationError } from '../../../util/errors.js';
import { lastIndexAtOrBefore } from '../../../util/step-index.js';
import type { ColumnTable } from '../../design/types.js';
import { gridForestChf, gridMortality } from '../forest/grid-forest.js';
import type { GridForest } from '../forest/grid-forest.js';
import type { RandomSurvivalForest } from '../forest/random-survival-forest.js';
import type { GridBaseline, TimeUnit } from './baseline-grid.js';
import { designFromTable } from './design-spec.js';
import type { DesignSpec } from './design-spec.js';
import type { SurvivalPrediction, TrainedModel, TrainingData } from './types.js';

/** Index of the last grid point <= t (0 below the first point: the grid starts at 0 and horizons are >= 0). */
const stepIndex = (grid: readonly number[], t: number): number => Math.max(0, lastIndexAtOrBefore(grid, t));

/** What {@link TrainedRsfModel} is built from. */
export interface RsfInit {
  formula: string;
  spec: DesignSpec;
  /** The grid with the training cohort's Nelson-Aalen on it (reference only). */
  baseline: GridBaseline;
  timeUnit: TimeUnit;
  /** Training data; `score` holds the apparent (in-bag) gridded mortality of the training rows. */
  training: TrainingData;
  forest: RandomSurvivalForest;
  gridForest: GridForest;
  details: Record<string, unknown>;
  warnings: string[];
}

/**
 * A trained random survival forest risk model (immutable after
 * construction). Accepted wherever a {@link TrainedModel} is: validation,
 * resampling, the artifact builder, the CLI.
 */
export class TrainedRsfModel implements TrainedModel {
  readonly kind = 'rsf' as const;
  readonly formula: string;
  readonly spec: DesignSpec;
  readonly baseline: GridBaseline;
  readonly timeUnit: TimeUnit;
  readonly training: TrainingData;
  readonly details: Record<string, unknown>;
  readonly warnings: string[];
  /** The grown forest (event-time resolution; not exported). */
  readonly forest: RandomSurvivalForest;
  /** The forest with leaf hazards on `baseline.grid`: predictions and the artifact use it. */
  readonly gridForest: GridForest;

  constructor(init: RsfInit) {
    this.formula = init.formula;
    this.spec = init.spec;
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
