// Golden comparisons against R 4.2.2 / survival 3.5-3 / stats glm and optim: see test/golden/tte.R
// (weighted Aalen-Johansen with IJ influence clustered by patient, weighted coxph with cluster(),
// one clone-censor-weight analysis step by step, empirical calibration by maximum likelihood).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cloneCensorWeight } from '../../../models/causal/clone-censor-weight.js';
import { calibrateEstimate, fitSystematicError } from '../../../models/causal/empirical-calibration.js';
import { personIntervals } from '../../../models/causal/person-intervals.js';
import { naiveHazardRatio, riskContrasts, weightedHazardRatio } from '../../../models/causal/tte-effects.js';
import { intervalGrid } from '../../../models/causal/tte-grid.js';
import { clusterInfluence, riskAt, weightedCumulativeIncidence } from '../../../models/causal/weighted-aalen-johansen.js';

interface Est { estimate: number; se: number; lower: number; upper: number }
interface Golden {
  part1: { rows: { patient: number; start: number; stop: number; status: number; w: number }[]; times: number[]; risk: number[]; clusterSe: number[]; curveTime: number[]; curveRisk: number[]; curveCompeting: number[] };
  part2: { arm: number[]; coef: number; robustSe: number; naiveSe: number };
  part3: {
    input: { exit: number[]; status: number[]; start: number[]; age: number[]; x: number[]; graceDays: number; horizonDays: number; intervalDays: number };
    personIntervals: { patient: number[]; interval: number[]; y: number[] };
    glm: { terms: string[]; coef: number[]; se: number[]; fitted: number[] };
    clones: { patient: number[]; arm: number[]; start: number[]; stop: number[]; status: number[]; w: number[] };
    riskTreatment: number; riskControl: number;
    riskDifference: Est; riskRatio: Est;
    hazardRatio: { coef: number; robustSe: number; estimate: number; lower: number; upper: number };
    naive: { coef: number; se: number };
  };
  part4: { estimates: number[]; se: number[]; mu: number; tau: number; logLik: number; theta: number; thetaSe: number; calibratedP: number; calibratedLower: number; calibratedUpper: number };
}
const g = JSON.parse(readFileSync('test/golden/tte.json', 'utf8')) as Golden;

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
function expectClose(actual: ArrayLike<number>, expected: readonly number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  let max = 0;
  for (let i = 0; i < expected.length; i++) max = Math.max(max, rel(actual[i]!, expected[i]!));
  expect(max).toBeLessThan(tol);
}

describe('weighted Aalen-Johansen vs survfit(weights =, id =, influence = TRUE)', () => {
  const r = g.part1.rows;
  const rows = {
    start: Float64Array.from(r, (x) => x.start),
    stop: Float64Array.from(r, (x) => x.stop),
    status: Float64Array.from(r, (x) => x.status),
    weight: Float64Array.from(r, (x) => x.w),
    cluster: Int32Array.from(r, (x) => x.patient),
  };
  const curve = weightedCumulativeIncidence(rows);

  it('gives pstate of the cause-1 and cause-2 states at every event time', () => {
    // R's curve also has the censoring times; ours only the event times
    const at = Array.from(curve.time, (t) => g.part1.curveTime.indexOf(t));
    expect(at.every((j) => j >= 0)).toBe(true);
    expect(curve.time.length).toBe(16);
    expectClose(curve.risk, at.map((j) => g.part1.curveRisk[j]!), 1e-10);
    expectClose(curve.competingRisk, at.map((j) => g.part1.curveCompeting[j]!), 1e-10);
  });

  it('gives the robust SE clustered by patient from the IJ influence', () => {
    const n = 40;
    g.part1.times.forEach((t, j) => {
      expect(rel(riskAt(curve, t), g.part1.risk[j]!)).toBeLessThan(1e-10);
      const u = clusterInfluence(rows, curve, t, n);
      const se = Math.sqrt(u.reduce((s, v) => s + v * v, 0));
      expect(rel(se, g.part1.clusterSe[j]!)).toBeLessThan(1e-8);
    });
  });
});

