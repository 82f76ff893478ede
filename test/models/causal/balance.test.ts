import { describe, expect, it } from 'vitest';
import { balanceTable, ipWeights, propensityScore, standardizedMeanDifference } from '../../../models/causal/index.js';
import { UsageError } from '../../../util/errors.js';
import { readCsvColumns } from '../../helpers/read-csv.js';

describe('balance diagnostics', () => {
  it('hand-checked SMDs (continuous and binary)', () => {
    expect(standardizedMeanDifference([1, 2, 3, 4], [0, 0, 1, 1])).toBeCloseTo(2 / Math.sqrt(0.5), 12);
    // binary: p1 = 1, p0 = 0.5, pooled sd = sqrt((0 + 0.25) / 2)
    expect(standardizedMeanDifference([0, 1, 1, 1], [0, 0, 1, 1])).toBeCloseTo(0.5 / Math.sqrt(0.125), 12);
    // treated-SD denominator
    expect(standardizedMeanDifference([1, 2, 3, 5], [0, 0, 1, 1], null, { sdDenominator: 'treated' })).toBeCloseTo(2.5 / Math.sqrt(2), 12);
    // weights move the means, not the denominator
    expect(standardizedMeanDifference([1, 2, 3, 4], [0, 0, 1, 1], [1, 0, 1, 1])).toBeCloseTo(2.5 / Math.sqrt(0.5), 12);
    expect(() => standardizedMeanDifference([1, NaN], [0, 1])).toThrow(UsageError);
  });

  it('overlap weights from a logistic PS give exact mean balance (Li 2018) and rows fit loveFigure', () => {
    const gbsg = readCsvColumns('datasets/gbsg.csv');
    const covs = ['age', 'meno', 'size', 'nodes', 'er'];
    const before = covs.map((c) => Float64Array.from(gbsg[c] as Float64Array));
    const fit = propensityScore(`hormon ~ ${covs.join(' + ')}`, gbsg);
    covs.forEach((c, j) => expect(Array.from(gbsg[c] as Float64Array)).toEqual(Array.from(before[j]!))); // not mutated
    const w = ipWeights(fit.treatment, fit.ps, { estimand: 'ATO' }).weights;
    const rows = balanceTable(covs.map((name) => ({ name, values: gbsg[name] as Float64Array })), fit.treatment, w);
    for (const r of rows) {
      expect(Math.abs(r.smdAfter)).toBeLessThan(1e-7);
      expect(typeof r.covariate).toBe('string');
      expect(Number.isFinite(r.smdBefore)).toBe(true);
    }
    expect(Math.abs(rows.find((r) => r.covariate === 'meno')!.smdBefore)).toBeGreaterThan(0.5);
  });
});
