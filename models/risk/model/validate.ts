/**
 * Validation summary of a risk model for its artifact: apparent Harrell's C
 * (of the score), Uno's C truncated at the largest horizon, IPCW
 * cumulative/dynamic AUC and IPCW Brier score at the horizons (of the
 * predicted risk 1 - S(h | x)), and Harrell's bootstrap optimism-corrected C
 * (the whole fit repeated on each bootstrap sample). Metric definitions:
 * models/risk/metrics (goldens there against R's survival and riskRegression).
 * Reference: Harrell FE, Lee KL, Mark DB (1996) Stat Med 15:361-387.
 */
import { UsageError } from '../../../util/errors.js';
import type { ProgressCallback } from '../../../util/progress.js';
import type { Column, ColumnTable } from '../../design/types.js';
import type { ValidationSummary } from '../artifact/types.js';
import { brierScore } from '../metrics/brier.js';
import { harrellC } from '../metrics/harrell-c.js';
import { bootstrapOptimism, takeRows } from '../metrics/resampling.js';
import { timeDependentAuc } from '../metrics/td-auc.js';
import { unoC } from '../metrics/uno-c.js';
import type { RiskModel, TrainedModel } from './types.js';

/** Options of {@link validateRiskModel}. */
export interface ValidateOptions {
  /** Horizons of AUC and Brier (and Uno's tau = the largest). Required. */
  horizons: readonly number[];
  /** Bootstrap replicates of the optimism correction. Default 0 (not done); Harrell suggests 200. */
  bootstrap?: number;
  /** Seed of the bootstrap. Default 1. */
  seed?: number;
  /** Progress of the bootstrap replicates (step 'bootstrap'). */
  onProgress?: ProgressCallback;
}

/** Rows of a column table (0-based, may repeat). */
export function tableRows(table: ColumnTable, rows: Int32Array): ColumnTable {
  const out: Record<string, Column> = {};
  for (const [k, col] of Object.entries(table)) {
    out[k] = col instanceof Float64Array ? takeRows(col, rows) : Array.from(rows, (r) => col[r] ?? null);
  }
  return out;
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * Validation metrics of a trained model of any kind on its training data
 * (apparent), with optional bootstrap optimism correction of Harrell's C.
 *
 * @param spec the model specification (refitted in the bootstrap).
 * @param model the model trained by `spec` on `data`.
 * @param data the training table.
 * @param options horizons (required), bootstrap (0), seed (1).
 * @returns the artifact's validation section.
 * @throws UsageError without horizons.
 * @example validateRiskModel(spec, spec.fit(gbsg), gbsg, { horizons: [1095.75, 1826.25], bootstrap: 200 })
 */
export function validateRiskModel(spec: RiskModel, model: TrainedModel, data: ColumnTable, options: ValidateOptions): ValidationSummary {
  const horizons = [...options.horizons];
  if (horizons.length === 0) throw new UsageError('validateRiskModel: at least one horizon is required');
  const { time, status, score, rowIndex } = model.training;
  const pred = model.predictSurvival(tableRows(data, rowIndex), horizons);
  const c = harrellC(time, status, score).c;
  const tau = Math.max(...horizons);
  const uno = unoC(time, status, score, { tau });
  const auc = timeDependentAuc(time, status, pred.risk, horizons).auc;
  const brier = brierScore(time, status, pred.risk, horizons).brier;
  const B = options.bootstrap ?? 0;
  const seed = options.seed ?? 1;
  let corrected: number | null = null;
  let note = `apparent performance on the ${time.length} training rows`;
  if (B > 0) {
    const used = tableRows(data, rowIndex);
    const opt = bootstrapOptimism(
      time.length,
      {
        fit: (rows) => spec.fit(tableRows(used, rows)),
        predict: (m, rows) => m.predictScore(tableRows(used, rows)),
      },
      (p, rows) => harrellC(takeRows(time, rows), takeRows(status, rows), p).c,
      { B, seed, onProgress: options.onProgress },
    );
    corrected = opt.corrected;
    note += `; optimism-corrected C from ${opt.used} of ${B} bootstrap replicates (Harrell 1996, seed ${seed})`;
  }
  return {
    harrellC: c,
    unoC: finiteOrNull(uno),
    unoTau: tau,
    auc: horizons.map((h, k) => ({ horizon: h, auc: finiteOrNull(auc[k]!) })),
    brier: horizons.map((h, k) => ({ horizon: h, brier: finiteOrNull(brier[k]!) })),
    optimismCorrectedC: corrected,
    bootstrapReplicates: B,
    note,
  };
}
