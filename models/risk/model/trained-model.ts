/**
 * The trained proportional-hazards risk model (kinds cox, coxnet, deepsurv):
 * design specification, centring and scaling of the design columns, score
 * function f (linear or MLP) and the Breslow baseline H0 on a grid;
 * S(t | x) = exp(-H0(t)·exp(f(x))). Implements {@link TrainedModel}. The same
 * arithmetic as {@link predictRisk} on the artifact, so a model and its
 * artifact predict identically.
 */
import { DataValidationError } from '../../../util/errors.js';
import { lastIndexAtOrBefore } from '../../../util/step-index.js';
import type { ColumnTable, ModelFrame } from '../../design/types.js';
import { mlpForward } from '../artifact/predict-risk.js';
import type { ModelKind, Predictor } from '../artifact/types.js';
import { breslowOnGrid } from './baseline-grid.js';
import type { GridBaseline, GridOptions, TimeUnit } from './baseline-grid.js';
import { designFromTable, designSpecFromFrame } from './design-spec.js';
import type { DesignSpec } from './design-spec.js';
import type { SurvivalPrediction, TrainedModel, TrainingData } from './types.js';

export type { SurvivalPrediction, TrainedRiskModel } from './types.js';

/** The kinds that are proportional-hazards score models (every kind but the forest). */
export type ScoreModelKind = Exclude<ModelKind, 'rsf'>;

/** What a fitting procedure hands to {@link TrainedScoreModel.fromFit}. */
export interface ScoreFit {
  kind: ScoreModelKind;
  frame: ModelFrame;
  center: Float64Array;
  scale: Float64Array;
  predictor: Predictor;
  /** Kind-specific details (e.g. lambda, epochs, convergence). */
  details: Record<string, unknown>;
  warnings: string[];
}

/** Index of the last grid point <= t (0 below the first point: the grid starts at 0 and horizons are >= 0). */
const stepIndex = (grid: readonly number[], t: number): number => Math.max(0, lastIndexAtOrBefore(grid, t));

/** A trained proportional-hazards score model (immutable after construction). */
export class TrainedScoreModel implements TrainedModel {
  readonly kind: ScoreModelKind;
  readonly formula: string;
  readonly spec: DesignSpec;
  readonly center: Float64Array;
  readonly scale: Float64Array;
  readonly predictor: Predictor;
  readonly baseline: GridBaseline;
  readonly timeUnit: TimeUnit;
  /** Training data as the model saw it (rows without missing values). */
  readonly training: TrainingData;
  readonly details: Record<string, unknown>;
  readonly warnings: string[];

  private constructor(init: Omit<TrainedScoreModel, 'scoreDesign' | 'predictScore' | 'predictSurvival'>) {
    this.kind = init.kind;
    this.formula = init.formula;
    this.spec = init.spec;
    this.center = init.center;
    this.scale = init.scale;
    this.predictor = init.predictor;
    this.baseline = init.baseline;
    this.timeUnit = init.timeUnit;
    this.training = init.training;
    this.details = init.details;
    this.warnings = init.warnings;
  }

  /**
   * Completes a fit: design specification from the frame, training scores and the Breslow baseline on the grid.
   * @throws DataValidationError when the frame has no `Surv(time, status)` response.
   */
  static fromFit(fit: ScoreFit, grid: GridOptions = {}): TrainedScoreModel {
    const { frame } = fit;
    if (!frame.time || !frame.status || frame.start)
      throw new DataValidationError([{ file: '<memory>', row: 0, field: null, message: 'a risk model needs a Surv(time, status) response' }]);
    const spec = designSpecFromFrame(frame);
    const partial = { predictor: fit.predictor, center: fit.center, scale: fit.scale };
    const score = scoreWith(partial, frame.x, frame.n);
    const baseline = breslowOnGrid(frame.time, frame.status, score, grid);
    return new TrainedScoreModel({
      kind: fit.kind,
      formula: frame.formula.text,
      spec,
      center: fit.center,
      scale: fit.scale,
      predictor: fit.predictor,
      baseline,
      timeUnit: grid.timeUnit ?? 'days',
      training: { time: frame.time, status: frame.status, x: frame.x, nDropped: frame.nDropped, score, rowIndex: frame.rowIndex },
      details: fit.details,
      warnings: [...fit.warnings],
    });
  }

  /** Scores f of a raw (uncentred) design, column-major. */
  scoreDesign(x: readonly Float64Array[]): Float64Array {
    return scoreWith(this, x, x[0]?.length ?? 0);
  }

  /**
   * Scores of new rows (larger = higher risk).
   * @throws DataValidationError for missing columns, values or unknown levels.
   */
  predictScore(rows: ColumnTable): Float64Array {
    const { x, n } = designFromTable(this.spec, rows);
    return scoreWith(this, x, n);
  }

  /**
   * Survival S(h | x) and risk 1 - S(h | x) of new rows at horizons (H0 a step function on the grid).
   * @throws DataValidationError for bad rows or a horizon outside [0, last grid point].
   * @example model.predictSurvival(newRows, [1095.75, 1826.25]).risk[0]
   */
  predictSurvival(rows: ColumnTable, horizons: readonly number[]): SurvivalPrediction {
    const score = this.predictScore(rows);
    const g = this.baseline.grid;
    const gmax = g[g.length - 1]!;
    horizons.forEach((h, i) => {
      if (!(h >= 0 && h <= gmax))
        throw new DataValidationError([{ file: '<input>', row: 0, field: `horizons[${i}]`, message: `horizon must be in [0, ${gmax}]`, value: h }]);
    });
    const survival = horizons.map((h) => {
      const H = this.baseline.cumulativeHazard[stepIndex(g, h)]!;
      return score.map((s) => Math.exp(-H * Math.exp(s)));
    });
    return { horizons: [...horizons], survival, risk: survival.map((s) => s.map((v) => 1 - v)) };
  }
}

function scoreWith(m: { predictor: Predictor; center: Float64Array; scale: Float64Array }, x: readonly Float64Array[], n: number): Float64Array {
  const p = m.center.length;
  const out = new Float64Array(n);
  const z = new Float64Array(p);
  const inv = m.scale.map((v) => 1 / v);
  const pred = m.predictor;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) z[j] = (x[j]![i]! - m.center[j]!) * inv[j]!;
    if (pred.type === 'linear') {
      let s = 0;
      for (let j = 0; j < p; j++) s += pred.coefficients[j]! * z[j]!;
      out[i] = s;
    } else out[i] = mlpForward(pred.layers, z)[0]!;
  }
  return out;
}
