/**
 * Options of the neural Cox model (DeepSurv), gathered and validated in one
 * place. Defaults follow Katzman JL et al. (2018) "DeepSurv", BMC Med Res
 * Methodol 18:24 in spirit (small MLP, Adam, L2 penalty, early stopping on a
 * validation split), scaled down for small clinical cohorts.
 */
import { UsageError } from '../../../util/errors.js';

/** Options of {@link deepSurvRiskModel}. */
export interface DeepSurvOptions {
  /** Hidden layer widths. Default [16] (one hidden layer of 16 units). */
  hidden?: readonly number[];
  /** Hidden activation. Default 'relu'. */
  activation?: 'relu' | 'tanh' | 'selu';
  /** Adam learning rate. Default 0.01. */
  learningRate?: number;
  /** L2 penalty on the weights (added to the mean negative log partial likelihood). Default 1e-4. */
  l2?: number;
  /** Maximum epochs (full-batch gradient steps). Default 300. */
  maxEpochs?: number;
  /** Early stopping: epochs without improvement of the validation loss. Default 20. */
  patience?: number;
  /** Improvement smaller than this does not count. Default 1e-4. */
  tol?: number;
  /** Share of rows held out for early stopping (0 = none: train maxEpochs). Default 0.2. */
  validationFraction?: number;
  /** Seed of the initial weights and of the validation split. Default 1. */
  seed?: number;
}

/** Options with every default filled in. */
export type DeepSurvSettings = Required<DeepSurvOptions> & { hidden: number[] };

/** Fills and validates the options. @throws UsageError naming the bad option. */
export function deepSurvSettings(o: DeepSurvOptions = {}): DeepSurvSettings {
  const s: DeepSurvSettings = {
    hidden: [...(o.hidden ?? [16])],
    activation: o.activation ?? 'relu',
    learningRate: o.learningRate ?? 0.01,
    l2: o.l2 ?? 1e-4,
    maxEpochs: o.maxEpochs ?? 300,
    patience: o.patience ?? 20,
    tol: o.tol ?? 1e-4,
    validationFraction: o.validationFraction ?? 0.2,
    seed: o.seed ?? 1,
  };
  if (!s.hidden.every((h) => Number.isInteger(h) && h >= 1)) throw new UsageError(`deepSurv: hidden must be positive integers, got ${JSON.stringify(s.hidden)}`);
  if (!['relu', 'tanh', 'selu'].includes(s.activation)) throw new UsageError(`deepSurv: unknown activation '${s.activation}'`);
  if (!(s.learningRate > 0)) throw new UsageError(`deepSurv: learningRate must be > 0, got ${s.learningRate}`);
  if (!(s.l2 >= 0)) throw new UsageError(`deepSurv: l2 must be >= 0, got ${s.l2}`);
  if (!(Number.isInteger(s.maxEpochs) && s.maxEpochs >= 1)) throw new UsageError(`deepSurv: maxEpochs must be a positive integer, got ${s.maxEpochs}`);
  if (!(Number.isInteger(s.patience) && s.patience >= 1)) throw new UsageError(`deepSurv: patience must be a positive integer, got ${s.patience}`);
  if (!(s.validationFraction >= 0 && s.validationFraction < 0.9)) throw new UsageError(`deepSurv: validationFraction must be in [0, 0.9), got ${s.validationFraction}`);
  return s;
}