describe('pooled logistic censoring model, clone rows and effects vs the step-by-step R analysis', () => {
  const p3 = g.part3;
  const inp = p3.input;
  const start = inp.start.map((s) => (s < 0 ? Infinity : s));
  const patients = {
    exit: inp.exit,
    status: inp.status,
    start,
    baseline: [{ name: 'age', values: inp.age }, { name: 'x', values: inp.x }],
  };
  const options = { graceDays: inp.graceDays, horizonDays: inp.horizonDays, intervalDays: inp.intervalDays };
  const ccw = cloneCensorWeight(patients, options);
  const n = inp.exit.length;

  it('builds the person-intervals at risk of starting in the grace period', () => {
    const grid = intervalGrid({ intervalDays: 30, graceDays: 90, endDays: 360 });
    const exitH = inp.exit.map((e) => Math.min(e, 360));
    const rows = personIntervals(grid, { from: new Float64Array(n), event: start, exit: exitH }, 1, grid.graceIntervals);
    expect(Array.from(rows.patient)).toEqual(p3.personIntervals.patient);
    expect(Array.from(rows.interval)).toEqual(p3.personIntervals.interval);
    expect(Array.from(rows.y)).toEqual(p3.personIntervals.y);
  });

  it('fits the starting hazard as glm(y ~ factor(interval) + age + x, binomial)', () => {
    expect(ccw.initiation.terms).toEqual(p3.glm.terms);
    expectClose(ccw.initiation.coefficients, p3.glm.coef, 1e-7);
    // summary.glm's SEs use the working weights of the last IRLS iteration, ours the converged fit: 1e-4 apart here
    expectClose(ccw.initiation.se, p3.glm.se, 1e-4);
    expectClose(ccw.initiation.fitted, p3.glm.fitted, 1e-7);
  });

  it('censors and weights each clone as R: same weight on every (start, stop] piece', () => {
    const c = p3.clones;
    const rows = ccw.rows;
    let checked = 0;
    for (let q = 0; q < c.patient.length; q++) {
      const hit: number[] = [];
      for (let r = 0; r < rows.patient.length; r++) {
        if (rows.patient[r] === c.patient[q] && rows.arm[r] === c.arm[q] && rows.start[r]! <= c.start[q]! && rows.stop[r]! >= c.stop[q]!) hit.push(r);
      }
      expect(hit.length, `clone row ${q + 1}`).toBe(1);
      const r = hit[0]!;
      expect(rel(rows.weight[r]!, c.w[q]!)).toBeLessThan(1e-7);
      if (rows.stop[r] === c.stop[q]) expect(rows.status[r]).toBe(c.status[q]);
      checked++;
    }
    expect(checked).toBe(c.patient.length);
    // the R rows cover exactly the TS rows (same follow-up per clone)
    const total = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + (b[i]! - v), 0);
    expect(total(rows.start, rows.stop)).toBeCloseTo(total(c.start, c.stop), 9);
  });

  it('gives the risks at the horizon, their difference and ratio with IJ intervals clustered by patient', () => {
    const rc = riskContrasts(ccw.rows, n, inp.horizonDays);
    expect(rel(rc.riskTreatment, p3.riskTreatment)).toBeLessThan(1e-7);
    expect(rel(rc.riskControl, p3.riskControl)).toBeLessThan(1e-7);
    for (const k of ['estimate', 'se', 'lower', 'upper'] as const) {
      expect(rel(rc.difference[k], p3.riskDifference[k])).toBeLessThan(1e-6);
      expect(rel(rc.ratio[k], p3.riskRatio[k])).toBeLessThan(1e-6);
    }
  });

  it('gives the hazard ratio of coxph(Surv(start, stop, status == 1) ~ arm + cluster(patient), weights = w)', () => {
    const hr = weightedHazardRatio(ccw.rows);
    expect(rel(Math.log(hr.estimate), p3.hazardRatio.coef)).toBeLessThan(1e-6);
    expect(rel(hr.se, p3.hazardRatio.robustSe)).toBeLessThan(1e-6);
    expect(rel(hr.lower, p3.hazardRatio.lower)).toBeLessThan(1e-6);
    expect(rel(hr.upper, p3.hazardRatio.upper)).toBeLessThan(1e-6);
  });

  it('gives the naive ever-started Cox model of R', () => {
    const exitH = inp.exit.map((e) => Math.min(e, 360));
    const statusH = inp.exit.map((e, i) => (e <= 360 ? inp.status[i]! : 0));
    const ever = start.map((s, i) => (s < exitH[i]! ? 1 : 0));
    const nv = naiveHazardRatio({ exit: exitH, status: statusH, ever, covariates: patients.baseline });
    expect(rel(Math.log(nv.estimate), p3.naive.coef)).toBeLessThan(1e-7);
    expect(rel(nv.se, p3.naive.se)).toBeLessThan(1e-6);
  });
});

describe('weighted Cox with cluster() vs coxph', () => {
  it('matches coefficient and robust SE on the delayed-entry data', () => {
    const r = g.part1.rows;
    const rows = {
      patient: Int32Array.from(r, (x) => x.patient),
      arm: Uint8Array.from(g.part2.arm),
      start: Float64Array.from(r, (x) => x.start),
      stop: Float64Array.from(r, (x) => x.stop),
      status: Uint8Array.from(r, (x) => x.status),
      weight: Float64Array.from(r, (x) => x.w),
    };
    const hr = weightedHazardRatio(rows);
    expect(rel(Math.log(hr.estimate), g.part2.coef)).toBeLessThan(1e-7);
    expect(rel(hr.se, g.part2.robustSe)).toBeLessThan(1e-7);
  });
});

describe('empirical calibration vs the ML fit of R optim', () => {
  const p4 = g.part4;
  const fit = fitSystematicError(p4.estimates, p4.se);
  it('fits mu and tau of the systematic-error distribution', () => {
    expect(rel(fit.mu, p4.mu)).toBeLessThan(1e-5);
    expect(rel(fit.tau, p4.tau)).toBeLessThan(1e-5);
    expect(fit.logLik).toBeGreaterThanOrEqual(p4.logLik - 1e-9);
  });
  it('calibrates the p-value and the interval', () => {
    const c = calibrateEstimate(p4.theta, p4.thetaSe, fit);
    expect(rel(c.calibratedP, p4.calibratedP)).toBeLessThan(1e-5);
    expect(rel(c.lower, p4.calibratedLower)).toBeLessThan(1e-5);
    expect(rel(c.upper, p4.calibratedUpper)).toBeLessThan(1e-5);
  });
});
