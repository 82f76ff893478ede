import { describe, expect, it } from 'vitest';
import { loveFigure } from '../../../charts/index.js';
import { balanceTable, matchNearest, propensityScore, weightedEffect } from '../../../models/causal/index.js';
import { readCsvColumns } from '../../helpers/read-csv.js';

describe('matched-sample analysis on gbsg (hormon)', () => {
  const gbsg = readCsvColumns('datasets/gbsg.csv');
  const covs = ['age', 'meno', 'size', 'grade', 'nodes', 'pgr', 'er'];
  const ps = propensityScore(`hormon ~ ${covs.join(' + ')}`, gbsg);
  const m = matchNearest(ps.treatment, ps.logitPs);

  it('1:1 caliper matching improves balance and feeds loveFigure', () => {
    expect(m.nMatchedControls).toBe(m.nMatchedTreated); // 1:1 without replacement
    const rows = balanceTable(covs.map((name) => ({ name, values: gbsg[name] as Float64Array })), ps.treatment, m.weights, { sdDenominator: 'treated' });
    const maxBefore = Math.max(...rows.map((r) => Math.abs(r.smdBefore)));
    const maxAfter = Math.max(...rows.map((r) => Math.abs(r.smdAfter)));
    expect(maxAfter).toBeLessThan(0.1);
    expect(maxBefore).toBeGreaterThan(0.5);
    const fig = loveFigure(rows);
    expect(fig.data.length).toBeGreaterThan(0);
  });

  it('weighted Cox on the matched sample with the matched set as cluster', () => {
    const keep: number[] = [];
    m.weights.forEach((w, i) => { if (w > 0) keep.push(i); });
    const sub = {
      rfstime: Float64Array.from(keep, (i) => (gbsg.rfstime as Float64Array)[i]!),
      status: Float64Array.from(keep, (i) => (gbsg.status as Float64Array)[i]!),
      hormon: Float64Array.from(keep, (i) => ps.treatment[i]!),
      set: Float64Array.from(keep, (i) => m.matchedSet[i]!),
    };
    const r = weightedEffect('Surv(rfstime, status) ~ hormon + cluster(set)', sub, Float64Array.from(keep, (i) => m.weights[i]!), { treatment: 'hormon' });
    expect(r.effect.ratio).toBeLessThan(1); // hormone therapy lowers the hazard of recurrence (gbsg)
    expect(r.effect.upper).toBeGreaterThan(r.effect.lower);
    expect(Number.isFinite(r.effect.se)).toBe(true);
  });
});
