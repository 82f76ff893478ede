/**
 * Neural Cox risk model (DeepSurv), front end: formula → model frame →
 * standardized design (training mean and SD per column, stored in the
 * artifact's preprocessing) → {@link deepSurvFit} → Breslow baseline on the
 * grid with the network's score. Prediction does not need tfjs: the artifact
 * holds the weights and predictRisk runs the forward pass in plain JavaScript.
 * Reference: Katzman JL et al. (2018) BMC Med Res Methodol 18:24.
 */
import * as tf from '@tensorflow/tfjs';
import { FormulaError } from '../../../util/errors.js';
import { buildModelFrame } from '../../design/model-frame.js';
import type { ColumnTable, FactorOptions } from '../../design/types.js';
import type { GridOptions } from '../model/baseline-grid.js';
import { TrainedScoreModel } from '../model/trained-model.js';
import type { RiskModel } from '../model/types.js';
import { deepSurvSettings } from './deep-surv-control.js';
import type { DeepSurvOptions } from './deep-surv-control.js';
import { deepSurvFit } from './deep-surv-fit.js';

/** Options of {@link deepSurvRiskModel}: network/training options plus design and grid. */
export interface DeepSurvRiskModelOptions extends DeepSurvOptions {
  factors?: Readonly<Record<string, FactorOptions>>;
  /** Baseline grid (time unit default 'days', monthly step, minAtRisk 10). */
  grid?: GridOptions;
}

/**
 * A neural Cox risk model specification. `train` sets the tfjs 'cpu' backend
 * first; `fit` (synchronous) requires it to be set already.
 *
 * @param formula `Surv(time, status) ~ terms`.
 * @param options see {@link DeepSurvOptions} (hidden [16], relu, lr 0.01, l2 1e-4, maxEpochs 300, patience 20, validationFraction 0.2, seed 1), factors, grid.
 * @returns a {@link RiskModel} of kind 'deepsurv'.
 * @throws UsageError for invalid options.
 * @example await deepSurvRiskModel('Surv(time, status) ~ x1 + x2', { maxEpochs: 50 }).train(data)
 */
export function deepSurvRiskModel(formula: string, options: DeepSurvRiskModelOptions = {}): RiskModel<TrainedScoreModel> {
  const { factors, grid, ...net } = options;
  const settings = deepSurvSettings(net);
  const fit = (data: ColumnTable): TrainedScoreModel => {
    const frame = buildModelFrame(formula, data, factors ? { factors } : {});
    if (!frame.time || !frame.status || frame.start) throw new FormulaError(formula, 'deepSurv needs a right-censored Surv(time, status) response');
    const p = frame.x.length;
    const center = new Float64Array(p);
    const scale = new Float64Array(p);
    const z = frame.x.map((col, j) => {
      let m = 0;
      for (const v of col) m += v;
      m /= col.length;
      let ss = 0;
      for (const v of col) ss += (v - m) * (v - m);
      const sd = Math.sqrt(ss / Math.max(1, col.length - 1));
      center[j] = m;
      scale[j] = sd > 0 ? sd : 1;
      return col.map((v) => (v - m) / scale[j]!);
    });
    const r = deepSurvFit(z, frame.time, frame.status, settings);
    return TrainedScoreModel.fromFit(
      {
        kind: 'deepsurv',
        frame,
        center,
        scale,
        predictor: { type: 'mlp', layers: r.layers },
        details: { settings, iterations: r.iterations, bestEpoch: r.bestEpoch, converged: r.converged, trainLoss: r.trainLoss, validationLoss: r.validationLoss },
        warnings: [...frame.warnings, ...r.warnings],
      },
      grid,
    );
  };
  return {
    kind: 'deepsurv',
    formula,
    fit,
    train: async (data) => {
      await tf.setBackend('cpu');
      await tf.ready();
      return fit(data);
    },
  };
}
