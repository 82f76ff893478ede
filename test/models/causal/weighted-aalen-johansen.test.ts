// Oracles: 1 - Kaplan-Meier (no competing cause), cmprsk's cuminc (unweighted competing risks),
// and finite differences of the estimate in one row's weight for the IJ influence.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clusterInfluence, riskAt, weightedCumulativeIncidence, type RiskRows } from '../../../models/causal/weighted-aalen-johansen.js';
import { cumulativeIncidence } from '../../../models/survival/competing-risks/cumulative-incidence.js';
import { kaplanMeier } from '../../../models/survival/kaplan-meier/kaplan-meier.js';
import { UsageError } from '../../../util/errors.js';
import { seededRandom } from '../../../util/random.js';

function rows(n: number, seed: number, competing: boolean, weighted: boolean): RiskRows {
  const rand = seededRandom(seed);
  const stop = Float64Array.from({ length: n }, () => 1 + Math.floor(rand() * 60));
  return {
    start: new Float64Array(n),
    stop,
    status: Float64Array.from({ length: n }, () => (rand() < 0.3 ? 0 : competing && rand() < 0.35 ? 2 : 1)),
    weight: Float64Array.from({ length: n }, () => (weighted ? 0.2 + 2 * rand() : 1)),
    cluster: Int32Array.from({ length: n }, (_, i) => i),
  };
}

describe('weightedCumulativeIncidence', () => {
  it('is 1 - Kaplan-Meier without a competing cause (weighted)', () => {
    const r = rows(80, 3, false, true);
    const curve = weightedCumulativeIncidence(r);
    const km = kaplanMeier('Surv(time, status) ~ 1', { time: r.stop as Float64Array, status: r.status as Float64Array, w: r.weight as Float64Array }, { weights: 'w' }).toJSON().strata[0]!;
    for (const t of [5, 20, 40, 59]) {
      const j = km.time.filter((x) => x <= t).length - 1;
      expect(riskAt(curve, t)).toBeCloseTo(1 - km.surv[j]!, 12);
    }
  });

  it('equals cmprsk cuminc for unweighted competing risks', () => {
    const r = rows(120, 5, true, false);
    const curve = weightedCumulativeIncidence(r);
    const ci = cumulativeIncidence('Surv(time, status) ~ 1', { time: r.stop as Float64Array, status: r.status as Float64Array });
    const at = ci.timepoints([10, 30, 55]);
    const est1 = Object.entries(at.est).find(([k]) => k.endsWith(' 1'))![1];
    [10, 30, 55].forEach((t, j) => expect(riskAt(curve, t)).toBeCloseTo(est1[j]!, 12));
  });

  it('treats delayed entry as a risk set that starts after `start`', () => {
    const r: RiskRows = { start: [0, 0, 5], stop: [10, 4, 12], status: [1, 0, 1], weight: [1, 1, 1], cluster: [0, 1, 2] };
    const c = weightedCumulativeIncidence(r);
    expect(Array.from(c.time)).toEqual([10, 12]);
    expect(Array.from(c.nRisk)).toEqual([2, 1]); // row 2 enters after 5; row 1 left at 4
    expect(riskAt(c, 12)).toBe(1);
  });

  it('refuses bad rows naming the row', () => {
    expect(() => weightedCumulativeIncidence({ start: [0, 3], stop: [2, 3], status: [1, 0], weight: [1, 1], cluster: [0, 1] })).toThrow(/row 2/);
    expect(() => weightedCumulativeIncidence({ start: [0], stop: [2], status: [3], weight: [1], cluster: [0] })).toThrow(UsageError);
    expect(() => weightedCumulativeIncidence({ start: [0], stop: [2], status: [1], weight: [-1], cluster: [0] })).toThrow(/weight/);
  });
});

describe('clusterInfluence', () => {
  it('is w_r dF/dw_r: finite differences of the estimate in one row weight', () => {
    const r = rows(60, 9, true, true);
    // make it counting-process data: every third row enters late
    const start = Float64Array.from(r.stop, (s, i) => (i % 3 === 0 ? Math.max(0, s - 10) : 0));
    const base: RiskRows = { ...r, start };
    const t = 45;
    const u = clusterInfluence(base, weightedCumulativeIncidence(base), t, 60);
    for (const k of [0, 7, 13, 31, 50]) {
      const h = 1e-6;
      const w = Float64Array.from(base.weight);
      w[k] = w[k]! + h;
      const up = riskAt(weightedCumulativeIncidence({ ...base, weight: w }), t);
      w[k] = w[k]! - 2 * h;
      const down = riskAt(weightedCumulativeIncidence({ ...base, weight: w }), t);
      expect(u[k]!).toBeCloseTo(base.weight[k]! * (up - down) / (2 * h), 7);
    }
  });

  it('sums the rows of one cluster', () => {
    const r: RiskRows = { start: [0, 10, 0], stop: [10, 30, 20], status: [0, 1, 1], weight: [1, 2, 1], cluster: [0, 0, 1] };
    const c = weightedCumulativeIncidence(r);
    const split = clusterInfluence({ ...r, cluster: [0, 1, 2] }, c, 30, 3);
    const joined = clusterInfluence(r, c, 30, 2);
    expect(joined[0]).toBeCloseTo(split[0]! + split[1]!, 14);
    expect(joined[1]).toBeCloseTo(split[2]!, 14);
  });

  it('matches the golden clustered SEs (test/golden/tte.R part 1)', () => {
    const g = JSON.parse(readFileSync('test/golden/tte.json', 'utf8')) as { part1: { rows: { patient: number; start: number; stop: number; status: number; w: number }[]; clusterSe: number[]; times: number[] } };
    const rr: RiskRows = { start: g.part1.rows.map((x) => x.start), stop: g.part1.rows.map((x) => x.stop), status: g.part1.rows.map((x) => x.status), weight: g.part1.rows.map((x) => x.w), cluster: g.part1.rows.map((x) => x.patient) };
    const c = weightedCumulativeIncidence(rr);
    const se = Math.sqrt(clusterInfluence(rr, c, g.part1.times[1]!, 40).reduce((a, v) => a + v * v, 0));
    expect(se).toBeCloseTo(g.part1.clusterSe[1]!, 10);
  });
});
