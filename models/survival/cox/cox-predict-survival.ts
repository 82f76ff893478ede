/**
 * Predicted survival curves of a fitted Cox model for new covariate values,
 * given as columns by name (as R's `survfit(fit, newdata = df)`): the new rows
 * are coded with the fit's factor levels (R's `xlevels`), then passed to
 * {@link coxSurvfit}.
 */
import { buildModelFrame } from '../../design/model-frame.js';
import { parseFormula } from '../../design/formula.js';
import type { ColumnTable } from '../../design/types.js';
import { UsageError } from '../../../util/errors.js';
import type { CoxFit } from './cox.js';
import { coxSurvfit, type CoxNewData, type CoxSurvfitOptions, type CoxSurvfitResult } from './cox-survfit.js';

/**
 * Survival curves for new patients from a Cox fit.
 * @param fit a fit from `coxph`
 * @param newdata one or more rows with every covariate of the model (and the
 *   strata columns, if the model has strata: then each row gets the curve of
 *   its stratum; without them, one curve per stratum, as R)
 * @param options confType ('log'), confLevel (0.95), se (true)
 * @throws UsageError when a row has a missing covariate or an unknown level or stratum
 * @example predictSurvival(coxph('Surv(time, status) ~ age + sex', lung), { age: new Float64Array([60]), sex: new Float64Array([2]) }).curves[0].surv
 */
export function predictSurvival(fit: CoxFit, newdata: ColumnTable, options: CoxSurvfitOptions = {}): CoxSurvfitResult {
  const parsed = parseFormula(fit.formula);
  const hasStrataColumns = parsed.strata.length > 0 && parsed.strata.every((s) => newdata[s] !== undefined);
  const formula = { ...parsed, response: null, cluster: null, strata: hasStrataColumns ? parsed.strata : [] };
  const frame = buildModelFrame(formula, newdata, { xlevels: fit.frame.levels });
  if (frame.nDropped > 0) throw new UsageError(`predictSurvival: ${frame.nDropped} new row(s) have missing covariate values`);
  const x = fit.columnNames.map((name) => {
    const j = frame.columnNames.indexOf(name);
    if (j < 0) throw new UsageError(`predictSurvival: the new data give no column '${name}' of the model`);
    return frame.x[j] as Float64Array;
  });
  const nd: CoxNewData = { x };
  if (frame.offset) nd.offset = frame.offset;
  if (hasStrataColumns && frame.strata) {
    const fitLabels = fit.frame.strataLabels;
    const codes = new Int32Array(frame.n);
    for (let i = 0; i < frame.n; i++) {
      const label = frame.strataLabels[frame.strata[i] as number] as string;
      const k = fitLabels.indexOf(label);
      if (k < 0) throw new UsageError(`predictSurvival: stratum '${label}' of new row ${i + 1} is not in the fit (${fitLabels.join(', ')})`);
      codes[i] = k;
    }
    nd.strata = codes;
  }
  return coxSurvfit(fit.internals, nd, options);
}
