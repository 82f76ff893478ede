import { describe, expect, it } from 'vitest';
import { coxph } from '../../../../models/survival/cox/cox.js';
import { coxSurvfit } from '../../../../models/survival/cox/cox-survfit.js';
import { predictSurvival } from '../../../../models/survival/cox/cox-predict-survival.js';
import { UsageError } from '../../../../util/errors.js';
import { readCsvColumns } from '../../../helpers/read-csv.js';

const veteran = readCsvColumns('datasets/veteran.csv');
const lung = readCsvColumns('datasets/lung.csv');

describe('predictSurvival', () => {
  it('codes one new patient with the fit levels, even when the row lacks other levels', () => {
    const fit = coxph('Surv(time, status) ~ trt + celltype + karno', veteran);
    const res = predictSurvival(fit, { trt: new Float64Array([1]), celltype: ['large'], karno: new Float64Array([60]) });
    // same as building the design row by hand: celltypelarge = 1 (reference: adeno)
    const names = fit.columnNames;
    const x = names.map((n) => new Float64Array([n === 'trt' ? 1 : n === 'karno' ? 60 : n === 'celltypelarge' ? 1 : 0]));
    const ref = coxSurvfit(fit.internals, { x });
    expect(res.curves).toHaveLength(1);
    expect(Array.from(res.curves[0]!.surv)).toEqual(Array.from(ref.curves[0]!.surv));
    // R 4.2.2, survival 3.5-3: summary(survfit(fit, newdata = data.frame(trt = 1, celltype = "large", karno = 60)), times = c(30, 100, 200))
    const at = res.survivalAt([30, 100, 200])[0]!;
    const rSurv = [0.815967938320427, 0.523196776677954, 0.24544636820049];
    const rSe = [0.0464193030886894, 0.0821547298834685, 0.076499781299275];
    rSurv.forEach((v, i) => expect(Math.abs((at.surv[i] as number) - v) / v).toBeLessThan(1e-6));
    // stdErr is that of the cumulative hazard (R: fit$std.err); summary() reports S * stdErr
    rSe.forEach((v, i) => expect(Math.abs((at.stdErr![i] as number) * (at.surv[i] as number) - v) / v).toBeLessThan(1e-5));
  });

  it('gives each row the curve of its stratum', () => {
    const fit = coxph('Surv(time, status) ~ age + strata(sex)', lung);
    const res = predictSurvival(fit, { age: new Float64Array([60, 60]), sex: new Float64Array([1, 2]) });
    expect(res.curves).toHaveLength(2);
    expect(res.curves[0]!.time.length).not.toBe(res.curves[1]!.time.length);
  });

  it('rejects missing covariates and unknown levels', () => {
    const fit = coxph('Surv(time, status) ~ trt + celltype', veteran);
    expect(() => predictSurvival(fit, { trt: new Float64Array([NaN]), celltype: ['large'] })).toThrow(UsageError);
    expect(() => predictSurvival(fit, { trt: new Float64Array([1]), celltype: ['huge'] })).toThrow();
  });
});
