/**
 * Validation metrics versus R (test/golden/risk-metrics.R -> risk-metrics.json):
 * survival 3.5-3 `concordance(..., reverse = TRUE)` (Harrell) and
 * `timewt = "n/G2", ymax = tau` (Uno); riskRegression 2022.11.28
 * `Score(..., metrics = c("auc", "brier"), cens.model = "km")`; calibration
 * slope / ICI against the R reference in the script. Tolerances: 1e-9
 * relative for C, AUC, Brier; 1e-6 for slope, ICI, E50, E90.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { harrellC } from '../../../../models/risk/metrics/harrell-c.js';
import { unoC } from '../../../../models/risk/metrics/uno-c.js';
import { timeDependentAuc } from '../../../../models/risk/metrics/td-auc.js';
import { brierScore } from '../../../../models/risk/metrics/brier.js';
import { calibrationAtHorizon } from '../../../../models/risk/metrics/calibration.js';

const g = JSON.parse(readFileSync('test/golden/risk-metrics.json', 'utf8')) as {
  time: number[];
  status: number[];
  lp: number[];
  nodes: number[];
  times: number[];
  risk: number[][];
  harrell: { lp: { c: number; std: number }; nodes: { c: number; std: number } };
  uno: { lp_all: number; lp_1825: number; nodes_1095: number };
  score: { auc: number[]; brier: number[]; brier_null: number[]; auc_nodes: number[] };
  calibration: { horizon: number; slope: number; ici: number; e50: number; e90: number; observed: number; expected: number };
};
const time = Float64Array.from(g.time);
const status = Float64Array.from(g.status);
const lp = Float64Array.from(g.lp);
const nodes = Float64Array.from(g.nodes);
const risk = g.risk.map((r) => Float64Array.from(r));
const rel = (a: number, b: number, tol: number, what: string) =>
  expect(Math.abs(a - b), `${what}: ${a} vs R ${b}`).toBeLessThanOrEqual(tol * Math.abs(b));

describe('metrics match R on gbsg', () => {
  it("Harrell's C = concordance(reverse = TRUE), with its standard error", () => {
    const a = harrellC(time, status, lp);
    rel(a.c, g.harrell.lp.c, 1e-9, 'C(lp)');
    rel(a.se, g.harrell.lp.std, 1e-6, 'se(lp)');
    rel(harrellC(time, status, nodes).c, g.harrell.nodes.c, 1e-9, 'C(nodes)');
  });
  it("Uno's C = concordance(timewt = 'n/G2', ymax = tau)", () => {
    rel(unoC(time, status, lp), g.uno.lp_all, 1e-9, 'Uno lp');
    rel(unoC(time, status, lp, { tau: 1825 }), g.uno.lp_1825, 1e-9, 'Uno lp tau 1825');
    rel(unoC(time, status, nodes, { tau: 1095 }), g.uno.nodes_1095, 1e-9, 'Uno nodes tau 1095');
  });
  it('time-dependent AUC = riskRegression Score AUC (km censoring)', () => {
    const a = timeDependentAuc(time, status, risk, g.times);
    g.score.auc.forEach((v, k) => rel(a.auc[k]!, v, 1e-9, `AUC(${g.times[k]})`));
    const b = timeDependentAuc(time, status, nodes, g.times);
    g.score.auc_nodes.forEach((v, k) => rel(b.auc[k]!, v, 1e-9, `AUC nodes(${g.times[k]})`));
  });
  it('Brier score = riskRegression Score Brier (km censoring), and the null model', () => {
    const b = brierScore(time, status, risk, g.times);
    g.score.brier.forEach((v, k) => rel(b.brier[k]!, v, 1e-9, `Brier(${g.times[k]})`));
    g.score.brier_null.forEach((v, k) => rel(b.brierNull[k]!, v, 1e-9, `Brier null(${g.times[k]})`));
  });
  it('calibration slope, O/E and ICI at 1825 days = R reference', () => {
    const c = calibrationAtHorizon(time, status, risk[3]!, g.calibration.horizon);
    rel(c.slope, g.calibration.slope, 1e-6, 'slope');
    rel(c.observed, g.calibration.observed, 1e-9, 'observed');
    rel(c.expected, g.calibration.expected, 1e-12, 'expected');
    rel(c.ici, g.calibration.ici, 1e-6, 'ICI');
    rel(c.e50, g.calibration.e50, 1e-6, 'E50');
    rel(c.e90, g.calibration.e90, 1e-6, 'E90');
    expect(c.groups.length).toBe(10);
    expect(c.groups.reduce((s, x) => s + x.n, 0)).toBe(time.length);
  });
});
